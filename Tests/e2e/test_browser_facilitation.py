"""Facilitation in Chromium (issue: messages that say what happened, nothing typed ever lost).

A consultant's connection goes through a relay that can cut it like a network outage. What is
checked: a refusal reaches the person as the sentence for that action and phase, in French; a
question queued offline and refused after the reconnection stays in the field, flagged; a draft
keeps the kind it was written as when the phase changes under it, and publishing asks for the
kind again; a composer with text is never hidden; the page says when the connection is lost and
shows one's own presence as it is; a phase control that cannot act is disabled with its reason."""

from __future__ import annotations

from playwright.sync_api import expect

from browser_support import CuttableRelay, shots
from codev_pages import COMPOSER, PC, next_phase, phase
from test_browser import browser, create_in_console, faces, join, serious_violations  # noqa: F401  (fixtures)



def test_refusals_drafts_and_offline_in_a_co_development_case(faces):
    console, code = create_in_console(faces, "Codéveloppement d’avril", template="codeveloppement")
    aicha = faces.open("aicha", f"/join/{code}")
    join(aicha, "Aïcha")
    relay = CuttableRelay(faces.server.port)
    try:
        bruno = faces.open("bruno", f"/join/{code}", base=f"http://127.0.0.1:{relay.port}")
        join(bruno, "Bruno")
        console.click("#step-next")
        phase(bruno, "Choix du client")

        # « Phase suivante » cannot act before the client is named: disabled, and the reason is said.
        expect(console.locator(f"{PC} .pc-controls .button-primary")).to_be_disabled()
        expect(console.locator(f"{PC} [data-testid=pc-controls-why]")).to_contain_text("Désignez d’abord le client")
        console.select_option("#pc-client-select", label="Aïcha")
        console.click(f"{PC} .pc-naming button")
        expect(console.locator(f"{PC} .pc-controls .button-primary")).to_be_enabled()
        next_phase(console, bruno, name="Exposé")
        next_phase(console, bruno, aicha, name="Clarification")

        # Bruno's network drops while he writes a question: the page says so, his own presence too.
        bruno.fill(f"{COMPOSER} textarea", "Qui a décidé du retrait ?")
        relay.cut()
        expect(bruno.locator("[data-testid=offline-banner]")).to_be_visible()
        expect(bruno.locator("[data-testid=offline-banner]")).to_contain_text("Connexion perdue")
        expect(bruno.locator("#members .member-offline")).to_be_visible()
        bruno.click(f"{COMPOSER} button[type=submit]")
        expect(bruno.locator(f"{COMPOSER} .form-status")).to_contain_text("en attente de la connexion")
        shots(bruno, "facilitation-offline-queued")

        # Meanwhile the facilitator moves on. When Bruno is back, his queued question is refused
        # with the sentence for it, and the text is still there, flagged, its kind asked again.
        next_phase(console, aicha, name="Contrat")
        relay.restore()
        expect(bruno.locator("[data-testid=offline-banner]")).to_be_hidden(timeout=20_000)
        expect(bruno.locator("#members .member-offline")).to_be_hidden()
        phase(bruno, "Contrat")
        expect(bruno.locator(f"{COMPOSER} .form-status")).to_have_text(
            "La clarification est terminée : votre question n’a pas été publiée. Elle reste dans le champ.")
        expect(bruno.locator(f"{PC} [data-testid=pc-notice]")).to_contain_text("La clarification est terminée")
        expect(bruno.locator(f"{COMPOSER} textarea")).to_have_value("Qui a décidé du retrait ?")
        expect(bruno.locator(f"{PC} [data-testid=pc-stale]")).to_contain_text("Pas encore publié — la phase a changé")
        expect(bruno.locator("#pc-kind")).to_have_value("")
        shots(bruno, "facilitation-refused-after-reconnect")

        # Publishing without a kind is refused in words; chosen, it goes as what he chose.
        bruno.click(f"{COMPOSER} button[type=submit]")
        expect(bruno.locator(f"{COMPOSER} .form-status")).to_contain_text("Choisissez d’abord le type")
        bruno.select_option("#pc-kind", "reformulation")
        expect(bruno.locator(f"{PC} [data-testid=pc-stale]")).to_be_hidden()
        bruno.click(f"{COMPOSER} button[type=submit]")
        expect(aicha.locator(f"{PC} .pc-card[data-kind=reformulation]")).to_contain_text("Qui a décidé du retrait ?")
        expect(bruno.locator(f"{COMPOSER} textarea")).to_have_value("")

        # A reformulation typed in Contrat and not sent when the consultation starts: a late
        # click does not turn it into a reaction. Its kind is asked.
        bruno.fill(f"{COMPOSER} textarea", "Si je comprends bien, vous voulez garder deux partenaires.")
        aicha.fill("#pc-contract-0", "garder deux partenaires")
        aicha.click(f"{PC} .pc-contract button[type=submit]")
        next_phase(console, bruno, name="Consultation")
        expect(bruno.locator(f"{COMPOSER} textarea")).to_have_value("Si je comprends bien, vous voulez garder deux partenaires.")
        expect(bruno.locator(f"{PC} [data-testid=pc-stale]")).to_contain_text("Ce texte était : Reformulation")
        expect(bruno.locator("#pc-kind")).to_have_value("")
        bruno.select_option("#pc-kind", "hypothesis")
        bruno.click(f"{COMPOSER} button[type=submit]")
        expect(aicha.locator(f"{PC} .pc-card[data-kind=hypothesis]")).to_contain_text("garder deux partenaires")
        assert aicha.locator(f"{PC} .pc-card[data-kind=reaction]").count() == 0

        # An unsent suggestion when the synthesis begins: the composer stays with the text.
        bruno.fill(f"{COMPOSER} textarea", "Un petit-déjeuner avec la CCI")
        next_phase(console, bruno, name="Synthèse")
        expect(bruno.locator(f"{COMPOSER} textarea")).to_have_value("Un petit-déjeuner avec la CCI")
        expect(bruno.locator(f"{PC} [data-testid=pc-stale]")).to_contain_text("ne peut plus être publié ici")
        expect(bruno.locator(f"{COMPOSER} button[type=submit]")).to_be_disabled()
        shots(bruno, "facilitation-draft-kept")

        # The last phase of the last case: « Phase suivante » is disabled and says what to do.
        next_phase(console, bruno, name="Apprentissages")
        expect(console.locator(f"{PC} .pc-controls .button-primary")).to_be_disabled()
        expect(console.locator(f"{PC} [data-testid=pc-controls-why]")).to_contain_text(
            "passez à l’étape suivante de l’ordre du jour")
        shots(console, "facilitation-console-last-phase")
        assert serious_violations(bruno) == []
        assert serious_violations(console) == []
        bruno.close()  # before the relay closes under it
    finally:
        relay.close()
    # Chromium logs the reconnection attempts refused during the outage we made: nothing else.
    outage = "bruno: console.error: WebSocket connection to"
    assert [problem for problem in faces.problems() if not problem.startswith(outage)] == []


def test_a_facilitator_refusal_is_shown_in_the_console(faces):
    """The console's own commands: a refusal is shown in the page, in words, not only announced.
    A control that was still enabled when the state changed (a click racing an update) is
    played by enabling the pause button again after the timer was paused."""
    console, _ = create_in_console(faces, "Accueil")
    console.fill("#timer-minutes", "5")
    console.click("#timer-start")
    expect(console.locator("#timer-status")).to_have_text("En cours")
    console.click("#timer-pause")
    expect(console.locator("#timer-status")).to_have_text("En pause")
    expect(console.locator("#timer-pause")).to_be_disabled()
    console.evaluate("() => document.querySelector('#timer-pause').disabled = false")
    console.click("#timer-pause")
    notice = console.locator("[data-testid=console-notice]")
    expect(notice).to_have_text("Le minuteur n’est pas en marche : il n’y a rien à mettre en pause.")
    console.click("#timer-resume")
    expect(notice).to_be_hidden()
    assert faces.problems() == []
