import AtelierKit

extension PeerConsultation {
    /// What happened; every time and id an event needs is in it, so replay needs nothing else.
    public enum Event: Codable, Sendable, Equatable {
        case proposed(Proposal)
        /// `proposal` nil: the vote was withdrawn.
        case voteCast(voter: ParticipantID, proposal: Int?)
        case clientNamed(ParticipantID)
        /// The client's binôme partners, who bring the case with them.
        case coClientsNamed([ParticipantID])
        /// The phase begins now (`at`), its timebox ends at `deadline`; hands and the floor reset.
        case phaseEntered(Phase, at: Int64, deadline: Int64)
        case phaseExtended(byMs: Int64)
        /// The next case begins at phase 0.
        case caseStarted(at: Int64)
        /// The current case starts again from phase 0, empty.
        case caseRestarted(at: Int64)
        case summaryPinned(String)
        case cardPosted(Card)
        case cardAnswered(card: Int, text: String)
        case cardFlagged(card: Int, flagged: Bool)
        case precisionAsked(card: Int, text: String)
        case contractSet([String])
        case notesWritten(String)
        case actionAdded(ActionItem)
        case actionRemoved(Int)
        case handRaised(ParticipantID)
        case handLowered(ParticipantID)
        case floorGiven(ParticipantID, at: Int64)
        case turnEnded(at: Int64)
    }
}

extension PeerConsultation.Event {
    /// The event with `participant`'s free texts blanked (erasure on request); ids stay.
    func erasingTexts(of participant: ParticipantID, author: ParticipantID?) -> Self {
        let byThem = author == participant
        switch self {
        case .proposed(var proposal) where proposal.author == participant:
            proposal.text = ""
            return .proposed(proposal)
        case .cardPosted(var card) where card.author == participant:
            card.text = ""
            return .cardPosted(card)
        case .summaryPinned where byThem: return .summaryPinned("")
        case .cardAnswered(let card, _) where byThem: return .cardAnswered(card: card, text: "")
        case .precisionAsked(let card, _) where byThem: return .precisionAsked(card: card, text: "")
        case .contractSet(let items) where byThem: return .contractSet(items.map { _ in "" })
        case .notesWritten where byThem: return .notesWritten("")
        case .actionAdded(var item) where byThem:
            item.what = ""
            item.due = ""
            item.resources = ""
            return .actionAdded(item)
        default: return self
        }
    }
}
