import AtelierKit

extension PeerConsultation {
    /// What clients may ask, as `{"kind": …}` objects (see docs/activities/peer-consultation.md).
    public enum Intent: Sendable, Equatable {
        // Phase 0: choosing the client.
        case propose(text: String)
        /// Votes for a proposal; voting for one's current choice withdraws the vote.
        case vote(proposal: Int)
        case pickProposal(proposal: Int)
        case nameClient(ParticipantID)
        // Moving (facilitators).
        case nextPhase
        case previousPhase
        case extendPhase(minutes: Int)
        /// Back to phase 0 of the current case, its content cleared (to change the client).
        case restartCase
        // Content.
        case pinSummary(text: String)
        case post(kind: CardKind, text: String, tag: Int?, frame: LearningFrame?)
        case answer(card: Int, text: String)
        case flag(card: Int, flagged: Bool)
        case setContract(items: [String])
        case askPrecision(card: Int, text: String)
        case writeNotes(text: String)
        case addAction(what: String, due: String, resources: String, source: Int?)
        case removeAction(item: Int)
        // Speaking turns.
        case raiseHand
        case lowerHand
        case giveFloor(ParticipantID)
        case endTurn
    }
}

extension PeerConsultation.Intent: Codable {
    /// Every field an intent may carry; `kind` says which are used.
    private struct Wire: Codable {
        var kind: String
        var text: String?
        var proposal: Int?
        var participant: ParticipantID?
        var minutes: Int?
        var card: Int?
        var cardKind: PeerConsultation.CardKind?
        var tag: Int?
        var frame: PeerConsultation.LearningFrame?
        var flagged: Bool?
        var items: [String]?
        var what: String?
        var due: String?
        var resources: String?
        var source: Int?
        var item: Int?
    }

    private struct Missing: Error {}

    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        func need<T>(_ value: T?) throws -> T {
            guard let value else { throw Missing() }
            return value
        }
        switch wire.kind {
        case "propose": self = .propose(text: try need(wire.text))
        case "vote": self = .vote(proposal: try need(wire.proposal))
        case "pickProposal": self = .pickProposal(proposal: try need(wire.proposal))
        case "nameClient": self = .nameClient(try need(wire.participant))
        case "nextPhase": self = .nextPhase
        case "previousPhase": self = .previousPhase
        case "extendPhase": self = .extendPhase(minutes: try need(wire.minutes))
        case "restartCase": self = .restartCase
        case "pinSummary": self = .pinSummary(text: try need(wire.text))
        case "post":
            self = .post(kind: try need(wire.cardKind), text: try need(wire.text), tag: wire.tag, frame: wire.frame)
        case "answer": self = .answer(card: try need(wire.card), text: try need(wire.text))
        case "flag": self = .flag(card: try need(wire.card), flagged: wire.flagged ?? true)
        case "setContract": self = .setContract(items: try need(wire.items))
        case "askPrecision": self = .askPrecision(card: try need(wire.card), text: try need(wire.text))
        case "writeNotes": self = .writeNotes(text: try need(wire.text))
        case "addAction":
            self = .addAction(
                what: try need(wire.what), due: wire.due ?? "", resources: wire.resources ?? "", source: wire.source)
        case "removeAction": self = .removeAction(item: try need(wire.item))
        case "raiseHand": self = .raiseHand
        case "lowerHand": self = .lowerHand
        case "giveFloor": self = .giveFloor(try need(wire.participant))
        case "endTurn": self = .endTurn
        default: throw Missing()
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var wire: Wire
        switch self {
        case .propose(let text): wire = Wire(kind: "propose", text: text)
        case .vote(let proposal): wire = Wire(kind: "vote", proposal: proposal)
        case .pickProposal(let proposal): wire = Wire(kind: "pickProposal", proposal: proposal)
        case .nameClient(let participant): wire = Wire(kind: "nameClient", participant: participant)
        case .nextPhase: wire = Wire(kind: "nextPhase")
        case .previousPhase: wire = Wire(kind: "previousPhase")
        case .extendPhase(let minutes): wire = Wire(kind: "extendPhase", minutes: minutes)
        case .restartCase: wire = Wire(kind: "restartCase")
        case .pinSummary(let text): wire = Wire(kind: "pinSummary", text: text)
        case .post(let kind, let text, let tag, let frame):
            wire = Wire(kind: "post", text: text, cardKind: kind, tag: tag, frame: frame)
        case .answer(let card, let text): wire = Wire(kind: "answer", text: text, card: card)
        case .flag(let card, let flagged): wire = Wire(kind: "flag", card: card, flagged: flagged)
        case .setContract(let items): wire = Wire(kind: "setContract", items: items)
        case .askPrecision(let card, let text): wire = Wire(kind: "askPrecision", text: text, card: card)
        case .writeNotes(let text): wire = Wire(kind: "writeNotes", text: text)
        case .addAction(let what, let due, let resources, let source):
            wire = Wire(kind: "addAction", what: what, due: due, resources: resources, source: source)
        case .removeAction(let item): wire = Wire(kind: "removeAction", item: item)
        case .raiseHand: wire = Wire(kind: "raiseHand")
        case .lowerHand: wire = Wire(kind: "lowerHand")
        case .giveFloor(let participant): wire = Wire(kind: "giveFloor", participant: participant)
        case .endTurn: wire = Wire(kind: "endTurn")
        }
        try wire.encode(to: encoder)
    }
}
