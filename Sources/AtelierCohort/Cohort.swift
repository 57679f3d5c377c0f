import AtelierKit

/// A cohort: the people of one pathway (*parcours*) over months, grouped in territories
/// each represented by a pair (*binôme*), and the plan of its sessions (*séances*).
///
/// A value folded from the cohort's events (`CohortEvent`), exactly like a session: the
/// shell stores the events, `decide` validates commands, `apply` never fails.
public struct Cohort: Sendable, Equatable, Codable {
    /// Stable id, chosen by the shell.
    public let id: String
    /// Shown everywhere ("Cohorte Co-construction territoriale 2027").
    public var name: String
    /// The interface's language for the cohort: "fr" or "en".
    public var locale: String
    /// First and last day of the programme (YYYY-MM-DD), when set.
    public var starts: String?
    public var ends: String?
    /// The pathway the plan was drawn from (its file name), if any.
    public var pathway: String?
    /// The territories, in the order they were added.
    public var territories: [Territory] = []
    /// Every member ever added (erased ones keep their place, pseudonymised).
    public var members: [Member] = []
    /// The plan: the cohort's sessions in their order, held and to come.
    public var plan: [PlannedSession] = []
    /// Subjects members proposed for co-development, oldest first.
    public var proposals: [SubjectProposal] = []
    /// The latest review of each commitment made in the cohort's sessions, by its key
    /// (`<session>/<step>/<commitment>`): done, in progress, dropped, with a note.
    public var reviews: [String: ActionReview] = [:]
    /// To whom each territory passed on a session's *retour au territoire*, by
    /// `<planned session>/<territory>`.
    public var shared: [String: String] = [:]
    /// Each territory's *fiche d'expérience*, by territory id.
    public var records: [String: TerritoryRecord] = [:]
    /// How co-development learnings are shared in the cohort's séances: `four-a` (the
    /// "4 A" frame) or `free`; nil leaves each template's own.
    public var learningFrame: String?

    /// An empty cohort, before its `created` event.
    public init(id: String, name: String = "", locale: String = "fr") {
        self.id = id
        self.name = name
        self.locale = locale
    }

    /// The territory with `id`.
    public func territory(_ id: String) -> Territory? { territories.first { $0.id == id } }
    /// The member with `id`.
    public func member(_ id: String) -> Member? { members.first { $0.id == id } }
    /// The planned session with `id`.
    public func planned(_ id: String) -> PlannedSession? { plan.first { $0.id == id } }
    /// The planned session that opened live session `sessionID`.
    public func planned(session sessionID: String) -> PlannedSession? { plan.first { $0.sessionID == sessionID } }
    /// The members of a territory who are not erased, in the order they were added.
    public func members(of territory: String) -> [Member] {
        members.filter { $0.territory == territory && !$0.erased }
    }
}

/// A territory of the cohort, represented by its members (usually a *binôme*).
public struct Territory: Sendable, Equatable, Codable {
    /// Stable id within the cohort ("t1").
    public let id: String
    /// Its name ("Pays d'Aix").
    public var name: String
    /// A short profile.
    public var profile: TerritoryProfile
}

/// What distinguishes a territory, in a few words each.
public struct TerritoryProfile: Sendable, Equatable, Codable {
    /// Region ("Provence-Alpes-Côte d'Azur").
    public var region: String
    /// Kind of territory ("urbain", "rural", "métropole"…).
    public var kind: String
    /// The structure the catalysts work for ("Pays d'Aix Associations").
    public var structure: String

    /// Creates a profile.
    public init(region: String = "", kind: String = "", structure: String = "") {
        self.region = region
        self.kind = kind
        self.structure = structure
    }
}

/// A member of the cohort (*catalyseur territorial*), with a personal link.
public struct Member: Sendable, Equatable, Codable {
    /// Stable id within the cohort ("m1"); also their participant id in every session of it.
    public let id: String
    /// The territory they represent.
    public var territory: String
    /// Their name as shown in sessions.
    public var name: String
    /// SHA-256 (hex) of the secret of their personal link; the secret itself is never kept.
    public var keyHash: String
    /// Erased at their request: the name is a pseudonym and the link no longer works.
    public var erased: Bool = false
}

/// One session (*séance*) of the plan.
public struct PlannedSession: Sendable, Equatable, Codable {
    /// Stable id within the cohort ("s1").
    public let id: String
    /// Its title ("Séance 3 — Modèles de co-construction territoriale").
    public var title: String
    /// The theme (*thématique*) it covers, if any.
    public var theme: String?
    /// The template it is created from.
    public var template: String
    /// Co-development cases (0 leaves the template's own count).
    public var cases: Int
    /// Planned day (YYYY-MM-DD), if set.
    public var date: String?
    /// The live session opened for it, once opened.
    public var sessionID: String?
    /// When it was opened (ms since 1970).
    public var openedAt: Int64?

    /// Creates a planned session.
    public init(
        id: String, title: String, theme: String? = nil, template: String, cases: Int = 0, date: String? = nil,
        sessionID: String? = nil, openedAt: Int64? = nil
    ) {
        self.id = id
        self.title = title
        self.theme = theme
        self.template = template
        self.cases = cases
        self.date = date
        self.sessionID = sessionID
        self.openedAt = openedAt
    }
}

/// A co-development subject a member proposes between sessions.
public struct SubjectProposal: Sendable, Equatable, Codable {
    /// Stable id within the cohort ("q1").
    public let id: String
    /// Who proposed it.
    public let member: String
    /// The subject, in their words.
    public var text: String
    /// When (ms since 1970).
    public let at: Int64
    /// Withdrawn by its author.
    public var withdrawn: Bool = false
}

/// Where an action item stands.
public enum ActionStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// Not started, or not reviewed since it was made.
    case open
    /// Under way.
    case inProgress = "in-progress"
    /// Done.
    case done
    /// Given up.
    case dropped

    /// Whether it still needs following up.
    public var isOpen: Bool { self == .open || self == .inProgress }
}

/// A review of an action item: its status, a note, who said so and when.
public struct ActionReview: Sendable, Equatable, Codable {
    public let status: ActionStatus
    public let note: String
    /// "trainer" or a member id; a session's follow-up round says which member.
    public let by: String
    /// ms since 1970.
    public let at: Int64

    /// Creates a review.
    public init(status: ActionStatus, note: String, by: String, at: Int64) {
        self.status = status
        self.note = note
        self.by = by
        self.at = at
    }
}
