import AtelierKit

/// A session's state in a form that can be stored and read back: what a snapshot holds,
/// so a session rebuilds from its latest snapshot plus the events after it.
///
/// Format 2 (written now) leaves out the remembered command ids: they are already in the
/// log (each envelope names its actor and command), so a snapshot stays as small as the
/// session's visible state instead of carrying thousands of ids every time, and the ids are
/// read back from the log on restore (`restore(snapshot:remembered:events:)`). Format 1
/// snapshots, which carry them, are still read.
public struct SessionSnapshot: Sendable, Equatable, Codable {
    /// The format `snapshot(of:)` writes.
    public static let currentFormat = 2

    /// Format version of this structure.
    public var format = SessionSnapshot.currentFormat
    /// What was fixed at creation.
    public var setup: SessionSetup
    /// The `seq` the state includes.
    public var seq: Int
    /// Members, in join order.
    public var members: [Participant]
    /// Member ids in join order.
    public var joinOrder: [ParticipantID]
    /// Raised hands, first first.
    public var hands: [ParticipantID]
    /// Index of the current agenda step.
    public var currentStep: Int
    /// The timer.
    public var timer: TimerState
    /// Activity states as JSON, one per agenda step, each decoded by its activity.
    public var activities: [JSONValue]
    /// Remembered command keys, oldest first (format 1 only).
    public var acknowledgedOrder: [String]?
    /// The `seq` answering each remembered command (format 1 only).
    public var acknowledgedSeqs: [Int]?
    /// When each step began (absent from snapshots written before it was kept).
    public var visits: [StepVisit]? = nil

    /// Whether the remembered commands must be read from the log up to `seq`.
    public var needsRememberedCommands: Bool { acknowledgedOrder == nil }
}

/// A command the log shows as acknowledged: its key (`SessionState.acknowledgementKey`)
/// and the `seq` of its last event.
public struct RememberedCommand: Sendable, Equatable {
    /// "participant/command-id".
    public let key: String
    /// The seq that answered it.
    public let seq: Int

    /// Creates a remembered command.
    public init(key: String, seq: Int) {
        self.key = key
        self.seq = seq
    }

    /// The command a stored envelope (as a JSON tree) was caused by, read from its `actor`,
    /// `command` and `seq` members without decoding the event itself; nil for events of the
    /// system (no actor or no command).
    public init?(envelope tree: JSONValue) {
        guard case .object(let members) = tree, case .string(let actor)? = members["actor"],
            case .string(let command)? = members["command"], case .int(let seq)? = members["seq"]
        else { return nil }
        self.init(key: SessionState.acknowledgementKey(ParticipantID(actor), command), seq: seq)
    }
}

extension SessionEngine {
    /// The snapshot of a state; throws when an activity's state cannot be encoded.
    public func snapshot(of state: SessionState) throws -> SessionSnapshot {
        SessionSnapshot(
            setup: state.setup, seq: state.seq, members: state.joinOrder.compactMap { state.members[$0] },
            joinOrder: state.joinOrder, hands: state.hands, currentStep: state.currentStep, timer: state.timer,
            activities: try state.activities.map { try $0.tree() }, acknowledgedOrder: nil, acknowledgedSeqs: nil,
            visits: state.visits)
    }

    /// The state a snapshot describes, or why it cannot be read back. A format 2 snapshot
    /// gives a state without remembered commands: pass them to
    /// `restore(snapshot:remembered:events:)`.
    public func state(from snapshot: SessionSnapshot) -> Result<SessionState, Rejection> {
        guard (1...SessionSnapshot.currentFormat).contains(snapshot.format) else {
            return .failure(.badRequest("unknown snapshot format \(snapshot.format)"))
        }
        guard snapshot.activities.count == snapshot.setup.agenda.count,
            snapshot.acknowledgedOrder?.count == snapshot.acknowledgedSeqs?.count,
            (snapshot.format == 1) == (snapshot.acknowledgedOrder != nil),
            snapshot.setup.agenda.indices.contains(snapshot.currentStep)
        else { return .failure(.badRequest("inconsistent snapshot")) }
        var activities: [ActivityState] = []
        for (step, tree) in zip(snapshot.setup.agenda, snapshot.activities) {
            guard let driver = registry.driver(step.activity) else {
                return .failure(.badRequest("snapshot uses unknown activity \(step.activity)"))
            }
            guard let decoded = try? driver.decodeState(tree) else {
                return .failure(.badRequest("snapshot state of \(step.activity) does not decode"))
            }
            activities.append(decoded)
        }
        var state = SessionState(setup: snapshot.setup, activities: activities)
        state.seq = snapshot.seq
        for member in snapshot.members {
            state.members[member.id] = member
            state.refreshRoster(member.id)
        }
        state.joinOrder = snapshot.joinOrder
        state.hands = snapshot.hands
        state.currentStep = snapshot.currentStep
        state.visits = snapshot.visits ?? []
        state.timer = snapshot.timer
        if let order = snapshot.acknowledgedOrder, let seqs = snapshot.acknowledgedSeqs {
            state.acknowledgedOrder = RecentKeys(order, seqs: seqs)
            state.acknowledged = Dictionary(zip(order, seqs), uniquingKeysWith: { $1 })
        }
        return .success(state)
    }

    /// Rebuilds a state from a snapshot (or none) and the events after it. For a snapshot
    /// without remembered commands (format 2), `remembered` are the commands of the log up
    /// to the snapshot's `seq`, oldest first (at least the last
    /// `SessionState.acknowledgementMemory` distinct ones, or all of them).
    public func restore(
        snapshot: SessionSnapshot?, remembered: [RememberedCommand] = [], events: [EventEnvelope]
    ) -> Result<SessionState, Rejection> {
        var state: SessionState
        var tail = events[...]
        if let snapshot {
            switch self.state(from: snapshot) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let restored): state = restored
            }
            if snapshot.needsRememberedCommands {
                for command in remembered where command.seq <= snapshot.seq {
                    remember(command.key, seq: command.seq, in: &state)
                }
            }
        } else {
            guard let first = tail.popFirst(), case .sessionCreated(let setup) = first.event else {
                return .failure(.badRequest("a log must start with sessionCreated"))
            }
            state = initialState(setup, at: first.at)
            state.seq = first.seq
        }
        for envelope in tail {
            guard envelope.seq == state.seq + 1 else {
                return .failure(.badRequest("gap in the log after seq \(state.seq) (next is \(envelope.seq))"))
            }
            apply(envelope, to: &state)
        }
        return .success(state)
    }
}
