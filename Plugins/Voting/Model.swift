import AtelierKit

extension Voting {
    /// Where the vote is in its life.
    public enum Phase: String, Codable, Sendable, CaseIterable {
        /// Being prepared: the facilitator may still change the question and options.
        case draft
        /// Ballots are cast (and changed, unless final).
        case open
        /// No more ballots; the facilitators see the results.
        case closed
        /// Everyone sees the results.
        case published
        /// Called off; nothing is counted.
        case cancelled
    }

    /// Settings, resolved.
    public struct Config: Codable, Sendable, Equatable {
        public var question: String
        public var method: VoteMethod
        public var options: [String]
        /// Majority judgment's grades, best first.
        public var grades: [String]
        /// Approval: fewest and most options a ballot approves (0: no upper limit).
        public var minChoices: Int
        public var maxChoices: Int
        /// Dot voting: dots per voter, and most dots on one option (0: no cap).
        public var dots: Int
        public var dotCap: Int
        /// Secret: nobody but the voter sees a ballot; totals only.
        public var secret: Bool
        /// Results shown while the vote is open (totals refreshed by fives when secret).
        public var liveResults: Bool
        /// A ballot cannot be changed once cast.
        public var final: Bool
        /// Facilitators vote too (observers never do).
        public var everyoneVotes: Bool
    }

    /// The whole vote.
    public struct State: Codable, Sendable, Equatable {
        public var config: Config
        public var phase: Phase = .draft
        /// When the vote closes by itself (session time, ms), if set when it opened.
        public var deadline: Int64?
        /// Who has voted (never how, for a secret vote), in id order.
        public var turnout: [ParticipantID] = []
        /// Open votes: each voter's ballot.
        public var named: [ParticipantID: Ballot] = [:]
        /// Secret votes: ballots by the seal only their voter's device knows; nothing here
        /// says whose they are.
        public var sealed: [String: Ballot] = [:]
        /// Secret votes with live results: the ballots as last shown (refreshed every
        /// `Voting.revealEvery` ballots, and at the close), so that one ballot never moves
        /// the totals on its own.
        public var shown: [Ballot] = []
        var castSinceShown = 0

        init(config: Config) { self.config = config }

        /// Every ballot, each once (secret ones in seal order).
        public var ballots: [Ballot] {
            config.secret ? sealed.keys.sorted().map { sealed[$0]! } : named.keys.sorted().map { named[$0]! }
        }

        /// What to count, for the results and the export.
        public func tallyInput(_ ballots: [Ballot]) -> TallyInput {
            TallyInput(
                method: config.method, options: config.method == .yesNo ? Tally.yesNoOptions : config.options,
                grades: config.grades, ballots: ballots.map { CountedBallot(ballot: $0) })
        }
    }
}
