import AtelierKit

extension Voting {
    /// Secret votes with live results refresh their totals every this many ballots.
    public static let revealEvery = 5
}

extension Voting.State {
    /// Folds one event in. Total.
    mutating func apply(_ event: Voting.Event) {
        switch event {
        case .drafted(let question, let options):
            config.question = question
            config.options = options
        case .opened(_, let deadline):
            phase = .open
            self.deadline = deadline
        case .closed:
            phase = .closed
            deadline = nil
            reveal()
        case .published:
            phase = .published
        case .cancelled:
            phase = .cancelled
            deadline = nil
        case .turnoutMarked(let voter):
            if !turnout.contains(voter) {
                turnout.insert(voter, at: turnout.firstIndex { $0 > voter } ?? turnout.endIndex)
            }
        case .ballotCast(let voter, let ballot):
            named[voter] = ballot
        case .sealedBallotCast(let seal, let ballot):
            // Only new ballots count toward the next refresh: changing one's own ballot
            // again and again must not force a refresh right after someone else voted.
            let isNew = sealed[seal] == nil
            sealed[seal] = ballot
            if isNew { castSinceShown += 1 }
            if castSinceShown >= Voting.revealEvery { reveal() }
        case .ballotWithdrawn(let voter):
            named[voter] = nil
            turnout.removeAll { $0 == voter }
        }
    }

    private mutating func reveal() {
        guard config.secret else { return }
        shown = ballots
        castSinceShown = 0
    }
}
