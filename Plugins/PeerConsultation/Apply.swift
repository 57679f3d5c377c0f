import AtelierKit

extension PeerConsultation.State {
    /// Folds one event in. Total: an event that no longer fits (a card since removed by a
    /// restart) changes nothing.
    mutating func apply(_ event: PeerConsultation.Event) {
        switch event {
        case .proposed(let proposal):
            current.proposals.append(proposal)
            nextID = max(nextID, proposal.id + 1)
        case .voteCast(let voter, let proposal):
            current.votes[voter] = proposal
        case .clientNamed(let participant):
            current.client = participant
            current.coClients = nil
            current.votes = [:]
        case .coClientsNamed(let partners):
            current.coClients = partners.isEmpty ? nil : partners
        case .phaseEntered(let phase, let at, let deadline):
            closeTurn(at: at)
            self.phase = phase
            self.deadline = deadline
            hands = []
        case .phaseExtended(let milliseconds):
            deadline = deadline.map { $0 + milliseconds }
        case .caseStarted(let at):
            closeTurn(at: at)
            cases.append(PeerConsultation.Case())
            reset()
        case .caseRestarted(let at):
            closeTurn(at: at)
            current = PeerConsultation.Case()
            reset()
        case .summaryPinned(let text):
            current.summary = text
        case .cardPosted(let card):
            current.cards.append(card)
            nextID = max(nextID, card.id + 1)
        case .cardAnswered(let id, let text):
            updateCard(id) { $0.answer = text }
        case .cardFlagged(let id, let flagged):
            updateCard(id) { $0.flagged = flagged }
        case .precisionAsked(let id, let text):
            updateCard(id) { $0.precision = text }
        case .contractSet(let items):
            current.contract = items
        case .notesWritten(let text):
            current.notes = text
        case .actionAdded(let item):
            current.actions.append(item)
            nextID = max(nextID, item.id + 1)
        case .actionRemoved(let id):
            current.actions.removeAll { $0.id == id }
        case .handRaised(let participant):
            if !hands.contains(participant) { hands.append(participant) }
        case .handLowered(let participant):
            hands.removeAll { $0 == participant }
        case .floorGiven(let participant, let at):
            closeTurn(at: at)
            speaker = participant
            speakerSince = at
            hands.removeAll { $0 == participant }
        case .turnEnded(let at):
            closeTurn(at: at)
        }
    }

    private mutating func reset() {
        phase = .subject
        deadline = nil
        hands = []
    }

    /// Adds the current speaker's time to this phase's tally and clears the floor.
    private mutating func closeTurn(at time: Int64) {
        guard let speaker else { return }
        speaking[phase, default: [:]][speaker, default: 0] += max(0, time - speakerSince)
        self.speaker = nil
        speakerSince = 0
    }

    private mutating func updateCard(_ id: Int, _ change: (inout PeerConsultation.Card) -> Void) {
        guard let index = current.cards.firstIndex(where: { $0.id == id }) else { return }
        change(&current.cards[index])
    }
}
