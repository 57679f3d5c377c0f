import AtelierKit

/// The shell's clock and dice for one decision.
public struct EngineContext: Sendable, Equatable {
    /// Now, in milliseconds since 1970.
    public let now: Int64
    /// 64 random bits for activities that need chance.
    public let random: UInt64

    /// Creates a context.
    public init(now: Int64, random: UInt64 = 0) {
        self.now = now
        self.random = random
    }
}

/// The pure session engine: decides commands into events and folds events into state.
///
/// It has no I/O, clock or randomness of its own; everything comes in through commands,
/// `EngineContext` and the events it returned before. `apply` is total, so folding a log
/// always rebuilds the same state.
public struct SessionEngine: Sendable {
    /// The activities sessions may use.
    public let registry: ActivityRegistry

    /// Longest timer, in seconds (one day).
    public static let maxTimerSeconds = 24 * 3600

    /// An engine for the given activities.
    public init(registry: ActivityRegistry) { self.registry = registry }

    /// The state right after the `sessionCreated` event, logged at `at` (ms).
    public func initialState(_ setup: SessionSetup, at: Int64 = 0) -> SessionState {
        let activities = setup.agenda.map { step in
            registry.driver(step.activity)?.start(step.settings) ?? ActivityState(activityID: step.activity, value: JSONValue.null)
        }
        var state = SessionState(setup: setup, activities: activities)
        state.timer.durationMs = Int64(setup.agenda.first?.timeboxSeconds ?? 0) * 1000
        state.visits = [StepVisit(step: 0, at: at)]
        return state
    }

    /// Rebuilds a session from its whole log (the first event must be `sessionCreated`).
    public func fold(_ log: [EventEnvelope]) -> SessionState? {
        guard let first = log.first, case .sessionCreated(let setup) = first.event else { return nil }
        var state = initialState(setup, at: first.at)
        state.seq = first.seq
        for envelope in log.dropFirst() { apply(envelope, to: &state) }
        return state
    }

    // MARK: Deciding member commands

    /// Validates a member's command and returns its events, or why it is refused.
    public func decide(
        _ command: SessionCommand, by actor: ParticipantID, in state: SessionState, context: EngineContext
    ) -> Result<[SessionEvent], Rejection> {
        var none: DecodedActivityEvents? = nil
        return decide(command, by: actor, in: state, context: context, decoded: &none)
    }

    /// Decides like `decide(_:by:in:context:)` and leaves the typed activity events in
    /// `decoded`, so that folding them next (mode `.keep`) does not decode them again.
    public func decide(
        _ command: SessionCommand, by actor: ParticipantID, in state: SessionState, context: EngineContext,
        decoded: inout DecodedActivityEvents
    ) -> Result<[SessionEvent], Rejection> {
        var memory: DecodedActivityEvents? = decoded
        decoded = DecodedActivityEvents()  // keep `memory` uniquely referenced while it changes
        defer { decoded = memory ?? DecodedActivityEvents() }
        return decide(command, by: actor, in: state, context: context, decoded: &memory)
    }

    private func decide(
        _ command: SessionCommand, by actor: ParticipantID, in state: SessionState, context: EngineContext,
        decoded: inout DecodedActivityEvents?
    ) -> Result<[SessionEvent], Rejection> {
        decoded?.fresh.removeAll()
        guard let member = state.members[actor], !member.removed else {
            return .failure(Rejection(.unauthorized, "you are not a member of this session"))
        }
        guard Permissions.allows(member.role, command) else {
            let article = member.role == .observer ? "an" : "a"
            return .failure(
                .forbidden("\(article) \(member.role.rawValue) may not \(command.kind)")
                    .because("role.forbidden", ["role": member.role.rawValue, "variant": command.kind]))
        }
        switch command {
        case .raiseHand, .lowerHand:
            return decideHand(command, by: member, in: state)
        case .setRole, .handOver, .remove:
            return decideMembership(command, by: member, in: state, now: context.now)
        case .nextStep, .previousStep, .goToStep:
            return decideAgenda(command, in: state)
        case .startTimer, .pauseTimer, .resumeTimer, .extendTimer, .resetTimer:
            return decideTimer(command, in: state, now: context.now)
        case .activity(let intent):
            return decideActivity(intent, by: member, in: state, context: context, decoded: &decoded)
        }
    }

    private func decideActivity(
        _ intent: JSONValue, by member: Participant, in state: SessionState, context: EngineContext,
        decoded: inout DecodedActivityEvents?
    ) -> Result<[SessionEvent], Rejection> {
        guard let driver = registry.driver(state.step.activity) else {
            return .failure(.invalidState("this step's activity is not available on this server"))
        }
        let activityContext = ActivityContext(
            actor: member.id, role: member.role, now: context.now, roster: state.roster, random: context.random,
            joinOrder: state.joinOrder, groups: state.setup.cohort?.territories.map(\.members) ?? [])
        return driver.decide(state.activities[state.currentStep], intent, activityContext).map { events in
            decoded?.fresh = events
            return events.map { .activity(step: state.currentStep, event: $0.json) }
        }
    }

