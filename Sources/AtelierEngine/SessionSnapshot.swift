import AtelierKit

/// A session's state in a form that can be stored and read back: what a snapshot holds,
/// so a session rebuilds from its latest snapshot plus the events after it.
public struct SessionSnapshot: Sendable, Equatable, Codable {
    /// Format version of this structure.
    public var format = 1
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
    /// Remembered command keys, oldest first.
    public var acknowledgedOrder: [String]
    /// The `seq` answering each remembered command.
    public var acknowledgedSeqs: [Int]
}

extension SessionEngine {
    /// The snapshot of a state.
    public func snapshot(of state: SessionState) -> SessionSnapshot {
        SessionSnapshot(
            setup: state.setup, seq: state.seq, members: state.joinOrder.compactMap { state.members[$0] },
            joinOrder: state.joinOrder, hands: state.hands, currentStep: state.currentStep, timer: state.timer,
            activities: state.activities.map(\.tree), acknowledgedOrder: Array(state.acknowledgedOrder),
            acknowledgedSeqs: Array(state.acknowledgedOrder.seqs))
    }

    /// The state a snapshot describes, or why it cannot be read back.
    public func state(from snapshot: SessionSnapshot) -> Result<SessionState, Rejection> {
        guard snapshot.format == 1 else { return .failure(.badRequest("unknown snapshot format \(snapshot.format)")) }
        guard snapshot.activities.count == snapshot.setup.agenda.count,
            snapshot.acknowledgedOrder.count == snapshot.acknowledgedSeqs.count,
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
        state.timer = snapshot.timer
        state.acknowledgedOrder = RecentKeys(snapshot.acknowledgedOrder, seqs: snapshot.acknowledgedSeqs)
        state.acknowledged = Dictionary(
            zip(snapshot.acknowledgedOrder, snapshot.acknowledgedSeqs), uniquingKeysWith: { $1 })
        return .success(state)
    }

    /// Rebuilds a state from a snapshot (or none) and the events after it.
    public func restore(snapshot: SessionSnapshot?, events: [EventEnvelope]) -> Result<SessionState, Rejection> {
        var state: SessionState
        var tail = events[...]
        if let snapshot {
            switch self.state(from: snapshot) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let restored): state = restored
            }
        } else {
            guard let first = tail.popFirst(), case .sessionCreated(let setup) = first.event else {
                return .failure(.badRequest("a log must start with sessionCreated"))
            }
            state = initialState(setup)
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
