import AtelierKit

extension PeerConsultation {
    /// What the minutes and the settings say, in each language (the browser module has its
    /// own catalogue for the screens).
    public static let catalogue: Catalogue = [
        "fr": [
            "minutes.case": "### Cas {number} — client : {client}",
            "minutes.unnamed": "(non désigné)",
            "minutes.problem": "**Le problème**",
            "minutes.questions": "**Questions de clarification**",
            "minutes.disguisedAdvice": " *(conseil déguisé)*",
            "minutes.answer": "  - Réponse : {answer}",
            "minutes.reformulations": "**Reformulations**",
            "minutes.contract": "**Le contrat**",
            "minutes.contractItem": "{number}. Aidez-moi à {request}",
            "minutes.consultation": "**Consultation**",
            "minutes.precision": "  - Précision demandée : {precision}",
            "minutes.actions": "**Plan d'action**",
            "minutes.due": "échéance : {due}",
            "minutes.resources": "ressources : {resources}",
            "minutes.learnings": "**Apprentissages (4 A)**",
            "card.question": "Question", "card.reformulation": "Reformulation", "card.reaction": "Réaction",
            "card.hypothesis": "Hypothèse", "card.experience": "Expérience", "card.suggestion": "Suggestion",
            "card.learning": "Apprentissage",
            "frame.appreciation": "Appréciation", "frame.expectations": "Attentes", "frame.learnings": "Apprentissages",
            "frame.applications": "Applications",
            "setting.variant": "Variante (classic, troika, wise-crowds)",
            "setting.subjectSelection": "Choix du sujet par le groupe",
            "setting.cases": "Nombre de cas (clients) dans l'étape",
            "setting.timebox": "Durée (min) : {phase}",
            "phase.subject": "choix du sujet", "phase.expose": "exposé", "phase.clarification": "clarification",
            "phase.contract": "contrat", "phase.consultation": "consultation", "phase.synthesis": "synthèse et plan d'action",
            "phase.learnings": "apprentissages",
        ],
        "en": [
            "minutes.case": "### Case {number} — client: {client}",
            "minutes.unnamed": "(not named)",
            "minutes.problem": "**The problem**",
            "minutes.questions": "**Clarifying questions**",
            "minutes.disguisedAdvice": " *(advice in disguise)*",
            "minutes.answer": "  - Answer: {answer}",
            "minutes.reformulations": "**Reformulations**",
            "minutes.contract": "**The request**",
            "minutes.contractItem": "{number}. Help me {request}",
            "minutes.consultation": "**Consultation**",
            "minutes.precision": "  - Precision asked: {precision}",
            "minutes.actions": "**Action plan**",
            "minutes.due": "by: {due}",
            "minutes.resources": "resources: {resources}",
            "minutes.learnings": "**Learnings (4 A)**",
            "card.question": "Question", "card.reformulation": "Reformulation", "card.reaction": "Reaction",
            "card.hypothesis": "Hypothesis", "card.experience": "Experience", "card.suggestion": "Suggestion",
            "card.learning": "Learning",
            "frame.appreciation": "Appreciation", "frame.expectations": "Expectations", "frame.learnings": "Learnings",
            "frame.applications": "Applications",
            "setting.variant": "Variant (classic, troika, wise-crowds)",
            "setting.subjectSelection": "Subject chosen by the group",
            "setting.cases": "Cases (clients) in the step",
            "setting.timebox": "Timebox (min): {phase}",
            "phase.subject": "subject", "phase.expose": "exposé", "phase.clarification": "clarification",
            "phase.contract": "contract", "phase.consultation": "consultation", "phase.synthesis": "synthesis and action plan",
            "phase.learnings": "learnings",
        ],
    ]

    /// A setting's name in every language of the catalogue.
    static func settingNames(_ key: String, _ values: [String: String] = [:]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: Catalogue.languages.map { ($0, catalogue.text(key, $0, values)) })
    }
}
