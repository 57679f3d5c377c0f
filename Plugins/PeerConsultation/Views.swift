import AtelierKit

extension PeerConsultation.State {
    /// What an audience sees: everything but the client's notes and who voted for what;
    /// facilitators also see speaking times and who has already been a client.
    func sharedView(for audience: Audience) -> JSONValue {
        var view: [String: JSONValue] = [
            "variant": .string(config.variant.rawValue),
            "subjectSelection": .bool(config.subjectSelection),
            "clientListens": .bool(config.variant.clientListens),
            "learningFrame": .string(config.freeLearnings == true ? "free" : "four-a"),
            "phases": .array(phases.map { ["id": .string($0.rawValue), "number": .int($0.number), "minutes": .int(config.minutes[$0] ?? $0.defaultMinutes)] }),
            "phase": .string(phase.rawValue),
            "case": .int(cases.count),
            "cases": .int(config.cases),
            "turns": .bool(true),
            "hands": .strings(hands.map(\.rawValue)),
            "proposals": .array(current.proposals.map { proposal in
                [
                    "id": .int(proposal.id), "author": .string(proposal.author.rawValue), "text": .string(proposal.text),
                    "votes": .int(current.votes.values.filter { $0 == proposal.id }.count),
                ]
            }),
            "summary": .string(current.summary),
            "contract": .strings(current.contract),
            "cards": .array(current.cards.map(\.json)),
            "actions": .array(current.actions.map(\.json)),
            "pastCases": .array(cases.dropLast().map { past in
                var entry: [String: JSONValue] = ["contract": .strings(past.contract), "actions": .int(past.actions.count)]
                if let client = past.client { entry["client"] = .string(client.rawValue) }
                if let coClients = past.coClients { entry["coClients"] = .strings(coClients.map(\.rawValue)) }
                return .object(entry)
            }),
        ]
        if let client = current.client { view["client"] = .string(client.rawValue) }
        if let coClients = current.coClients { view["coClients"] = .strings(coClients.map(\.rawValue)) }
        if let deadline { view["deadline"] = .int(Int(deadline)) }
        if let speaker {
            view["speaker"] = .string(speaker.rawValue)
            view["speakerSince"] = .int(Int(speakerSince))
        }
        if audience == .facilitator {
            view["speaking"] = .object(
                Dictionary(uniqueKeysWithValues: speaking.map { phase, times in
                    (phase.rawValue, JSONValue.object(times.reduce(into: [:]) { $0[$1.key.rawValue] = .int(Int($1.value)) }))
                }))
            view["pastClients"] = .strings(cases.dropLast().flatMap(\.clients).map(\.rawValue))
        }
        return .object(view)
    }

    /// The client's notes (to the client only) and one's own vote in phase 0.
    func privateView(for participant: ParticipantID) -> JSONValue? {
        var view: [String: JSONValue] = [:]
        if current.clients.contains(participant) { view["notes"] = .string(current.notes) }
        if let vote = current.votes[participant] { view["vote"] = .int(vote) }
        return view.isEmpty ? nil : .object(view)
    }
}

extension PeerConsultation.Card {
    var json: JSONValue {
        var card: [String: JSONValue] = [
            "id": .int(id), "phase": .string(phase.rawValue), "kind": .string(kind.rawValue),
            "author": .string(author.rawValue), "text": .string(text), "flagged": .bool(flagged),
        ]
        if let tag { card["tag"] = .int(tag) }
        if let frame { card["frame"] = .string(frame.rawValue) }
        if let answer { card["answer"] = .string(answer) }
        if let precision { card["precision"] = .string(precision) }
        return .object(card)
    }
}

extension PeerConsultation.ActionItem {
    var json: JSONValue {
        var item: [String: JSONValue] = ["id": .int(id), "what": .string(what), "due": .string(due), "resources": .string(resources)]
        if let source { item["source"] = .int(source) }
        return .object(item)
    }
}
