import AtelierKit

/// The minutes of a step's rounds: per theme, who spoke and for how long, then the cards
/// grouped by heading with their +1 counts (most first).
struct RoundMinutes {
    let state: ThemeRound.State
    let locale: String
    let names: [ParticipantID: String]

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        ThemeRound.catalogue.text(key, locale, values)
    }

    private func name(_ id: ParticipantID?) -> String {
        guard let id else { return "" }
        return names[id] ?? id.rawValue
    }

    var text: String? {
        guard !state.rounds.isEmpty else { return t("minutes.none") }
        return state.rounds.map(section).joined(separator: "\n\n")
    }

    private func section(_ round: ThemeRound.Round) -> String {
        var lines = [t("minutes.round", ["number": "\(round.number)", "theme": round.theme]), ""]
        let speaking = round.speaking
        var order: [ParticipantID] = []
        for turn in round.turns where !order.contains(turn.speaker) { order.append(turn.speaker) }
        if order.isEmpty {
            lines.append(t("minutes.nobodySpoke"))
        } else {
            lines.append(t("minutes.speakers"))
            for member in order {
                let outcomes = round.turns.filter { $0.speaker == member }.map(\.outcome)
                let spoke = outcomes.contains(.spoke) || outcomes.contains(.left)
                let how = spoke ? duration(speaking[member] ?? 0) : t("outcome.\(outcomes.last?.rawValue ?? "passed")")
                lines.append(t("minutes.speaker", ["name": name(member), "how": how]))
            }
        }
        if !round.skipped.isEmpty {
            lines.append(t("minutes.skipped", ["names": round.skipped.map(name).joined(separator: ", ")]))
        }
        let groups: [(title: String, cards: [ThemeRound.Card])] =
            round.headings.map { heading in (heading.title, round.cards.filter { $0.heading == heading.id }) }
            + [(t("minutes.ungrouped"), round.cards.filter { card in !round.headings.contains { $0.id == card.heading } })]
        for group in groups where !group.cards.isEmpty {
            lines += ["", "#### \(group.title)", ""]
            for card in group.cards.sorted(by: { $0.dots.count > $1.dots.count || ($0.dots.count == $1.dots.count && $0.id < $1.id) }) {
                var line = "- \(card.text)"
                if card.speaker != nil { line += " — \(name(card.speaker))" }
                if !card.dots.isEmpty { line += " (+\(card.dots.count))" }
                lines.append(line)
            }
        }
        if round.cards.isEmpty { lines += ["", t("minutes.noCards")] }
        return lines.joined(separator: "\n")
    }

    private func duration(_ ms: Int64) -> String {
        let seconds = Int((ms + 500) / 1000)
        if seconds < 60 { return t("duration.seconds", ["seconds": "\(seconds)"]) }
        return seconds % 60 == 0
            ? t("duration.wholeMinutes", ["minutes": "\(seconds / 60)"])
            : t("duration.minutes", ["minutes": "\(seconds / 60)", "seconds": "\(seconds % 60)"])
    }
}
