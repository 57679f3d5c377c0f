/// What a step leaves behind once held, for a cohort to follow from one session to the
/// next: the requests clients brought, the commitments people made, the lessons the group
/// drew. An activity says what its state holds (`Activity.outcomes(of:)`); the shell
/// gathers them per session.
public struct Outcomes: Sendable, Equatable {
    /// A case and its client's request ("Aidez-moi à …"), brought by `clients` (one person
    /// or a binôme); `items` is empty when the case had no request written.
    public struct Request: Sendable, Equatable {
        /// Who brought the case.
        public let clients: [ParticipantID]
        /// The request's items, in order.
        public let items: [String]

        /// Creates a request.
        public init(clients: [ParticipantID], items: [String]) {
            self.clients = clients
            self.items = items
        }
    }

    /// An action someone committed to (an item of a client's action plan).
    public struct Commitment: Sendable, Equatable {
        /// Stable within the step ("c1.a4": case 1, item 4), so it can be followed up.
        public let id: String
        /// Who committed (the client and co-clients).
        public let owners: [ParticipantID]
        /// What they will do.
        public let what: String
        /// By when, in their words.
        public let due: String
        /// With what or whom.
        public let resources: String

        /// Creates a commitment.
        public init(id: String, owners: [ParticipantID], what: String, due: String = "", resources: String = "") {
            self.id = id
            self.owners = owners
            self.what = what
            self.due = due
            self.resources = resources
        }
    }

    /// Something learned (*constat*, *enseignement*), with its author when known.
    public struct Lesson: Sendable, Equatable {
        /// Who said it (nil: the group).
        public let author: ParticipantID?
        /// The lesson.
        public let text: String
        /// The heading it was written under (a round's heading), if any.
        public let heading: String
        /// The frame it was written in, as a stable key (co-development's "4 A":
        /// `appreciation`, `expectations`, `learnings`, `applications`), if any.
        public let frame: String?

        /// Creates a lesson.
        public init(author: ParticipantID?, text: String, heading: String = "", frame: String? = nil) {
            self.author = author
            self.text = text
            self.heading = heading
            self.frame = frame
        }
    }

    /// A review of a commitment made earlier (a follow-up round): where it stands now.
    public struct Review: Sendable, Equatable, Codable {
        /// The commitment's key in the cohort.
        public let key: String
        /// `open`, `in-progress`, `done` or `dropped`.
        public let status: String
        public let note: String
        /// Who said so.
        public let by: ParticipantID
        /// When (session time, ms since 1970).
        public let at: Int64

        /// Creates a review.
        public init(key: String, status: String, note: String, by: ParticipantID, at: Int64) {
            self.key = key
            self.status = status
            self.note = note
            self.by = by
            self.at = at
        }
    }

    /// Requests brought.
    public var requests: [Request]
    /// Commitments made.
    public var commitments: [Commitment]
    /// Lessons drawn.
    public var lessons: [Lesson]
    /// Earlier commitments reviewed.
    public var reviews: [Review]
    /// Who spoke how long (ms), for the balance of speaking time across a cohort.
    public var speaking: [ParticipantID: Int64]

    /// Creates outcomes; none by default.
    public init(
        requests: [Request] = [], commitments: [Commitment] = [], lessons: [Lesson] = [], reviews: [Review] = [],
        speaking: [ParticipantID: Int64] = [:]
    ) {
        self.requests = requests
        self.commitments = commitments
        self.lessons = lessons
        self.reviews = reviews
        self.speaking = speaking
    }

    /// Whether there is nothing.
    public var isEmpty: Bool {
        requests.isEmpty && commitments.isEmpty && lessons.isEmpty && reviews.isEmpty && speaking.isEmpty
    }
}
