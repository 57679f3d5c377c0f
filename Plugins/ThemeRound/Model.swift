import AtelierKit

extension ThemeRound {
    /// Who takes a turn: each person, or each territory's pair (*binôme*), the two speaking
    /// one after the other in one turn.
    public enum Grouping: String, Codable, Sendable, CaseIterable {
        case person, territory
    }

    /// How the queue is first ordered when a round starts.
    public enum Ordering: String, Codable, Sendable, CaseIterable {
        /// First arrived, first to speak.
        case join
        /// Drawn by the server when the round starts (the draw is in the log).
        case random
        /// Join order, for the facilitator to rearrange before giving the floor.
        case facilitator
    }

    /// How a turn ended.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Spoke (finished, or the facilitator moved on).
        case spoke
        /// Chose not to speak this round.
        case passed
        /// The facilitator skipped them.
        case skipped
        /// Stopped taking part during their turn.
        case left
    }

    /// Settings, resolved.
    public struct Config: Codable, Sendable, Equatable {
        /// The themes offered when a round starts (a template's list).
        public var themes: [String]
        /// The theme chosen for this step when the session was created (or by the
        /// template); empty: the facilitator picks when the round starts.
        public var theme: String
        public var grouping: Grouping
        public var ordering: Ordering
        /// Each speaker's timebox.
        public var speakerMs: Int64
        /// When a timebox runs out, the floor passes on by itself.
        public var autoAdvance: Bool
        /// The speaker hands the floor to the next person of their choice.
        public var talkingStick: Bool
        /// Facilitators may post cards (as scribe) for the speaker.
        public var scribe: Bool
        /// Dots (+1) each person may give per round; 0: no limit.
        public var dots: Int
        /// The cards are the session's lessons (*constats et enseignements*), kept for the cohort.
        public var lessons: Bool?
    }

    /// A card posted during a round.
    public struct Card: Codable, Sendable, Equatable {
        public var id: Int
        /// Who typed it (the speaker, or a facilitator as scribe).
        public var author: ParticipantID
        /// Whose turn it was: what the card reports them saying.
        public var speaker: ParticipantID?
        public var text: String
        /// The heading it is grouped under, if any.
        public var heading: Int?
        /// Who gave it a dot (+1), in id order.
        public var dots: [ParticipantID] = []
    }

    /// A heading the facilitator groups cards under.
    public struct Heading: Codable, Sendable, Equatable {
        public var id: Int
        public var title: String
    }

    /// A finished turn.
    public struct Turn: Codable, Sendable, Equatable {
        public var speaker: ParticipantID
        public var outcome: Outcome
        public var spokeMs: Int64
    }

    /// Who has the floor now.
    public struct Floor: Codable, Sendable, Equatable {
        public var speaker: ParticipantID
        public var since: Int64
        /// When the speaker's timebox ends (session time, ms).
        public var deadline: Int64
        /// The timebox ran out (the speaker may still be finishing).
        public var timeUp = false
    }

    /// One round on one theme.
    public struct Round: Codable, Sendable, Equatable {
        public var number: Int
        public var theme: String
        public var startedAt: Int64
        public var endedAt: Int64?
        /// Who is still to speak, in order; a slot holds one person or a territory's pair.
        public var queue: [[ParticipantID]]
        /// The rest of the current speaker's slot (their partner), who speaks next.
        public var partners: [ParticipantID] = []
        public var floor: Floor?
        public var turns: [Turn] = []
        /// Skipped by the facilitator and not brought back.
        public var skipped: [ParticipantID] = []
        public var cards: [Card] = []
        public var headings: [Heading] = []

        /// Whether the round still runs.
        public var isRunning: Bool { endedAt == nil }

        /// Everyone still to speak, in order (the partner first).
        public var waiting: [ParticipantID] { partners + queue.flatMap { $0 } }

        /// Speaking time per person in this round, ms.
        public var speaking: [ParticipantID: Int64] {
            turns.reduce(into: [:]) { $0[$1.speaker, default: 0] += $1.spokeMs }
        }
    }

    /// The whole activity: its settings, the territories' pairs, every round so far.
    public struct State: Codable, Sendable, Equatable {
        public var config: Config
        /// The territories' pairs (*binômes*), set by the facilitator.
        public var pairs: [[ParticipantID]] = []
        public var rounds: [Round] = []
        var nextID = 1

        init(config: Config) { self.config = config }

        /// The running round, if any.
        public var running: Round? {
            get { rounds.last.flatMap { $0.isRunning ? $0 : nil } }
            set {
                guard let newValue, let last = rounds.indices.last, rounds[last].isRunning else { return }
                rounds[last] = newValue
            }
        }

        /// The pair `member` belongs to, or just them.
        func slot(of member: ParticipantID) -> [ParticipantID] {
            pairs.first { $0.contains(member) } ?? [member]
        }

        /// The round holding card `id`, by index.
        func roundIndex(ofCard id: Int) -> Int? {
            rounds.firstIndex { $0.cards.contains { $0.id == id } }
        }
    }
}
