import AtelierKit

extension ThemeRound {
    /// What clients may ask, as `{"kind": …}` objects (see docs/activities/theme-round.md).
    public enum Intent: Sendable, Equatable {
        // The round (facilitators).
        case startRound(theme: String)
        case endRound
        /// Gives the floor to the next in the queue (ending the current turn first).
        case next
        /// Gives the floor to one who waits (facilitators; the speaker in talking-stick mode).
        case giveFloor(ParticipantID)
        case extend(seconds: Int)
        case skip(ParticipantID)
        case bringBack(ParticipantID)
        /// Moves a waiting member's slot to `position` (0: next) in the queue.
        case move(ParticipantID, position: Int)
        /// Makes two participants a territory's pair (*binôme*); `unpair` undoes it.
        case pair(ParticipantID, with: ParticipantID)
        case unpair(ParticipantID)
        // The speaker.
        case finish
        case pass
        // Cards.
        case post(text: String)
        case removeCard(card: Int)
        case dot(card: Int)
        case undot(card: Int)
        case addHeading(title: String)
        case renameHeading(heading: Int, title: String)
        case group(card: Int, heading: Int?)
    }
}

extension ThemeRound.Intent: Codable {
    /// Every field an intent may carry; `kind` says which are used.
    private struct Wire: Codable {
        var kind: String
        var theme: String?
        var participant: ParticipantID?
        var partner: ParticipantID?
        var seconds: Int?
        var position: Int?
        var text: String?
        var title: String?
        var card: Int?
        var heading: Int?
    }

    private struct Missing: Error {}

    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        func need<T>(_ value: T?) throws -> T {
            guard let value else { throw Missing() }
            return value
        }
        switch wire.kind {
        case "startRound": self = .startRound(theme: try need(wire.theme))
        case "endRound": self = .endRound
        case "next": self = .next
        case "giveFloor": self = .giveFloor(try need(wire.participant))
        case "extend": self = .extend(seconds: try need(wire.seconds))
        case "skip": self = .skip(try need(wire.participant))
        case "bringBack": self = .bringBack(try need(wire.participant))
        case "move": self = .move(try need(wire.participant), position: try need(wire.position))
        case "pair": self = .pair(try need(wire.participant), with: try need(wire.partner))
        case "unpair": self = .unpair(try need(wire.participant))
        case "finish": self = .finish
        case "pass": self = .pass
        case "post": self = .post(text: try need(wire.text))
        case "removeCard": self = .removeCard(card: try need(wire.card))
        case "dot": self = .dot(card: try need(wire.card))
        case "undot": self = .undot(card: try need(wire.card))
        case "addHeading": self = .addHeading(title: try need(wire.title))
        case "renameHeading": self = .renameHeading(heading: try need(wire.heading), title: try need(wire.title))
        case "group": self = .group(card: try need(wire.card), heading: wire.heading)
        default: throw Missing()
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let wire: Wire
        switch self {
        case .startRound(let theme): wire = Wire(kind: "startRound", theme: theme)
        case .endRound: wire = Wire(kind: "endRound")
        case .next: wire = Wire(kind: "next")
        case .giveFloor(let member): wire = Wire(kind: "giveFloor", participant: member)
        case .extend(let seconds): wire = Wire(kind: "extend", seconds: seconds)
        case .skip(let member): wire = Wire(kind: "skip", participant: member)
        case .bringBack(let member): wire = Wire(kind: "bringBack", participant: member)
        case .move(let member, let position): wire = Wire(kind: "move", participant: member, position: position)
        case .pair(let member, let partner): wire = Wire(kind: "pair", participant: member, partner: partner)
        case .unpair(let member): wire = Wire(kind: "unpair", participant: member)
        case .finish: wire = Wire(kind: "finish")
        case .pass: wire = Wire(kind: "pass")
        case .post(let text): wire = Wire(kind: "post", text: text)
        case .removeCard(let card): wire = Wire(kind: "removeCard", card: card)
        case .dot(let card): wire = Wire(kind: "dot", card: card)
        case .undot(let card): wire = Wire(kind: "undot", card: card)
        case .addHeading(let title): wire = Wire(kind: "addHeading", title: title)
        case .renameHeading(let heading, let title): wire = Wire(kind: "renameHeading", title: title, heading: heading)
        case .group(let card, let heading): wire = Wire(kind: "group", card: card, heading: heading)
        }
        try wire.encode(to: encoder)
    }
}
