import AtelierKit

/// Briefing: the facilitator shows instructions; participants mark themselves ready; the
/// facilitator sees who is ready before moving on (Parabol's "ready to advance").
public enum Briefing: Activity {
    /// Longest instructions, in characters.
    public static let maxInstructions = 4000
    /// Longest link, in characters.
    public static let maxLink = 500

    public static let manifest = ActivityManifest(
        id: "briefing", version: "1.0.0", names: ["fr": "Consignes", "en": "Briefing"],
        settings: [
            SettingSpec(
                key: "instructions", kind: .text(maxLength: maxInstructions), defaultValue: "",
                names: ["fr": "Consignes (Markdown)", "en": "Instructions (Markdown)"]),
            SettingSpec(
                key: "link", kind: .text(maxLength: maxLink), defaultValue: "",
                names: ["fr": "Lien (facultatif)", "en": "Link (optional)"]),
        ])

    /// The instructions, the optional link and who is ready.
    public struct State: Codable, Sendable, Equatable {
        /// Markdown shown to everyone.
        public var instructions: String
        /// An optional https link (a document, a video room).
        public var link: String
        /// Participants who said they are ready, in id order.
        public var ready: [ParticipantID]
    }

    /// What clients may ask.
    public enum Intent: Sendable, Equatable {
        /// "I'm ready."
        case markReady
        /// "Not ready after all."
        case markNotReady
        /// Facilitator: change the instructions and link.
        case updateInstructions(text: String, link: String)
        /// Facilitator: everyone back to not ready.
        case resetReady
    }

    /// What happened.
    public enum Event: Codable, Sendable, Equatable {
        /// A participant is ready.
        case readyMarked(ParticipantID)
        /// A participant is no longer ready.
        case readyCleared(ParticipantID)
        /// New instructions.
        case instructionsUpdated(text: String, link: String)
        /// Nobody is ready any more.
        case readyReset
    }

    public static func start(settings: ActivitySettings) -> State {
        State(instructions: settings.text("instructions"), link: settings.text("link"), ready: [])
    }

    public static func decide(_ intent: Intent, in state: State, context: ActivityContext) -> Result<
        [Event], Rejection
    > {
        switch intent {
        case .markReady, .markNotReady:
            guard context.role == .participant else {
                return .failure(.forbidden("only participants mark themselves ready"))
            }
            let isReady = state.ready.contains(context.actor)
            if case .markReady = intent {
                return .success(isReady ? [] : [.readyMarked(context.actor)])
            }
            return .success(isReady ? [.readyCleared(context.actor)] : [])
        case .updateInstructions(let text, let link):
            guard context.role.facilitates else { return .failure(.forbidden("only facilitators edit instructions")) }
            guard text.count <= maxInstructions else {
                return .failure(Rejection(.tooLarge, "instructions are longer than \(maxInstructions) characters"))
            }
            guard link.count <= maxLink else {
                return .failure(Rejection(.tooLarge, "the link is longer than \(maxLink) characters"))
            }
            guard link.isEmpty || link.hasPrefix("https://") || link.hasPrefix("http://") else {
                return .failure(.badRequest("the link must start with https:// or http://"))
            }
            return .success([.instructionsUpdated(text: text, link: link)])
        case .resetReady:
            guard context.role.facilitates else { return .failure(.forbidden("only facilitators reset readiness")) }
            return .success(state.ready.isEmpty ? [] : [.readyReset])
        }
    }

    public static func apply(_ event: Event, to state: inout State) {
        switch event {
        case .readyMarked(let participant):
            if !state.ready.contains(participant) {  // kept sorted: inserted in its place
                state.ready.insert(participant, at: state.ready.firstIndex { $0 > participant } ?? state.ready.endIndex)
            }
        case .readyCleared(let participant):
            state.ready.removeAll { $0 == participant }
        case .instructionsUpdated(let text, let link):
            state.instructions = text
            state.link = link
        case .readyReset:
            state.ready = []
        }
    }

    /// Someone who was ready and stops taking part is no longer counted as ready.
    public static func forgetting(_ member: ParticipantID, in state: State) -> [Event] {
        state.ready.contains(member) ? [.readyCleared(member)] : []
    }

    public static func view(of state: State, for audience: Audience) -> JSONValue {
        var view: [String: JSONValue] = [
            "instructions": .string(state.instructions),
            "ready": .strings(state.ready.map(\.rawValue)),
            "readyCount": .int(state.ready.count),
        ]
        if !state.link.isEmpty { view["link"] = .string(state.link) }
        return .object(view)
    }

    /// Most characters of the instructions the minutes quote.
    public static let minutesExcerpt = 300

    /// The instructions' excerpt and the link, under a heading: what the group was asked.
    /// Who was ready is housekeeping and stays out of the document sent to the group.
    public static func minutes(of state: State, locale: String) -> String? {
        var lines = [catalogue.text("minutes.heading", locale)]
        let quoted = excerpt(of: state.instructions)
        if !quoted.isEmpty { lines += ["", quoted] }
        if !state.link.isEmpty { lines += ["", state.link] }
        return lines.joined(separator: "\n")
    }

    /// What the minutes quote of `instructions`: their first paragraph (up to the first
    /// blank line), cut after a whole word with "…" when longer than `minutesExcerpt`
    /// characters, and followed by " …" when later paragraphs are left out.
    public static func excerpt(of instructions: String) -> String {
        let text = instructions.trimmingWhitespace
        guard !text.isEmpty else { return "" }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let end = lines.firstIndex { $0.allSatisfy(\.isWhitespace) } ?? lines.endIndex
        let first = lines[..<end].joined(separator: "\n").trimmingWhitespace
        let short = first.shortened(to: minutesExcerpt)
        if short != first || end == lines.endIndex { return short }
        return first + " …"
    }

    /// What the minutes say, in each language.
    public static let catalogue: Catalogue = [
        "fr": ["minutes.heading": "### Consignes"],
        "en": ["minutes.heading": "### Briefing"],
    ]
}

extension Briefing.Intent: Codable {
    private enum Keys: String, CodingKey { case kind, text, link }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "markReady": self = .markReady
        case "markNotReady": self = .markNotReady
        case "resetReady": self = .resetReady
        case "updateInstructions":
            self = .updateInstructions(
                text: try container.decode(String.self, forKey: .text),
                link: try container.decodeIfPresent(String.self, forKey: .link) ?? "")
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown briefing intent \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .markReady: try container.encode("markReady", forKey: .kind)
        case .markNotReady: try container.encode("markNotReady", forKey: .kind)
        case .resetReady: try container.encode("resetReady", forKey: .kind)
        case .updateInstructions(let text, let link):
            try container.encode("updateInstructions", forKey: .kind)
            try container.encode(text, forKey: .text)
            try container.encode(link, forKey: .link)
        }
    }
}
