import AtelierKit

/// The module's section of the session minutes, in Markdown: for each case, the client,
/// the problem summary, the questions with their answers, the request, the consultation's
/// contributions, the action plan and the learnings. Private notes never appear.
struct Minutes {
    let state: PeerConsultation.State
    let french: Bool
    let names: [ParticipantID: String]

    var text: String {
        state.cases.enumerated().map { index, item in section(item, number: index + 1) }.joined(separator: "\n\n")
    }

    private func name(_ id: ParticipantID?) -> String {
        guard let id else { return french ? "(non désigné)" : "(not named)" }
        return names[id] ?? id.rawValue
    }

    private func section(_ item: PeerConsultation.Case, number: Int) -> String {
        var lines: [String] = []
        let title = french ? "Cas" : "Case"
        lines.append("### \(title) \(number) — client : \(name(item.client))")
        if !item.summary.isEmpty {
            lines += ["", french ? "**Le problème**" : "**The problem**", "", item.summary]
        }
        let questions = item.cards.filter { $0.kind == .question }
        if !questions.isEmpty {
            lines += ["", french ? "**Questions de clarification**" : "**Clarifying questions**", ""]
            for card in questions {
                let flag = card.flagged ? (french ? " *(conseil déguisé)*" : " *(advice in disguise)*") : ""
                lines.append("- \(card.text) — \(name(card.author))\(flag)")
                if let answer = card.answer { lines.append("  - \(french ? "Réponse" : "Answer") : \(answer)") }
            }
        }
        let reformulations = item.cards.filter { $0.kind == .reformulation }
        if !reformulations.isEmpty {
            lines += ["", french ? "**Reformulations**" : "**Reformulations**", ""]
            lines += reformulations.map { "- \($0.text) — \(name($0.author))" }
        }
        if !item.contract.isEmpty {
            lines += ["", french ? "**Le contrat**" : "**The request**", ""]
            lines += item.contract.enumerated().map { "\($0.offset + 1). \(french ? "Aidez-moi à" : "Help me") \($0.element)" }
        }
        let contributions = item.cards.filter { $0.phase == .consultation }
        if !contributions.isEmpty {
            lines += ["", french ? "**Consultation**" : "**Consultation**", ""]
            for card in contributions {
                let tag = card.tag.map { " [\($0 + 1)]" } ?? ""
                lines.append("- *\(kindName(card.kind))*\(tag) \(card.text) — \(name(card.author))")
                if let precision = card.precision { lines.append("  - \(french ? "Précision demandée" : "Precision asked") : \(precision)") }
            }
        }
        if !item.actions.isEmpty {
            lines += ["", french ? "**Plan d'action**" : "**Action plan**", ""]
            for action in item.actions {
                var parts = [action.what]
                if !action.due.isEmpty { parts.append((french ? "échéance : " : "by: ") + action.due) }
                if !action.resources.isEmpty { parts.append((french ? "ressources : " : "resources: ") + action.resources) }
                lines.append("- [ ] " + parts.joined(separator: " — "))
            }
        }
        let learnings = item.cards.filter { $0.kind == .learning }
        if !learnings.isEmpty {
            lines += ["", french ? "**Apprentissages (4 A)**" : "**Learnings (4 A)**", ""]
            for frame in PeerConsultation.LearningFrame.allCases {
                for card in learnings where card.frame == frame {
                    lines.append("- *\(frameName(frame))* : \(card.text) — \(name(card.author))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func kindName(_ kind: PeerConsultation.CardKind) -> String {
        switch kind {
        case .question: french ? "Question" : "Question"
        case .reformulation: french ? "Reformulation" : "Reformulation"
        case .reaction: french ? "Réaction" : "Reaction"
        case .hypothesis: french ? "Hypothèse" : "Hypothesis"
        case .experience: french ? "Expérience" : "Experience"
        case .suggestion: french ? "Suggestion" : "Suggestion"
        case .learning: french ? "Apprentissage" : "Learning"
        }
    }

    private func frameName(_ frame: PeerConsultation.LearningFrame) -> String {
        switch frame {
        case .appreciation: french ? "Appréciation" : "Appreciation"
        case .expectations: french ? "Attentes" : "Expectations"
        case .learnings: french ? "Apprentissages" : "Learnings"
        case .applications: french ? "Applications" : "Applications"
        }
    }
}
