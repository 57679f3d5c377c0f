import AtelierKit

extension Voting {
    /// What clients may ask, as `{"kind": …}` objects (see docs/activities/vote.md).
    public enum Intent: Sendable, Equatable {
        /// Facilitators, while in draft: the question and the options (one per line).
        case draft(question: String, options: [String])
        /// Facilitators: open (or reopen) the vote, closing by itself after `minutes` if given.
        case open(minutes: Int?)
        case close
        case publish
        case cancel
        /// A voter's ballot; a secret vote needs the `seal` the voter's device drew (the
        /// same one to change the ballot).
        case cast(ballot: Ballot, seal: String?)
    }
}

extension Voting.Intent: Codable {
    private enum Keys: String, CodingKey { case kind, question, options, minutes, ballot, seal }
    private struct Unknown: Error {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "draft":
            self = .draft(
                question: try container.decode(String.self, forKey: .question),
                options: try container.decode([String].self, forKey: .options))
        case "open": self = .open(minutes: try container.decodeIfPresent(Int.self, forKey: .minutes))
        case "close": self = .close
        case "publish": self = .publish
        case "cancel": self = .cancel
        case "cast":
            let value = try container.decode(JSONValue.self, forKey: .ballot)
            self = .cast(ballot: try BallotFile.ballot(value, at: 1).ballot, seal: try container.decodeIfPresent(String.self, forKey: .seal))
        default: throw Unknown()
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .draft(let question, let options):
            try container.encode("draft", forKey: .kind)
            try container.encode(question, forKey: .question)
            try container.encode(options, forKey: .options)
        case .open(let minutes):
            try container.encode("open", forKey: .kind)
            try container.encodeIfPresent(minutes, forKey: .minutes)
        case .close: try container.encode("close", forKey: .kind)
        case .publish: try container.encode("publish", forKey: .kind)
        case .cancel: try container.encode("cancel", forKey: .kind)
        case .cast(let ballot, let seal):
            try container.encode("cast", forKey: .kind)
            var entry = BallotFile.entry(CountedBallot(ballot: ballot)).objectValue ?? [:]
            entry["count"] = nil
            try container.encode(JSONValue.object(entry), forKey: .ballot)
            try container.encodeIfPresent(seal, forKey: .seal)
        }
    }
}
