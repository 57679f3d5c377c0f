import AtelierKit

extension ThemeRound.State {
    /// What an audience sees: the settings that shape the screens, the pairs, and every
    /// round (the running one last). Facilitators also see speaking times.
    func sharedView(for audience: Audience) -> JSONValue {
        var view: [String: JSONValue] = [
            "turns": .bool(true),
            "themes": .strings(config.themes),
            "theme": .string(config.theme),
            "by": .string(config.grouping.rawValue),
            "order": .string(config.ordering.rawValue),
            "secondsPerSpeaker": .int(Int(config.speakerMs / 1000)),
            "autoAdvance": .bool(config.autoAdvance),
            "talkingStick": .bool(config.talkingStick),
            "scribe": .bool(config.scribe),
            "dots": .int(config.dots),
            "pairs": .array(pairs.map { .strings($0.map(\.rawValue)) }),
            "rounds": .array(rounds.map { $0.json(for: audience) }),
            "running": .bool(running != nil),
        ]
        if audience == .facilitator {
            let total = rounds.reduce(into: [ParticipantID: Int64]()) { sum, round in
                for (member, ms) in round.speaking { sum[member, default: 0] += ms }
            }
            view["speaking"] = .object(total.reduce(into: [:]) { $0[$1.key.rawValue] = .int(Int($1.value)) })
        }
        return .object(view)
    }

    /// The cards one has dotted in the latest round, and how many dots are left.
    func privateView(for participant: ParticipantID) -> JSONValue? {
        guard let round = rounds.last else { return nil }
        let dotted = round.cards.filter { $0.dots.contains(participant) }.map(\.id)
        var view: [String: JSONValue] = ["dotted": .array(dotted.map { .int($0) })]
        if config.dots > 0 { view["dotsLeft"] = .int(max(0, config.dots - dotted.count)) }
        return .object(view)
    }
}

extension ThemeRound.Round {
    func json(for audience: Audience) -> JSONValue {
        var round: [String: JSONValue] = [
            "number": .int(number),
            "theme": .string(theme),
            "startedAt": .int(Int(startedAt)),
            "queue": .array(queue.map { .strings($0.map(\.rawValue)) }),
            "partners": .strings(partners.map(\.rawValue)),
            "skipped": .strings(skipped.map(\.rawValue)),
            "turns": .array(turns.map { turn in
                var entry: [String: JSONValue] = ["speaker": .string(turn.speaker.rawValue), "outcome": .string(turn.outcome.rawValue)]
                if audience == .facilitator { entry["ms"] = .int(Int(turn.spokeMs)) }
                return .object(entry)
            }),
            "headings": .array(headings.map { ["id": .int($0.id), "title": .string($0.title)] }),
            "cards": .array(cards.map(\.json)),
        ]
        if let endedAt { round["endedAt"] = .int(Int(endedAt)) }
        if let floor {
            round["floor"] = [
                "speaker": .string(floor.speaker.rawValue), "since": .int(Int(floor.since)),
                "deadline": .int(Int(floor.deadline)), "timeUp": .bool(floor.timeUp),
            ]
        }
        if let next = waiting.first { round["next"] = .string(next.rawValue) }
        return .object(round)
    }
}

extension ThemeRound.Card {
    var json: JSONValue {
        var card: [String: JSONValue] = [
            "id": .int(id), "author": .string(author.rawValue), "text": .string(text), "dots": .int(dots.count),
        ]
        if let speaker { card["speaker"] = .string(speaker.rawValue) }
        if let heading { card["heading"] = .int(heading) }
        return .object(card)
    }
}
