import AtelierEngine
import AtelierKit

/// What a cohort keeps of one of its sessions: who came (by their cohort id), and what the
/// steps left (requests, commitments, lessons), read from the session's committed state.
struct SessionReport: Sendable, Equatable {
    /// A commitment with where it was made: its key is unique across the cohort.
    struct Commitment: Sendable, Equatable {
        /// `<session>/<step>/<commitment id>`.
        let key: String
        let commitment: Outcomes.Commitment
    }

    let sessionID: String
    let title: String
    /// Members who joined as participants, by id (cohort members are `m…`).
    let attended: Set<ParticipantID>
    /// Display names in the session, by id.
    let names: [ParticipantID: String]
    let requests: [Outcomes.Request]
    let commitments: [Commitment]
    let lessons: [Outcomes.Lesson]
    /// Reviews of earlier commitments made in this session's follow-up round.
    let reviews: [Outcomes.Review]
    /// Who spoke how long (ms), over every step.
    var speaking: [ParticipantID: Int64] = [:]

    init(
        sessionID: String, title: String, attended: Set<ParticipantID>, names: [ParticipantID: String],
        requests: [Outcomes.Request], commitments: [Commitment], lessons: [Outcomes.Lesson], reviews: [Outcomes.Review] = []
    ) {
        self.sessionID = sessionID
        self.title = title
        self.attended = attended
        self.names = names
        self.requests = requests
        self.commitments = commitments
        self.lessons = lessons
        self.reviews = reviews
    }

    init(state: SessionState, engine: SessionEngine) {
        sessionID = state.setup.id
        title = state.setup.title
        attended = Set(state.members.values.filter { $0.role == .participant }.map(\.id))
        names = state.members.mapValues(\.name)
        var requests: [Outcomes.Request] = []
        var commitments: [Commitment] = []
        var lessons: [Outcomes.Lesson] = []
        var reviews: [Outcomes.Review] = []
        for (step, outcomes) in engine.outcomes(of: state) {
            reviews += outcomes.reviews
            speaking.merge(outcomes.speaking, uniquingKeysWith: +)
            requests += outcomes.requests
            commitments += outcomes.commitments.map { Commitment(key: "\(state.setup.id)/\(step)/\($0.id)", commitment: $0) }
            lessons += outcomes.lessons
        }
        self.requests = requests
        self.commitments = commitments
        self.lessons = lessons
        self.reviews = reviews
    }
}

extension SessionHost {
    /// Whether `id` ever joined this session.
    func knows(_ id: ParticipantID) -> Bool { committed.members[id] != nil }

    /// What is committed now.
    func committedState() -> SessionState { committed }
}
