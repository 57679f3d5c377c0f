import AtelierKit

extension Voting {
    /// The French default scale of majority judgment, best first.
    public static let frenchGrades = ["Excellent", "Très bien", "Bien", "Assez bien", "Passable", "Insuffisant", "À rejeter"]

    /// What the minutes and the settings say, in each language.
    public static let catalogue: Catalogue = [
        "fr": [
            "minutes.heading": "### Vote — {question}",
            "minutes.noQuestion": "(sans question)",
            "minutes.how": "Méthode : {method} · {secrecy} · Participation : {turnout}",
            "minutes.secret": "bulletin secret", "minutes.open": "vote nominatif",
            "minutes.notClosed": "Le vote n'a pas été clos.",
            "minutes.cancelled": "Le vote a été annulé.",
            "minutes.winner": "**Résultat : {winner}**",
            "minutes.noWinner": "**Résultat : pas de décision (égalité ou objection)**",
            "minutes.objections": "**Objections**",
            "minutes.ballots": "**Votes**",
            "method.single": "choix unique", "method.yes-no": "oui / non / abstention", "method.approval": "approbation",
            "method.dot": "gommettes", "method.schulze": "classement (Schulze)", "method.irv": "classement (vote alternatif)",
            "method.majority-judgment": "jugement majoritaire", "method.consent": "consentement",
            "method.fist-to-five": "poing à cinq",
            "yesNo.yes": "Oui", "yesNo.no": "Non", "yesNo.abstain": "Abstention",
            "position.consent": "consent", "position.objection": "objection", "position.stand-aside": "se retire",
            "setting.question": "Question", "setting.method": "Méthode", "setting.options": "Options (une par ligne)",
            "setting.grades": "Mentions du jugement majoritaire (de la meilleure à la pire, une par ligne)",
            "setting.minChoices": "Approbation : options à choisir au moins", "setting.maxChoices": "Approbation : au plus (0 : sans limite)",
            "setting.dots": "Gommettes par personne", "setting.dotCap": "Gommettes au plus par option (0 : sans limite)",
            "setting.secrecy": "Bulletin (open : nominatif, secret)", "setting.results": "Résultats (live : en direct, after_close : après la clôture)",
            "setting.final": "Vote définitif (pas de changement)", "setting.voters": "Qui vote (participants, everyone : animateurs aussi)",
        ],
        "en": [
            "minutes.heading": "### Vote — {question}",
            "minutes.noQuestion": "(no question)",
            "minutes.how": "Method: {method} · {secrecy} · Turnout: {turnout}",
            "minutes.secret": "secret ballot", "minutes.open": "open ballot",
            "minutes.notClosed": "The vote was not closed.",
            "minutes.cancelled": "The vote was cancelled.",
            "minutes.winner": "**Result: {winner}**",
            "minutes.noWinner": "**Result: no decision (a tie or an objection)**",
            "minutes.objections": "**Objections**",
            "minutes.ballots": "**Ballots**",
            "method.single": "single choice", "method.yes-no": "yes / no / abstain", "method.approval": "approval",
            "method.dot": "dot voting", "method.schulze": "ranking (Schulze)", "method.irv": "ranking (instant-runoff)",
            "method.majority-judgment": "majority judgment", "method.consent": "consent",
            "method.fist-to-five": "fist-to-five",
            "yesNo.yes": "Yes", "yesNo.no": "No", "yesNo.abstain": "Abstain",
            "position.consent": "consent", "position.objection": "objection", "position.stand-aside": "stands aside",
            "setting.question": "Question", "setting.method": "Method", "setting.options": "Options (one per line)",
            "setting.grades": "Majority judgment grades (best to worst, one per line)",
            "setting.minChoices": "Approval: fewest options to choose", "setting.maxChoices": "Approval: most (0: no limit)",
            "setting.dots": "Dots per person", "setting.dotCap": "Most dots on one option (0: no cap)",
            "setting.secrecy": "Ballot (open, secret)", "setting.results": "Results (live, after_close)",
            "setting.final": "Final ballots (no changes)", "setting.voters": "Who votes (participants, everyone: facilitators too)",
        ],
    ]
}
