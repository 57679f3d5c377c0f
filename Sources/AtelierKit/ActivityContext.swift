/// Everything an activity may know beyond its own state when it decides: who acts, when,
/// who is in the session, and randomness the shell drew. Nothing else enters an activity.
public struct ActivityContext: Sendable, Equatable {
    /// Who sent the intent.
    public let actor: ParticipantID
    /// The actor's session role.
    public let role: Role
    /// The session's time, milliseconds since 1970 (stamped by the shell).
    public let now: Int64
    /// The session's members who are not removed, with their roles.
    public let roster: [ParticipantID: Role]
    /// 64 random bits drawn by the shell for this intent; whatever an activity derives
    /// from them must go into its events, so replay never needs them again.
    public let random: UInt64
    /// Every member who ever joined, first arrived first (removed ones included: filter
    /// with `roster`).
    public let joinOrder: [ParticipantID]
    /// Members who act together, when the session belongs to a cohort: each territory's
    /// members (its *binôme*). Empty otherwise.
    public let groups: [[ParticipantID]]

    /// Creates a context (the engine does this; tests may too). Without `joinOrder`, the
    /// roster's ids in order stand for it.
    public init(
        actor: ParticipantID, role: Role, now: Int64, roster: [ParticipantID: Role], random: UInt64 = 0,
        joinOrder: [ParticipantID]? = nil, groups: [[ParticipantID]] = []
    ) {
        self.actor = actor
        self.role = role
        self.now = now
        self.roster = roster
        self.random = random
        self.joinOrder = joinOrder ?? roster.keys.sorted()
        self.groups = groups
    }

    /// The other members of `member`'s group who take part in the session now (a binôme
    /// partner), in the group's order; empty outside a cohort.
    public func partners(of member: ParticipantID) -> [ParticipantID] {
        guard let group = groups.first(where: { $0.contains(member) }) else { return [] }
        return group.filter { $0 != member && roster[$0] == .participant }
    }

    /// Participants (not facilitators or observers), in id order.
    public var participants: [ParticipantID] {
        roster.filter { $0.value == .participant }.keys.sorted()
    }

    /// Participants, first arrived first.
    public var participantsByArrival: [ParticipantID] {
        joinOrder.filter { roster[$0] == .participant }
    }
}