    // MARK: Deciding the shell's commands

    private func admit(_ id: ParticipantID, _ rawName: String, _ role: Role, _ tokenHash: String, in state: SessionState, now: Int64)
        -> Result<[SessionEvent], Rejection>
    {
        guard let cleaned = DisplayName.clean(rawName) else {
            return .failure(.badRequest("a display name is needed"))
        }
        let active = state.members.values.filter { !$0.removed }
        guard active.count < state.setup.maxParticipants else {
            return .failure(Rejection(.conflict, "the session is full (\(state.setup.maxParticipants) members)"))
        }
        let name = DisplayName.unique(cleaned, among: active.map(\.name))
        let joined = SessionEvent.participantJoined(id: id, name: name, role: role, tokenHash: tokenHash)
        return welcoming(role == .participant ? id : nil, in: state, now: now).map { [joined] + $0 }
    }

    /// Validates a command from the shell (join, presence, clock).
    public func decide(system command: SystemCommand, in state: SessionState, context: EngineContext) -> Result<
        [SessionEvent], Rejection
    > {
        switch command {
        case .join(let rawName, let role, let tokenHash):
            // There is one lead: a second facilitator joins as co-facilitator.
            let granted: Role = role == .facilitator && state.lead != nil ? .cofacilitator : role
            return admit(ParticipantID("p\(state.joinOrder.count + 1)"), rawName, granted, tokenHash, in: state, now: context.now)
        case .enter(let member, let rawName, let tokenHash):
            guard state.members[member] == nil else {
                return .failure(Rejection(.conflict, "\(member.rawValue.prefix(40)) is already a member of this session"))
            }
            return admit(member, rawName, .participant, tokenHash, in: state, now: context.now)
        case .setPresence(let id, let online):
            guard let member = state.members[id] else { return .failure(Rejection(.notFound, "no such member")) }
            return .success(member.online == online || member.removed ? [] : [.presenceChanged(id: id, online: online)])
        case .timerElapsed(let run):
            guard state.timer.status == .running, state.timer.run == run, let deadline = state.timer.deadline,
                context.now >= deadline
            else { return .success([]) }
            return .success([.timerElapsed])
        case .activityAlarm:
            guard let due = alarm(of: state), context.now >= due, let driver = registry.driver(state.step.activity) else {
                return .success([])
            }
            do {
                return .success(
                    try driver.clockReached(state.activities[state.currentStep], context.now).map {
                        .activity(step: state.currentStep, event: $0)
                    })
            } catch {
                return .failure(Rejection(.internal, "an activity's event could not be encoded"))
            }
        }
    }

    /// Every step's contributions, step by step.
    public func contributions(of state: SessionState) -> [(step: Int, contributions: [Contribution])] {
        state.activities.enumerated().map { step, activity in
            (step, registry.driver(activity.activityID)?.contributions(activity) ?? [])
        }
    }

    /// Every step's outcomes (requests, commitments, lessons), step by step.
    public func outcomes(of state: SessionState) -> [(step: Int, outcomes: Outcomes)] {
        state.activities.enumerated().map { step, activity in
            (step, registry.driver(activity.activityID)?.outcomes(activity) ?? Outcomes())
        }
    }

    /// Step `step`'s activity file for download (a closed vote's ballots), or nil.
    public func export(of state: SessionState, step: Int) -> JSONValue? {
        guard state.activities.indices.contains(step) else { return nil }
        return registry.driver(state.activities[step].activityID)?.export(state.activities[step])
    }

    /// Whether `event` holds something nobody may link to its sender (a secret ballot): the
    /// shell stores it without actor or command id.
    public func isSealed(_ event: SessionEvent, in setup: SessionSetup) -> Bool {
        guard case .activity(let step, let json) = event, setup.agenda.indices.contains(step),
            let driver = registry.driver(setup.agenda[step].activity), driver.manifest.hasSealedEvents
        else { return false }
        return driver.isSealed(json)
    }

    /// The event as exported to people: a sealed one keeps its kind and loses its content
    /// (`{"sealedBallotCast": {}}`).
    public func exported(_ event: SessionEvent, in setup: SessionSetup) -> SessionEvent {
        guard isSealed(event, in: setup), case .activity(let step, let json) = event, let kind = json.objectValue?.keys.first
        else { return event }
        return .activity(step: step, event: .object([kind: .object([:])]))
    }

    /// When the current step's activity next wants to hear the time (a speaker's timebox),
    /// or nil; the shell sends `activityAlarm` then.
    public func alarm(of state: SessionState) -> Int64? {
        guard state.activities.indices.contains(state.currentStep) else { return nil }
        return registry.driver(state.step.activity)?.alarm(state.activities[state.currentStep])
    }
}
