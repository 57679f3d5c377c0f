import AtelierKit

/// What each audience sees of a session, as JSON documents that clients patch.
///
/// The shared document of an audience has these top-level slices: `session`, `agenda`,
/// `timer`, `members`, `hands`, `activity`. A member's private part is the single slice
/// `me`. A client merges both into one document.
extension SessionEngine {
    /// The shared document for an audience. Observers never see more than participants.
    public func view(of state: SessionState, for audience: Audience) -> JSONValue {
        var session: [String: JSONValue] = [
            "id": .string(state.setup.id), "title": .string(state.setup.title),
            "locale": .string(state.setup.locale), "joinCode": .string(state.setup.joinCode),
        ]
        if audience == .facilitator { session["template"] = .string(state.setup.templateID) }
        return [
            "session": .object(session),
            "agenda": agendaView(state),
            "timer": timerView(state.timer),
            "members": membersView(state, for: audience),
            "hands": .strings(state.hands.map(\.rawValue)),
            "activity": activityView(state, for: audience),
        ]
    }

    /// The private part for one member: who they are, plus the activity's private view.
    public func privateView(of state: SessionState, for id: ParticipantID) -> JSONValue {
        guard let member = state.members[id] else { return ["me": [:]] }
        var me: [String: JSONValue] = [
            "id": .string(id.rawValue), "name": .string(member.name), "role": .string(member.role.rawValue),
            "handRaised": .bool(state.hands.contains(id)),
        ]
        if member.removed { me["removed"] = true }
        if let driver = registry.driver(state.step.activity), driver.manifest.hasPrivateViews,
            let part = driver.privateView(state.activities[state.currentStep], id)
        {
            me["activity"] = part
        }
        return ["me": .object(me)]
    }

    private func agendaView(_ state: SessionState) -> JSONValue {
        let steps: [JSONValue] = state.setup.agenda.map { step in
            [
                "title": .string(step.title), "activity": .string(step.activity),
                "timeboxSeconds": .int(step.timeboxSeconds),
            ]
        }
        return ["current": .int(state.currentStep), "steps": .array(steps)]
    }

    private func timerView(_ timer: TimerState) -> JSONValue {
        var view: [String: JSONValue] = ["status": .string(timer.status.rawValue), "durationMs": .int(Int(timer.durationMs))]
        if let deadline = timer.deadline { view["deadline"] = .int(Int(deadline)) }
        if let remaining = timer.remainingMs { view["remainingMs"] = .int(Int(remaining)) }
        return .object(view)
    }

    private func membersView(_ state: SessionState, for audience: Audience) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (order, id) in state.joinOrder.enumerated() {
            guard let member = state.members[id], !member.removed else { continue }
            members[id.rawValue] = [
                "name": .string(member.name), "role": .string(member.role.rawValue), "online": .bool(member.online),
                "order": .int(order),
            ]
        }
        return .object(members)
    }

    private func activityView(_ state: SessionState, for audience: Audience) -> JSONValue {
        let step = state.step
        guard let driver = registry.driver(step.activity) else {
            return ["id": .string(step.activity), "step": .int(state.currentStep), "view": [:]]
        }
        return [
            "id": .string(step.activity), "step": .int(state.currentStep),
            "module": .string(driver.manifest.clientModule),
            "view": driver.view(state.activities[state.currentStep], audience),
        ]
    }

    /// Each agenda step's activity section of the minutes (Markdown, in the session's
    /// locale), or nil for an activity that has none.
    public func minutesSections(of state: SessionState) -> [String?] {
        let names = state.members.mapValues(\.name)
        return state.setup.agenda.indices.map { index in
            registry.driver(state.setup.agenda[index].activity)?.minutes(state.activities[index], state.setup.locale, names)
        }
    }

    /// The session's minutes: the title, the agenda, then each activity's section (the
    /// server adds the date, the people and the times: `SessionExports`).
    public func minutes(of state: SessionState) -> String {
        var sections = ["# \(state.setup.title)"]
        for (index, (step, text)) in zip(state.setup.agenda, minutesSections(of: state)).enumerated() {
            sections.append("## \(index + 1). \(step.title)")
            if let text { sections.append(text) }
        }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
