import AtelierKit

/// A member of a session.
public struct Participant: Sendable, Equatable, Codable {
    /// Id, "p1", "p2" … in join order.
    public let id: ParticipantID
    /// Display name, unique within the session.
    public var name: String
    /// Session role.
    public var role: Role
    /// Whether at least one connection is open for them.
    public var online: Bool
    /// Hash of their resume token.
    public let tokenHash: String
    /// Removed by a facilitator: cannot resume or act.
    public var removed: Bool
    /// The `seq` at which their role (so their audience) last changed.
    public var roleSince: Int
}

/// The session's timer; the deadline lives here so it survives restarts and replays.
public struct TimerState: Sendable, Equatable, Codable {
    /// Where the timer is.
    public enum Status: String, Sendable, Codable {
        /// Not started (or reset).
        case idle
        /// Counting down to `deadline`.
        case running
        /// Stopped with `remainingMs` left.
        case paused
        /// Reached zero.
        case elapsed
    }

    /// Where the timer is.
    public var status: Status = .idle
    /// The full duration when started, in milliseconds.
    public var durationMs: Int64 = 0
    /// When it reaches zero (running only), ms since 1970.
    public var deadline: Int64? = nil
    /// Time left while paused, in milliseconds.
    public var remainingMs: Int64? = nil
    /// Increases at every start/resume, so a stale wake-up can be told apart.
    public var run: Int = 0
}

/// An agenda step begun at a moment: the agenda as it actually ran.
public struct StepVisit: Sendable, Equatable, Codable {
    /// The step's index.
    public let step: Int
    /// When it began (session time, ms).
    public let at: Int64

    /// Creates a visit.
    public init(step: Int, at: Int64) {
        self.step = step
        self.at = at
    }
}

/// The whole state of one session, rebuilt exactly by folding its event log.
public struct SessionState: Sendable, Equatable {
    /// What was fixed at creation.
    public var setup: SessionSetup
    /// The `seq` of the last applied event (0 before any).
    public var seq: Int = 0
    /// Members by id.
    public var members: [ParticipantID: Participant] = [:]
    /// Member ids in join order.
    public var joinOrder: [ParticipantID] = []
    /// Raised hands, first raised first.
    public var hands: [ParticipantID] = []
    /// Index of the current agenda step.
    public var currentStep: Int = 0
    /// Each time a step began, in order; the first is the session's creation.
    public var visits: [StepVisit] = []
    /// The timer of the current step.
    public var timer = TimerState()
    /// One activity state per agenda step.
    public var activities: [ActivityState]
    /// Recently acknowledged commands: "participant/command-id" → the `seq` that answered it.
    public var acknowledged: [String: Int] = [:]
    /// The same keys, oldest first, to bound the memory.
    public var acknowledgedOrder: RecentKeys = []

    /// How many acknowledged command ids are remembered for retries.
    public static let acknowledgementMemory = 20_000

    /// The current agenda step.
    public var step: AgendaStep { setup.agenda[currentStep] }

    /// The lead facilitator, if any.
    public var lead: ParticipantID? { joinOrder.first { members[$0]?.role == .facilitator && members[$0]?.removed == false } }

    /// Active (not removed) members with their roles: kept up to date as members join,
    /// change roles or are removed, so deciding a command does not rebuild it.
    public internal(set) var roster: [ParticipantID: Role] = [:]

    /// Brings `roster` up to date for one member.
    mutating func refreshRoster(_ id: ParticipantID) {
        roster[id] = members[id].flatMap { $0.removed ? nil : $0.role }
    }

    /// The state without its memory of acknowledged commands: what views, snapshots and
    /// answers are made from needs none of it (retries are looked up where commands are
    /// decided, and a restore reads the ids back from the log).
    public var withoutAcknowledgements: SessionState {
        var state = self
        state.acknowledged = [:]
        state.acknowledgedOrder = []
        return state
    }

    /// Forgets the acknowledgements of `keys` (commands whose events were never stored).
    public mutating func forgetAcknowledgements(_ keys: Set<String>) {
        guard !keys.isEmpty else { return }
        for key in keys { acknowledged.removeValue(forKey: key) }
        acknowledgedOrder.forget(keys)
    }

    /// The key under which a command is remembered.
    public static func acknowledgementKey(_ actor: ParticipantID, _ commandID: String) -> String {
        actor.rawValue + "/" + commandID
    }
}
