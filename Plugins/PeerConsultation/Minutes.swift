import AtelierKit

/// The module's section of the session minutes, in Markdown: for each case, the client,
/// the problem summary, the questions with their answers, the request, the consultation's
/// contributions, the action plan (each action with the contribution it was inspired by)
/// and the learnings. Private notes never appear, and no flag is ever set beside a name:
/// a question flagged as advice in disguise is listed without its author. Every word comes
/// from the module's catalogue (`Strings.swift`).
struct Minutes {
    /// Most characters of a contribution quoted as an action's source.
    static let sourceExcerpt = 80

    let state: PeerConsultation.State
    let locale: String
    let names: [ParticipantID: String]

    var text: String {
        state.cases.enumerated().map { index, item in section(item, number: index + 1) }.joined(separator: "\n\n")
    }

    private func say(_ key: String, _ values: [String: String] = [:]) -> String {
        PeerConsultation.catalogue.text(key, locale, values)
    }

    private func name(_ id: ParticipantID?) -> String {
        guard let id else { return say("minutes.unnamed") }
        return names[id] ?? id.rawValue
    }

    /// " (inspirée de : …)" with the beginning of the contribution `action` came from, on
    /// one line; the contribution's kind when its text was erased; "" without a source.
    private func source(of action: PeerConsultation.ActionItem, in item: PeerConsultation.Case) -> String {
        guard let id = action.source, let card = item.cards.first(where: { $0.id == id }) else { return "" }
        let text = card.text.onOneLine.shortened(to: Self.sourceExcerpt)
        return " " + say("minutes.source", ["source": text.isEmpty ? say("card.\(card.kind.rawValue)") : text])
    }

    private func section(_ item: PeerConsultation.Case, number: Int) -> String {
        let clients = item.coClients.map { [name(item.client)] + $0.map(name) }.map {
            $0.dropLast().joined(separator: ", ") + say("minutes.and") + ($0.last ?? "")
        } ?? name(item.client)
        var lines = [say("minutes.case", ["number": "\(number)", "client": clients])]
        if !item.summary.isEmpty {
            lines += ["", say("minutes.problem"), "", item.summary]
        }
        let questions = item.cards.filter { $0.kind == .question }
        if !questions.isEmpty {
            lines += ["", say("minutes.questions"), ""]
            for card in questions {
                lines.append("- \(card.text) — \(card.flagged ? say("minutes.flagged") : name(card.author))")
                if let answer = card.answer { lines.append(say("minutes.answer", ["answer": answer])) }
            }
        }
        let reformulations = item.cards.filter { $0.kind == .reformulation }
        if !reformulations.isEmpty {
            lines += ["", say("minutes.reformulations"), ""]
            lines += reformulations.map { "- \($0.text) — \(name($0.author))" }
        }
        if !item.contract.isEmpty {
            lines += ["", say("minutes.contract"), ""]
            lines += item.contract.enumerated().map { say("minutes.contractItem", ["number": "\($0.offset + 1)", "request": $0.element]) }
        }
        let contributions = item.cards.filter { $0.phase == .consultation }
        if !contributions.isEmpty {
            lines += ["", say("minutes.consultation"), ""]
            for card in contributions {
                let tag = card.tag.map { " [\($0 + 1)]" } ?? ""
                lines.append("- *\(say("card.\(card.kind.rawValue)"))*\(tag) \(card.text) — \(name(card.author))")
                if let precision = card.precision { lines.append(say("minutes.precision", ["precision": precision])) }
            }
        }
        if !item.actions.isEmpty {
            lines += ["", say("minutes.actions"), ""]
            for action in item.actions {
                var parts = [action.what]
                if !action.due.isEmpty { parts.append(say("minutes.due", ["due": action.due])) }
                if !action.resources.isEmpty { parts.append(say("minutes.resources", ["resources": action.resources])) }
                lines.append("- [ ] " + parts.joined(separator: " — ") + source(of: action, in: item))
            }
        }
        let learnings = item.cards.filter { $0.kind == .learning }
        if !learnings.isEmpty {
            lines += ["", say("minutes.learnings"), ""]
            for frame in PeerConsultation.LearningFrame.allCases {
                for card in learnings where card.frame == frame {
                    lines.append("- *\(say("frame.\(frame.rawValue)"))* : \(card.text) — \(name(card.author))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
