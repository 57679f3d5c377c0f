"""The vote in Chromium: the facilitator opens a secret majority-judgment vote from the
console; two participants grade the options on their own devices (a laptop and a phone),
one changes her ballot; the facilitator sees who voted, never how, closes and publishes;
everyone sees the merit profiles; the projector shows them large. Then an open consent
vote with an objection. Axe finds no serious problem."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from browser_support import screenshot
from test_browser import browser, create_in_console, faces, join, serious_violations  # noqa: F401  (fixtures)

V = "#activity"


def grade(page, option: str, value: str):
    page.locator(f"{V} .vote-row", has_text=option).locator("select").select_option(value)


def test_a_secret_vote_and_a_consent_in_three_browsers(faces):
    console, code = create_in_console(faces, "Décision de mars", template="decision", viewport={"width": 1366, "height": 768})
    ana = faces.open("ana", f"/join/{code}", viewport={"width": 1366, "height": 768})
    join(ana, "Ana")
    bruno = faces.open("bruno", f"/join/{code}", viewport={"width": 360, "height": 740})
    join(bruno, "Bruno")
    expect(ana.locator(f"{V} [data-testid=vote-question]")).to_have_text("Quelle piste explorer en priorité sur notre territoire ?")
    expect(ana.locator(f"{V} [data-testid=vote-ballot]")).to_be_hidden()  # not open yet

    console.click(f"{V} [data-testid=vote-open]")
    expect(bruno.locator(f"{V} [data-testid=vote-state]")).to_contain_text("Vote ouvert · bulletin secret · 0 vote(s) sur 2")
    expect(bruno.locator(f"{V} [data-testid=vote-warning]")).to_contain_text("Moins de 5 votants")
    grade(ana, "Un tiers lieu partagé", "Très bien")
    grade(ana, "Un club d'entreprises engagées", "Passable")
    grade(ana, "Un fonds territorial", "Bien")
    ana.click(f"{V} [data-testid=vote-submit]")
    expect(ana.locator(f"{V} [data-testid=vote-mine]")).to_contain_text("seul cet appareil le connaît")
    expect(ana.locator(f"{V} [data-testid=vote-submit]")).to_have_text("Modifier mon vote")
    grade(bruno, "Un tiers lieu partagé", "Bien")
    grade(bruno, "Un club d'entreprises engagées", "Excellent")
    screenshot(bruno, "vote-ballot-phone")
    bruno.click(f"{V} [data-testid=vote-submit]")
    expect(console.locator(f"{V} [data-testid=vote-voted]")).to_contain_text("Ana, Bruno")
    expect(console.locator(f"{V} [data-testid=vote-voted]")).to_contain_text("vous ne voyez pas leur choix")

    # Ana changes her ballot; her device shows it back after a reload.
    grade(ana, "Un club d'entreprises engagées", "Excellent")
    ana.click(f"{V} [data-testid=vote-submit]")
    expect(ana.locator(f"{V} .vote-ballot [role=status]")).to_have_text("Votre vote est enregistré.")
    ana.reload()
    expect(ana.locator(f"{V} .vote-row", has_text="Un club d'entreprises engagées").locator("select")).to_have_value("Excellent")
    assert serious_violations(ana) == []
    assert serious_violations(bruno) == []

    # Close and publish: merit profiles for everyone, the projector too.
    console.click(f"{V} [data-testid=vote-close]")
    expect(console.locator(f"{V} [data-testid=vote-results]")).to_be_visible()
    expect(ana.locator(f"{V} [data-testid=vote-results]")).to_be_hidden()  # not published yet
    console.click(f"{V} [data-testid=vote-publish]")
    for page in (ana, bruno):
        expect(page.locator(f"{V} [data-testid=vote-outcome]")).to_contain_text("Résultat : Un club d'entreprises engagées")
        expect(page.locator(f"{V} svg.vote-profiles")).to_be_visible()
    expect(bruno.locator(f"{V} .vote-table")).to_contain_text("Mention majoritaire")
    screen = faces.open("screen", f"/screen/{code}", viewport={"width": 1920, "height": 1080})
    expect(screen.locator(f"{V} [data-testid=vote-outcome]")).to_contain_text("Un club d'entreprises engagées")
    expect(screen.locator(f"{V} button:visible")).to_have_count(0)
    screenshot(screen, "vote-projector")
    screenshot(bruno, "vote-results-phone")
    screenshot(console, "vote-console")
    with console.expect_download() as download:
        console.click("#export-ballots")  # the closed vote's ballots file, for atelier tally
    ballots = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert ballots["method"] == "majority-judgment" and len(ballots["ballots"]) == 2
    assert serious_violations(console) == []

    # An open consent: an objection needs its reason, and its reason is listed with the result.
    console.click("#step-next")
    expect(ana.locator(f"{V} [data-testid=vote-question]")).to_contain_text("Consentez-vous")
    console.click(f"{V} [data-testid=vote-open]")
    ana.get_by_label("J’objecte").check()
    ana.click(f"{V} [data-testid=vote-submit]")
    expect(ana.locator(f"{V} .vote-ballot [role=status]")).to_have_text(
        "Une objection s’accompagne de sa raison : écrivez-la, puis votez.")
    ana.fill(f"{V} .vote-ballot textarea", "Pas de budget avant l'automne")
    ana.click(f"{V} [data-testid=vote-submit]")
    bruno.get_by_label("Je consens").check()
    bruno.click(f"{V} [data-testid=vote-submit]")
    expect(console.locator(f"{V} [data-testid=vote-voted]")).to_contain_text(re.compile(r"Ont voté : Ana, Bruno"))
    console.click(f"{V} [data-testid=vote-close]")
    console.click(f"{V} [data-testid=vote-publish]")
    expect(bruno.locator(f"{V} [data-testid=vote-outcome]")).to_contain_text("Pas adopté")
    expect(bruno.locator(f"{V} .vote-objections")).to_contain_text("Pas de budget avant l'automne")
    expect(bruno.locator(f"{V} .vote-named")).to_contain_text("Ana")
    screenshot(ana, "vote-consent-laptop")
    assert serious_violations(bruno) == []
    assert faces.problems() == []
