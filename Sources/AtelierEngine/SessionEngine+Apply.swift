import AtelierKit

extension SessionEngine {
    /// Folds one logged event into the state. Total: an event that does not fit (an unknown
    /// member, a step out of range) changes nothing but `seq`.
    public func apply(_ envelope: EventEnvelope, to state: inout SessionState) {
        var none: DecodedActivityEvents? = nil
        apply(envelope, to: &state, decoded: &none)
    }

    /// Folds one event just decided, applying its activity event from the typed value the
    /// decision left in `decoded` (see `DecodedActivityEvents`). The state is the same as
    /// with `apply(_:to:)`.
    public func apply(_ envelope: EventEnvelope, to state: inout SessionState, decoded: inout DecodedActivityEvents) {
        var memory: DecodedActivityEvents? = decoded
        decoded = DecodedActivityEvents()  // keep `memory` uniquely referenced while it changes
        apply(envelope, to: &state, decoded: &memory)
        decoded = memory ?? DecodedActivityEvents()
    }

    private func apply(_ envelope: EventEnvelope, to state: inout SessionState, decoded: inout DecodedActivityEvents?) {
        state.seq = envelope.seq
        if let actor = envelope.actor, let commandID = envelope.commandID {
            remember(SessionState.acknowledgementKey(actor, commandID), seq: envelope.seq, in: &state)
        }
        switch envelope.event {
        case .sessionCreated:
            break  // only ever first; `initialState` handles it
        case .participantJoined(let id, let name, let role, let tokenHash):
            guard state.members[id] == nil else { return }
            state.members[id] = Participant(
                id: id, name: name, role: role, online: false, tokenHash: tokenHash, removed: false,
                roleSince: envelope.seq)
            state.joinOrder.append(id)
            state.refreshRoster(id)
        case .presenceChanged(let id, let online):
            state.members[id]?.online = online
        case .roleChanged(let id, let role):
            state.members[id]?.role = role
            state.members[id]?.roleSince = envelope.seq
            state.refreshRoster(id)
            if role != .participant { state.hands.removeAll { $0 == id } }
        case .leadHandedOver(let from, let to):
            guard state.members[from] != nil, state.members[to] != nil else { return }
            state.members[from]?.role = .cofacilitator
            state.members[from]?.roleSince = envelope.seq
            state.members[to]?.role = .facilitator
            state.members[to]?.roleSince = envelope.seq
            state.refreshRoster(from)
            state.refreshRoster(to)
            state.hands.removeAll { $0 == to }
        case .participantRemoved(let id):
            state.members[id]?.removed = true
            state.members[id]?.online = false
            state.members[id]?.roleSince = envelope.seq
            state.refreshRoster(id)
            state.hands.removeAll { $0 == id }
        case .handRaised(let id):
            if !state.hands.contains(id) { state.hands.append(id) }
        case .handLowered(let id):
            state.hands.removeAll { $0 == id }
        case .stepChanged(let index):
            guard state.setup.agenda.indices.contains(index) else { return }
            state.visits.append(StepVisit(step: index, at: envelope.at))
            state.currentStep = index
            state.timer = TimerState(durationMs: Int64(state.step.timeboxSeconds) * 1000, run: state.timer.run)
        case .activity(let step, let event):
            guard state.activities.indices.contains(step), let driver = registry.driver(state.activities[step].activityID)
            else { return }
            var known: (any Sendable)? = nil
            if let next = decoded?.fresh.first, next.json == event {
                known = next.typed
                decoded?.fresh.removeFirst()
            }
            driver.apply(&state.activities[step], event, known)
        default:
            applyTimer(envelope.event, to: &state)
        }
    }

    private func applyTimer(_ event: SessionEvent, to state: inout SessionState) {
        switch event {
        case .timerStarted(let durationMs, let deadline):
            state.timer = TimerState(
                status: .running, durationMs: durationMs, deadline: deadline, remainingMs: nil, run: state.timer.run + 1)
        case .timerPaused(let remainingMs):
            state.timer.status = .paused
            state.timer.remainingMs = remainingMs
            state.timer.deadline = nil
        case .timerResumed(let deadline):
            state.timer.status = .running
            state.timer.deadline = deadline
            state.timer.remainingMs = nil
            state.timer.run += 1
        case .timerExtended(let byMs):
            state.timer.durationMs += byMs
            if let deadline = state.timer.deadline { state.timer.deadline = deadline + byMs }
            if let remaining = state.timer.remainingMs { state.timer.remainingMs = remaining + byMs }
            state.timer.run += 1
        case .timerReset:
            state.timer = TimerState(durationMs: Int64(state.step.timeboxSeconds) * 1000, run: state.timer.run + 1)
        case .timerElapsed:
            state.timer.status = .elapsed
            state.timer.deadline = nil
            state.timer.remainingMs = 0
        default:
            break
        }
    }

    func remember(_ key: String, seq: Int, in state: inout SessionState) {
        if state.acknowledged.updateValue(seq, forKey: key) != nil {
            state.acknowledgedOrder.update(key, seq: seq)  // a command with several events
        } else {
            state.acknowledgedOrder.append(key, seq: seq)
            if state.acknowledgedOrder.count > SessionState.acknowledgementMemory {
                let overflow = state.acknowledgedOrder.count - SessionState.acknowledgementMemory
                for old in state.acknowledgedOrder.prefix(overflow) { state.acknowledged.removeValue(forKey: old) }
                state.acknowledgedOrder.removeFirst(overflow)
            }
        }
    }
}
