import AtelierKit

extension PeerConsultation {
    /// The variants, by settings: which phases run and whether the client listens with
    /// their back turned during the consultation.
    public enum Variant: String, Codable, Sendable, CaseIterable {
        /// The six steps of Payette & Champagne.
        case classic
        /// Groups of three, ~10 minute rounds: no contract or learnings phase; the client
        /// turns their back (listens) while the two others consult.
        case troika
        /// Groups of 4–7, ~15 minutes per client: like Troika, with a short learnings round.
        case wiseCrowds = "wise-crowds"

        /// The phases after choosing the client, in order.
        var phases: [Phase] {
            switch self {
            case .classic: [.subject, .expose, .clarification, .contract, .consultation, .synthesis, .learnings]
            case .troika: [.subject, .expose, .clarification, .consultation, .synthesis]
            case .wiseCrowds: [.subject, .expose, .clarification, .consultation, .synthesis, .learnings]
            }
        }

        /// Whether the client only listens during the consultation.
        var clientListens: Bool { self != .classic }
    }

    /// A phase of one case. `subject` (phase 0) chooses the client; it is where proposals
    /// and votes happen when the group chooses the subject.
    public enum Phase: String, Codable, Sendable, CaseIterable, Comparable {
        case subject, expose, clarification, contract, consultation, synthesis, learnings

        /// 0 to 6, as practitioners number them.
        public var number: Int { Self.allCases.firstIndex(of: self)! }

        public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.number < rhs.number }

        var settingKey: String { "minutes_\(rawValue)" }

        var defaultMinutes: Int {
            switch self {
            case .subject: 10
            case .expose: 10
            case .clarification: 15
            case .contract: 10
            case .consultation: 20
            case .synthesis: 15
            case .learnings: 10
            }
        }
    }

    /// What a card says.
    public enum CardKind: String, Codable, Sendable, CaseIterable {
        case question, reformulation, reaction, hypothesis, experience, suggestion, learning

        /// The phase in which consultants (or, for learnings, everyone taking part) post it.
        var phase: Phase {
            switch self {
            case .question: .clarification
            case .reformulation: .contract
            case .reaction, .hypothesis, .experience, .suggestion: .consultation
            case .learning: .learnings
            }
        }
    }

    /// The "4 A" frame of a learning.
    public enum LearningFrame: String, Codable, Sendable, CaseIterable {
        case appreciation, expectations, learnings, applications
    }

    /// A subject proposed in phase 0; its author becomes the client if it is picked.
    public struct Proposal: Codable, Sendable, Equatable {
        public var id: Int
        public var author: ParticipantID
        public var text: String
    }

    /// A card posted in a phase.
    public struct Card: Codable, Sendable, Equatable {
        public var id: Int
        public var phase: Phase
        public var kind: CardKind
        public var author: ParticipantID
        public var text: String
        /// Consultation cards: the contract item (0-based) they answer.
        public var tag: Int?
        /// Learnings: which of the 4 A.
        public var frame: LearningFrame?
        /// Questions: the client's answer.
        public var answer: String?
        /// Questions: flagged by the facilitator as advice in disguise.
        public var flagged = false
        /// Consultation cards: the client's request for precision.
        public var precision: String?
    }

    /// An item of the client's action plan.
    public struct ActionItem: Codable, Sendable, Equatable {
        public var id: Int
        public var what: String
        /// By when (free text: "d'ici juin", "2027-03-01").
        public var due: String
        public var resources: String
        /// The suggestion card it comes from, if any.
        public var source: Int?
    }

    /// One client's case.
    public struct Case: Codable, Sendable, Equatable {
        public var client: ParticipantID?
        /// The client's binôme partners who bring the case with them (a territory's case):
        /// they answer, write the request and the action plan as the client does.
        public var coClients: [ParticipantID]?
        public var proposals: [Proposal] = []
        /// Voter → proposal.
        public var votes: [ParticipantID: Int] = [:]
        public var summary = ""
        public var cards: [Card] = []
        /// The request, one to three "Aidez-moi à …" items.
        public var contract: [String] = []
        /// The client's private notes.
        public var notes = ""
        public var actions: [ActionItem] = []

        /// The client and their co-clients.
        public var clients: [ParticipantID] { (client.map { [$0] } ?? []) + (coClients ?? []) }
    }

    /// Settings, resolved.
    public struct Config: Codable, Sendable, Equatable {
        public var variant: Variant
        public var subjectSelection: Bool
        public var cases: Int
        public var minutes: [Phase: Int]
        /// A territory brings the case: the client's binôme partners become co-clients
        /// (setting `clients_by: territory`, when the session knows its territories).
        public var byTerritory: Bool?
        /// Learnings are shared freely, without the "4 A" frame (setting `learning_frame: free`).
        public var freeLearnings: Bool?
    }

    /// The whole activity.
    public struct State: Codable, Sendable, Equatable {
        public var config: Config
        /// Every case so far; the last is the current one.
        public var cases: [Case] = [Case()]
        public var phase: Phase = .subject
        /// When the current phase's timebox ends (server time, ms), once a phase was entered.
        public var deadline: Int64?
        /// Raised hands of the current phase, first raised first.
        public var hands: [ParticipantID] = []
        /// Who has the floor, since when.
        public var speaker: ParticipantID?
        public var speakerSince: Int64 = 0
        /// Speaking time in ms, by phase then participant, across cases.
        public var speaking: [Phase: [ParticipantID: Int64]] = [:]
        var nextID = 1

        init(config: Config) { self.config = config }

        /// The current case.
        public var current: Case {
            get { cases[cases.count - 1] }
            set { cases[cases.count - 1] = newValue }
        }

        /// The phases this variant runs.
        public var phases: [Phase] { config.variant.phases }
    }
}
