import AtelierKit

/// The vote's section of the minutes: the question, the method, the turnout, the result
/// and the counts; for an open vote, who voted what.
struct VoteMinutes {
    let state: Voting.State
    let locale: String
    let names: [ParticipantID: String]

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        Voting.catalogue.text(key, locale, values)
    }

    var text: String {
        let config = state.config
        var lines = [t("minutes.heading", ["question": config.question.isEmpty ? t("minutes.noQuestion") : config.question]), ""]
        lines.append(t("minutes.how", [
            "method": t("method.\(config.method.rawValue)"),
            "secrecy": t(config.secret ? "minutes.secret" : "minutes.open"),
            "turnout": "\(state.turnout.count)",
        ]))
        switch state.phase {
        case .draft, .open:
            lines.append(t("minutes.notClosed"))
            return lines.joined(separator: "\n")
        case .cancelled:
            lines.append(t("minutes.cancelled"))
            return lines.joined(separator: "\n")
        case .closed, .published:
            break
        }
        guard case .success(let result) = Tally.run(state.tallyInput(state.ballots)) else {
            return lines.joined(separator: "\n")
        }
        lines.append(result.winner.map { t("minutes.winner", ["winner": label($0)]) } ?? t("minutes.noWinner"))
        lines.append("")
        for (place, tier) in result.ranking.enumerated() {
            lines.append("\(place + 1). \(tier.map(label).joined(separator: " = "))")
        }
        if let counts = result.details["counts"]?.objectValue {
            lines.append("")
            for option in state.tallyInput([]).options { lines.append("- \(label(option)) : \(counts[option]?.intValue ?? 0)") }
        }
        if let grades = result.details["majorityGrades"]?.objectValue {
            lines.append("")
            for option in config.options { lines.append("- \(option) : \(grades[option]?.stringValue ?? "")") }
        }
        if let objections = result.details["objections"]?.arrayValue, !objections.isEmpty {
            lines += ["", t("minutes.objections")] + objections.compactMap(\.stringValue).map { "- \($0)" }
        }
        if !config.secret, !state.named.isEmpty {
            lines += ["", t("minutes.ballots")]
            for voter in state.named.keys.sorted() {
                lines.append("- \(names[voter] ?? voter.rawValue) : \(describe(state.named[voter]!))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func label(_ option: String) -> String {
        state.config.method == .yesNo ? t("yesNo.\(option)") : option
    }

    private func describe(_ ballot: Ballot) -> String {
        switch ballot {
        case .choice(let option): label(option)
        case .approved(let options): options.joined(separator: ", ")
        case .dots(let dots): dots.keys.sorted().map { "\($0) ×\(dots[$0]!)" }.joined(separator: ", ")
        case .ranking(let tiers): tiers.map { $0.joined(separator: " = ") }.joined(separator: " > ")
        case .grades(let grades): state.config.options.map { "\($0) : \(grades[$0] ?? state.config.grades.last ?? "")" }.joined(separator: " ; ")
        case .position(let position, let reason): t("position.\(position.rawValue)") + (reason.map { " (\($0))" } ?? "")
        case .score(let score): "\(score)"
        }
    }
}
