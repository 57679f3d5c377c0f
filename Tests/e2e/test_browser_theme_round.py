"""The theme round in Chromium: the facilitator starts a round on one of the pathway's
thématiques from the console and drives the order; two participants, each in their own
browser context, see whose turn it is and the clock, post and +1 cards; a draft typed when
the turn moves on is kept; the projector shows it large. Axe finds no serious problem."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import screenshot
from test_browser import browser, create_in_console, faces, join, serious_violations  # noqa: F401  (fixtures)

TR = "#activity"
THEME = "Tiers lieux & dialogue territorial"


def test_a_theme_round_with_the_facilitator_and_two_participants(faces):
    console, code = create_in_console(faces, "Séance thématique de mars", template="thematique",
                                      choices={"#create-choice-1-theme": THEME}, viewport={"width": 1366, "height": 768})
    ana = faces.open("ana", f"/join/{code}", viewport={"width": 1366, "height": 768})
    join(ana, "Ana")
    bruno = faces.open("bruno", f"/join/{code}", viewport={"width": 360, "height": 740})
    join(bruno, "Bruno")
    console.click("#step-next")  # the thematic round (by territory, the facilitator's order)
    expect(ana.locator(f"{TR} [data-testid=round-intro]")).to_contain_text(f"Thématique choisie pour la séance : « {THEME} »")
    expect(ana.locator("#hands-heading")).to_be_hidden()  # the round's turns replace the hand queue

    # The thématique chosen at creation is preselected among the eight; the facilitator starts the round.
    options = console.locator("#tr-theme-choice option").all_inner_texts()
    assert len(options) == 9 and options[0].startswith("Etat des lieux des partenariats"), options
    expect(console.locator("#tr-theme-choice")).to_have_value(THEME)
    console.click(f"{TR} [data-testid=round-start]")
    for page in (console, ana, bruno):
        expect(page.locator(f"{TR} [data-testid=round-theme]")).to_have_text(f"Tour 1 — {THEME}")
    expect(console.locator(f"{TR} [data-testid=round-queue] .tr-slot-name")).to_have_text(["Ana", "Bruno"])
    console.click(f"{TR} [data-testid=round-queue] button[aria-label='Faire monter Bruno']")
    expect(console.locator(f"{TR} [data-testid=round-queue] .tr-slot-name")).to_have_text(["Bruno", "Ana"])
    expect(console.locator(f"{TR} [data-testid=round-primary]")).to_have_text("Donner la parole à Bruno")
    console.click(f"{TR} [data-testid=round-primary]")

    # Bruno has the floor: everyone sees it and the clock; Ana knows she is next.
    expect(bruno.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("C’est votre tour : vous avez la parole")
    expect(ana.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("La parole est à Bruno")
    # One timer per moment: the page's countdown follows the speaker's time; the stage draws none.
    expect(ana.locator("#timer-time")).to_have_text(re.compile(r"^(5:00|4:5\d)$"))
    expect(ana.locator("#timer-status")).to_contain_text("parole de")
    expect(ana.locator(f"{TR} [data-testid=round-clock]")).to_be_hidden()
    expect(ana.locator(f"{TR} [data-testid=round-my-place]")).to_have_text("Vous parlez juste après.")
    expect(ana.locator(f"{TR} .tr-composer")).to_be_hidden()
    bruno.fill("#tr-card-text", "Le tiers lieu comme terrain neutre")
    bruno.click(f"{TR} .tr-composer button[type=submit]")
    card = ana.locator(f"{TR} .tr-card")
    expect(card).to_contain_text("Le tiers lieu comme terrain neutre")
    expect(ana.locator(f"{TR} [data-testid=dots-left]")).to_have_text("Gommettes qu’il vous reste pour ce tour : 3")
    card.locator("button.tr-dot").click()
    expect(card.locator("button.tr-dot")).to_have_attribute("aria-pressed", "true")
    expect(ana.locator(f"{TR} [data-testid=dots-left]")).to_have_text("Gommettes qu’il vous reste pour ce tour : 2")
    expect(console.locator(f"{TR} .tr-card button.tr-dot")).to_have_text("+1 · 1")
    screenshot(bruno, "theme-round-speaker-phone")
    bruno.click(f"{TR} [data-testid=round-primary]")  # « J'ai terminé »

    # Ana speaks; she types, the facilitator moves on before she posts: her text stays.
    expect(ana.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("C’est votre tour : vous avez la parole")
    ana.fill("#tr-card-text", "Une idée pas encore publiée")
    console.click(f"{TR} [data-testid=round-primary]")  # « Clore le tour »: nobody waits any more
    expect(ana.locator(f"{TR} [data-testid=round-theme]")).to_have_text(f"Tour 1 terminé — {THEME}")
    expect(ana.locator("#tr-card-text")).to_have_value("Une idée pas encore publiée")
    expect(ana.locator(f"{TR} .tr-composer [role=status]")).to_contain_text("votre texte est conservé")

    # The facilitator groups the card under a heading and renames it.
    console.fill("#tr-heading-title", "Lieux")
    console.click(f"{TR} .tr-heading-form button[type=submit]")
    console.locator(f"{TR} .tr-card select").select_option(label="Lieux")
    expect(ana.locator(f"{TR} .tr-group-title")).to_have_text(["Lieux"])
    rename = console.locator(f"{TR} .tr-rename input")
    rename.fill("Lieux et dialogue")
    console.click(f"{TR} .tr-rename button[type=submit]")
    expect(bruno.locator(f"{TR} .tr-group-title")).to_have_text(["Lieux et dialogue"])
    expect(console.locator(f"{TR} [data-testid=round-stats]")).to_contain_text("Bruno")  # speaking time
    expect(ana.locator(f"{TR} [data-testid=round-stats]")).to_be_hidden()
    assert serious_violations(console) == []
    assert serious_violations(ana) == []
    assert serious_violations(bruno) == []
    screenshot(console, "theme-round-console")
    screenshot(ana, "theme-round-participant")

    # A second round: the projector shows the speaker, the clock and the queue, large and read-only.
    screen = faces.open("screen", f"/screen/{code}", viewport={"width": 1920, "height": 1080})
    console.select_option("#tr-theme-choice", "RSE & Partenariats")
    console.click(f"{TR} [data-testid=round-start]")
    console.click(f"{TR} [data-testid=round-primary]")
    expect(screen.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("La parole est à Ana")
    expect(screen.locator(f"{TR} [data-testid=round-queue] .tr-slot-name")).to_have_text(["Bruno"])
    expect(screen.locator(f"{TR} button:visible")).to_have_count(0)
    expect(screen.locator(f"{TR} .tr-speaker")).to_have_css("font-size", re.compile(r"^(4[0-9]|5[0-9])(\.\d+)?px$"))
    screenshot(screen, "theme-round-projector")

    # English is one click away, the round's texts too.
    bruno.click("#lang-switch")
    expect(bruno.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("Ana has the floor")
    expect(bruno.locator(f"{TR} [data-testid=round-my-place]")).to_have_text("You speak next.")
    screenshot(bruno, "theme-round-phone-english")

    # The minutes hold the round, who spoke, and the card under its heading with its dot.
    console.click("#export-minutes")
    minutes = console.locator("#minutes")
    expect(minutes).to_contain_text(f"Tour de table 1 — {THEME}")
    expect(minutes.locator("li", has_text="Le tiers lieu comme terrain neutre — Bruno (+1)")).to_have_count(1)
    expect(minutes.locator("h4", has_text="Lieux et dialogue")).to_have_count(1)
    assert faces.problems() == []
