import AtelierKit

extension ThemeRound {
    /// What the minutes and the settings say, in each language (the browser module has its
    /// own catalogue for the screens).
    public static let catalogue: Catalogue = [
        "fr": [
            "minutes.none": "### Tour de table\n\nAucun tour n'a été lancé.",
            "minutes.round": "### Tour de table {number} — {theme}",
            "minutes.nobodySpoke": "Personne n'a pris la parole.",
            "minutes.speakers": "**Prises de parole**",
            "minutes.speaker": "- {name} : {how}",
            "minutes.skipped": "Non entendu·es : {names}",
            "minutes.ungrouped": "Sans rubrique",
            "minutes.noCards": "Aucune carte.",
            "outcome.spoke": "a parlé", "outcome.passed": "a passé son tour", "outcome.skipped": "passé·e par l'animateur",
            "outcome.left": "a quitté la séance",
            "duration.minutes": "{minutes} min {seconds} s",
            "duration.seconds": "{seconds} s",
            "setting.themes": "Thématiques proposées (une par ligne)",
            "setting.theme": "Thématique de la séance",
            "setting.by": "Tour par personne ou par territoire (person, territory)",
            "setting.order": "Ordre de parole (join : arrivée, random : tirage, facilitator : choisi)",
            "setting.seconds": "Temps de parole par personne (secondes)",
            "setting.autoAdvance": "Passer au suivant quand le temps est écoulé",
            "setting.talkingStick": "Bâton de parole : l'orateur choisit le suivant",
            "setting.scribe": "L'animateur peut écrire les cartes (scribe)",
            "setting.dots": "Gommettes (+1) par personne et par tour (0 : sans limite)",
        ],
        "en": [
            "minutes.none": "### Theme round\n\nNo round was started.",
            "minutes.round": "### Theme round {number} — {theme}",
            "minutes.nobodySpoke": "Nobody spoke.",
            "minutes.speakers": "**Who spoke**",
            "minutes.speaker": "- {name}: {how}",
            "minutes.skipped": "Not heard: {names}",
            "minutes.ungrouped": "Ungrouped",
            "minutes.noCards": "No cards.",
            "outcome.spoke": "spoke", "outcome.passed": "passed", "outcome.skipped": "skipped by the facilitator",
            "outcome.left": "left the session",
            "duration.minutes": "{minutes} min {seconds} s",
            "duration.seconds": "{seconds} s",
            "setting.themes": "Themes offered (one per line)",
            "setting.theme": "The session's theme",
            "setting.by": "Turns by person or by territory (person, territory)",
            "setting.order": "Speaking order (join, random, facilitator)",
            "setting.seconds": "Speaking time per person (seconds)",
            "setting.autoAdvance": "Move on when the time is up",
            "setting.talkingStick": "Talking stick: the speaker chooses who is next",
            "setting.scribe": "Facilitators may write cards (scribe)",
            "setting.dots": "Dots (+1) per person per round (0: no limit)",
        ],
    ]
}
