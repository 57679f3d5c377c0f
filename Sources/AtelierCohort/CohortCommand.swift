/// What a trainer (or, for their own subjects, a member) asks of a cohort. The shell
/// builds commands from HTTP requests; `Cohort.decide` validates them into events.
public enum CohortCommand: Sendable, Equatable {
    /// Name, language and dates (YYYY-MM-DD, both optional).
    case edit(name: String, locale: String, starts: String?, ends: String?)
    /// A new territory.
    case addTerritory(name: String, profile: TerritoryProfile)
    /// A territory's name or profile.
    case editTerritory(id: String, name: String, profile: TerritoryProfile)
    /// A new member of `territory`; `keyHash` is the hash of their new link's secret.
    case addMember(territory: String, name: String, keyHash: String)
    /// A member's name or territory.
    case editMember(id: String, territory: String, name: String)
    /// A new personal link for a member.
    case renewKey(id: String, keyHash: String)
    /// Erase a member (pseudonymised everywhere).
    case eraseMember(id: String)
    /// Append a pathway's sessions to the plan.
    case applyPathway(Pathway)
    /// Add a session to the plan, at `index` (nil: at the end).
    case planSession(title: String, theme: String?, template: String, cases: Int, date: String?, index: Int?)
    /// Change a planned session.
    case editSession(id: String, title: String, theme: String?, date: String?, cases: Int)
    /// Move a planned session to `index`.
    case moveSession(id: String, index: Int)
    /// Take a planned session that was never opened out of the plan.
    case dropSession(id: String)
    /// Record that live session `sessionID` was opened for planned session `id`.
    case openSession(id: String, sessionID: String)
    /// A member proposes a co-development subject.
    case proposeSubject(member: String, text: String)
    /// A member withdraws their own subject.
    case withdrawSubject(id: String, member: String)
    /// Review an action item (the shell checked that `by` may: an owner, or the trainer).
    case reviewAction(key: String, status: ActionStatus, note: String, by: String)
    /// Say to whom a territory passed on a session's *retour au territoire* ("" clears it).
    case shareSheet(planned: String, territory: String, with: String)
    /// Write a territory's *fiche d'expérience*, starting from version `base` (0: none yet).
    case editRecord(territory: String, record: ExperienceRecord, base: Int, by: String)
    /// Mark a territory's *fiche d'expérience* as reviewed in planned séance `planned`.
    case reviewRecord(territory: String, planned: String)
    /// Set the frame of the co-development learnings (`four-a`, `free`, nil: the templates').
    case setLearningFrame(String?)
}
