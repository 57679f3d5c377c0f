import AtelierKit

extension SessionEngine {
    func decideHand(_ command: SessionCommand, by member: Participant, in state: SessionState) -> Result<
        [SessionEvent], Rejection
    > {
        switch command {
        case .raiseHand:
            return .success(state.hands.contains(member.id) ? [] : [.handRaised(id: member.id)])
        case .lowerHand(let target):
            let whose = target ?? member.id
            if whose != member.id, !member.role.facilitates {
                return .failure(.forbidden("only facilitators lower someone else's hand"))
            }
            return .success(state.hands.contains(whose) ? [.handLowered(id: whose)] : [])
        default:
            return .success([])
        }
    }

    func decideMembership(_ command: SessionCommand, by member: Participant, in state: SessionState, now: Int64) -> Result<
        [SessionEvent], Rejection
    > {
        func target(_ id: ParticipantID) -> Result<Participant, Rejection> {
            guard let found = state.members[id], !found.removed else {
                return .failure(Rejection(.notFound, "no member \(id.rawValue.prefix(40)) in this session"))
            }
            return .success(found)
        }
        switch command {
        case .setRole(let id, let role):
            return target(id).flatMap { subject in
                guard role != .facilitator else {
                    return .failure(.badRequest("use handOver to give the lead"))
                }
                guard subject.role != .facilitator else {
                    return .failure(.forbidden("the lead facilitator's role changes only by handOver"))
                }
                if member.role == .cofacilitator {
                    let movable: Set<Role> = [.participant, .observer]
                    guard movable.contains(subject.role), movable.contains(role) else {
                        return .failure(.forbidden("a co-facilitator only moves members between participant and observer"))
                    }
                }
                guard subject.role != role else { return .success([]) }
                let changed = SessionEvent.roleChanged(id: id, role: role)
                if subject.role == .participant {
                    return forgetting(subject.id, in: state, now: now).map { [changed] + $0 }
                }
                return welcoming(role == .participant ? subject.id : nil, in: state, now: now).map { [changed] + $0 }
            }
        case .handOver(let id):
            return target(id).flatMap { subject in
                guard subject.id != member.id else { return .failure(Rejection(.conflict, "you already lead")) }
                guard subject.role != .observer else {
                    return .failure(.invalidState("make the observer a participant or co-facilitator first"))
                }
                return .success([.leadHandedOver(from: member.id, to: subject.id)])
            }
        case .remove(let id):
            return target(id).flatMap { subject in
                guard subject.id != member.id else { return .failure(.badRequest("you cannot remove yourself")) }
                guard !subject.role.facilitates || member.role == .facilitator else {
                    return .failure(.forbidden("only the lead facilitator removes a co-facilitator"))
                }
                guard subject.role != .facilitator else {
                    return .failure(.forbidden("the lead facilitator cannot be removed"))
                }
                return forgetting(subject.id, in: state, now: now).map { [.participantRemoved(id: subject.id)] + $0 }
            }
        default:
            return .success([])
        }
    }

    /// The activity events, step by step, that take `member` out of what activities count
    /// (a "ready" mark…) once they stop taking part: removed, or no longer a participant.
    func forgetting(_ member: ParticipantID?, in state: SessionState, now: Int64) -> Result<[SessionEvent], Rejection> {
        everyStep(of: state, about: member) { driver, activity, member in try driver.forget(activity, member, now) }
    }

    /// The activity events, step by step, that bring `member` into what activities count
    /// (a place in a running round) once they start taking part: joined as a participant,
    /// or became one.
    func welcoming(_ member: ParticipantID?, in state: SessionState, now: Int64) -> Result<[SessionEvent], Rejection> {
        everyStep(of: state, about: member) { driver, activity, member in try driver.welcome(activity, member, now) }
    }

    private func everyStep(
        of state: SessionState, about member: ParticipantID?,
        _ events: (ActivityDriver, ActivityState, ParticipantID) throws -> [JSONValue]
    ) -> Result<[SessionEvent], Rejection> {
        guard let member else { return .success([]) }
        do {
            return .success(
                try state.activities.enumerated().flatMap { step, activity in
                    guard let driver = registry.driver(activity.activityID) else { return [SessionEvent]() }
                    return try events(driver, activity, member).map { SessionEvent.activity(step: step, event: $0) }
                })
        } catch {
            return .failure(Rejection(.internal, "an activity's event could not be encoded"))
        }
    }
}
