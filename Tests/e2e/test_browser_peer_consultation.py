"""The co-development activity in Chromium: the facilitator runs the phases from the console,
a client and a consultant act from their own browser contexts, each sees only what they may
do now and why; the client's notes stay on the client's screen."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import screenshot
from codev_pages import PC, phase
from test_browser import browser, create_in_console, faces, join, serious_violations  # noqa: F401  (fixtures)


def test_a_co_development_case_in_three_browsers(faces):
    console, code = create_in_console(faces, "Codéveloppement de mars", template="codeveloppement")
    aicha = faces.open("aicha", f"/join/{code}")
    join(aicha, "Aïcha")
    bruno = faces.open("bruno", f"/join/{code}")
    join(bruno, "Bruno")
    console.click("#step-next")
    for page in (console, aicha, bruno):
        phase(page, "Choix du client")

    # Phase 0: subjects proposed in the browser, a vote, the facilitator picks.
    aicha.fill(f"{PC} .pc-proposals textarea, {PC} .pc-proposals input", "Remobiliser les entreprises")
    aicha.click(f"{PC} .pc-proposals button[type=submit]")
    expect(bruno.locator(f"{PC} .pc-proposals .pc-item")).to_have_count(1)
    bruno.click(f"{PC} .pc-proposals .pc-item button")  # vote
    expect(console.locator(f"{PC} .pc-proposals .pc-item")).to_contain_text("1 voix")
    console.click(f"{PC} .pc-proposals .pc-item .button-primary")  # pick
    for page in (console, aicha, bruno):
        expect(page.locator(f"{PC} [data-testid=client]")).to_have_text("Client : Aïcha")
    # The session's own hand queue gives way to the activity's speaking turns.
    expect(aicha.locator("#hands-heading")).to_be_hidden()

    # 1. Exposé: the client pins a summary; the consultant is told to listen.
    console.click(f"{PC} .pc-controls .button-primary")
    phase(bruno, "Exposé")
    expect(bruno.locator(f"{PC} [data-testid=phase-rule]")).to_contain_text("Écoutez sans interrompre")
    expect(bruno.locator(f"{PC} .pc-cards form")).to_be_hidden()
    # One timer per moment: the big countdown follows the phase; the activity draws no second one.
    expect(bruno.locator("#timer-time")).to_have_text(re.compile(r"^(10:00|9:\d\d)$"))
    expect(bruno.locator("#timer-status")).to_have_text("En cours : phase Exposé")
    expect(bruno.locator(f"{PC} [data-testid=phase-time]")).to_be_hidden()
    expect(console.locator("#timer-form")).to_be_hidden()
    expect(console.locator("[data-testid=timer-moment]")).to_contain_text("Le minuteur suit le moment en cours : phase Exposé")
    aicha.fill(f"{PC} .pc-summary textarea", "Trois partenaires se retirent.")
    aicha.click(f"{PC} .pc-summary button[type=submit]")
    expect(bruno.locator(f"{PC} .pc-summary")).to_contain_text("Trois partenaires se retirent.")

    # 2. Clarification: the consultant asks a question, the client answers, the facilitator flags it.
    console.click(f"{PC} .pc-controls .button-primary")
    phase(bruno, "Clarification")
    expect(bruno.locator(f"{PC} .pc-cards label[for^=pc-field]")).to_contain_text("des questions, pas des conseils")
    bruno.fill(f"{PC} .pc-cards > form textarea", "Depuis quand ?")
    bruno.click(f"{PC} .pc-cards > form button[type=submit]")
    card = aicha.locator(f"{PC} .pc-card[data-kind=question]")
    expect(card).to_contain_text("Depuis quand ?")
    card.locator("input").fill("Depuis mars")
    card.locator("button[type=submit]").click()
    expect(bruno.locator(f"{PC} .pc-card[data-kind=question]")).to_contain_text("Réponse : Depuis mars")
    console.click(f"{PC} .pc-card[data-kind=question] button")
    expect(bruno.locator(f"{PC} .pc-card[data-kind=question]")).to_contain_text("Conseil déguisé")

    # Speaking turns: Bruno asks to speak, the facilitator gives him the floor.
    bruno.click(f"{PC} [data-testid=pc-hand]")
    console.click(f"{PC} .pc-turns .hands button")
    expect(aicha.locator(f"{PC} [data-testid=speaker]")).to_contain_text("Bruno a la parole")

    # 3. Contract.
    console.click(f"{PC} .pc-controls .button-primary")
    phase(aicha, "Contrat")
    aicha.fill("#pc-contract-0", "convaincre deux entreprises de revenir")
    aicha.click(f"{PC} .pc-contract button[type=submit]")
    expect(bruno.locator(f"{PC} .pc-contract-items")).to_contain_text("Aidez-moi à convaincre deux entreprises de revenir")

    # 4. Consultation: a suggestion tagged against the request; the client keeps private notes.
    console.click(f"{PC} .pc-controls .button-primary")
    phase(bruno, "Consultation")
    bruno.select_option("#pc-kind", "suggestion")
    bruno.fill(f"{PC} .pc-cards > form textarea", "Un petit-déjeuner d'entreprises")
    bruno.click(f"{PC} .pc-cards > form button[type=submit]")
    expect(aicha.locator(f"{PC} .pc-card[data-kind=suggestion]")).to_contain_text("Demande 1")
    expect(aicha.locator(f"{PC} .pc-cards > form")).to_be_hidden()  # the client listens
    aicha.fill(f"{PC} .pc-notes textarea", "Appeler la CCI lundi")
    aicha.click(f"{PC} .pc-notes button[type=submit]")
    expect(aicha.locator(f"{PC} .pc-notes textarea")).to_have_value("Appeler la CCI lundi")
    expect(bruno.locator(f"{PC} .pc-notes")).to_be_hidden()
    screenshot(aicha, "codev-client-consultation")
    assert serious_violations(aicha) == []
    assert serious_violations(console) == []

    # 5. Synthesis: the action plan from the suggestion.
    console.click(f"{PC} .pc-controls .button-primary")
    phase(aicha, "Synthèse")
    aicha.fill("#pc-action-what", "Organiser un petit-déjeuner")
    aicha.fill("#pc-action-due", "avant juin")
    aicha.select_option("#pc-action-source", index=1)
    aicha.click(f"{PC} .pc-plan button[type=submit]")
    expect(bruno.locator(f"{PC} [data-testid=plan]")).to_contain_text("Organiser un petit-déjeuner")

    # 6. Learnings: both post in the 4 A frame.
    console.click(f"{PC} .pc-controls .button-primary")
    phase(bruno, "Apprentissages")
    for page, text in ((aicha, "Tester en juin"), (bruno, "Écouter d'abord")):
        page.select_option("#pc-frame", "applications")
        page.fill(f"{PC} .pc-cards > form textarea", text)
        page.click(f"{PC} .pc-cards > form button[type=submit]")
    expect(console.locator(f"{PC} .pc-card[data-kind=learning]")).to_have_count(2)
    expect(console.locator(f"{PC} .pc-stats")).to_contain_text("Bruno")  # speaking time, facilitator only
    expect(bruno.locator(f"{PC} .pc-stats")).to_be_hidden()
    assert "Appeler la CCI" not in bruno.content() and "Appeler la CCI" not in console.content()
    screenshot(console, "codev-console")
    screenshot(bruno, "codev-consultant")
    assert faces.problems() == []
