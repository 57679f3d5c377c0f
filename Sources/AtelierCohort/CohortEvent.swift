import AtelierKit

/// What happened to a cohort. Events are facts: `apply` folds them without checking.
public enum CohortEvent: Sendable, Equatable, Codable {
    /// The cohort was created.
    case created(name: String, locale: String, starts: String?, ends: String?)
    /// Its name, dates or language changed.
    case edited(name: String, locale: String, starts: String?, ends: String?)
    /// A territory was added.
    case territoryAdded(id: String, name: String, profile: TerritoryProfile)
    /// A territory's name or profile changed.
    case territoryEdited(id: String, name: String, profile: TerritoryProfile)
    /// A member was added, with the hash of their personal link's secret.
    case memberAdded(id: String, territory: String, name: String, keyHash: String)
    /// A member's name or territory changed.
    case memberEdited(id: String, territory: String, name: String)
    /// A member's personal link was replaced (the old one stops working).
    case memberKeyRenewed(id: String, keyHash: String)
    /// A member was erased: their name becomes `pseudonym`, their link stops working.
    case memberErased(id: String, pseudonym: String)
    /// The plan was drawn from a pathway (replacing nothing: sessions are appended).
    case pathwayApplied(name: String)
    /// A session was added to the plan at `index`.
    case sessionPlanned(PlannedSession, index: Int)
    /// A planned session's title, theme, date or case count changed.
    case sessionEdited(id: String, title: String, theme: String?, date: String?, cases: Int)
    /// A planned session moved to `index` in the plan.
    case sessionMoved(id: String, index: Int)
    /// A planned session (never opened) was taken out of the plan.
    case sessionDropped(id: String)
    /// The live session `sessionID` was opened for a planned session.
    case sessionOpened(id: String, sessionID: String, at: Int64)
    /// A member proposed a subject.
    case subjectProposed(id: String, member: String, text: String, at: Int64)
    /// A member withdrew their subject.
    case subjectWithdrawn(id: String)
    /// An action item was reviewed (on a member's page, by the trainer, or in a session's
    /// follow-up round): the latest review wins.
    case actionReviewed(key: String, review: ActionReview)
    /// A territory says to whom it passed on a session's *retour au territoire*.
    case sheetShared(planned: String, territory: String, with: String)
    /// A territory's *fiche d'expérience* was written (its new version).
    case recordEdited(territory: String, record: ExperienceRecord, version: Int, by: String, at: Int64)
    /// A territory's *fiche d'expérience* was reviewed in a séance.
    case recordReviewed(territory: String, planned: String)
    /// The frame of the co-development learnings for séances opened from now on.
    case learningFrameSet(String?)
}

/// One stored cohort event: when, by whom ("trainer" or a member id), what.
public struct CohortRecord: Sendable, Equatable, Codable {
    /// ms since 1970, stamped by the shell.
    public let at: Int64
    /// "trainer", or the member who acted.
    public let actor: String
    /// The event.
    public let event: CohortEvent

    /// Creates a record.
    public init(at: Int64, actor: String, event: CohortEvent) {
        self.at = at
        self.actor = actor
        self.event = event
    }
}

extension CohortEvent {
    /// The event with `member`'s personal data gone (erasure on request): their name
    /// becomes `pseudonym`, their link's hash is emptied, their subjects' texts and their
    /// review notes are removed. Ids and structure stay, so the log still folds.
    public func erasing(_ member: String, pseudonym: String) -> CohortEvent {
        switch self {
        case .memberAdded(let id, let territory, _, _) where id == member:
            .memberAdded(id: id, territory: territory, name: pseudonym, keyHash: "")
        case .memberEdited(let id, let territory, _) where id == member:
            .memberEdited(id: id, territory: territory, name: pseudonym)
        case .memberKeyRenewed(let id, _) where id == member:
            .memberKeyRenewed(id: id, keyHash: "")
        case .subjectProposed(let id, let author, _, let at) where author == member:
            .subjectProposed(id: id, member: author, text: "", at: at)
        case .actionReviewed(let key, let review) where review.by == member:
            .actionReviewed(key: key, review: ActionReview(status: review.status, note: "", by: review.by, at: review.at))
        default:
            self
        }
    }
}
