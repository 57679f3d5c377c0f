"""The replay viewer in Chromium: a trainer runs a short theme round, goes back to the
session list and opens « Revoir »; the viewer scrubs to the end, jumps between markers,
plays at 8×, switches audience to one participant's own view, and keeps the moment in its
address. Axe finds no serious problem; shots at 1366, 360 and 1920 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import screenshot
from session_client import TRAINER_TOKEN
from test_browser import browser, create_in_console, faces, join, serious_violations  # noqa: F401  (fixtures)

TR = "#activity"


def test_the_replay_viewer_scrubs_plays_and_switches_audience(faces):
    console, code = create_in_console(faces, "Séance à revoir", template="thematique", viewport={"width": 1366, "height": 900})
    ana = faces.open("ana", f"/join/{code}")
    join(ana, "Ana")
    console.click("#step-next")
    console.select_option("#tr-theme-choice", "RSE & Partenariats")
    console.click(f"{TR} [data-testid=round-start]")
    console.click(f"{TR} [data-testid=round-primary]")
    expect(ana.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("C’est votre tour : vous avez la parole")
    ana.fill("#tr-card-text", "Une RSE ancrée dans le territoire")
    ana.click(f"{TR} .tr-composer button[type=submit]")
    expect(console.locator(f"{TR} .tr-card")).to_have_count(1)
    console.click(f"{TR} [data-testid=round-primary]")  # « Clore le tour »
    expect(console.locator(f"{TR} [data-testid=round-theme]")).to_contain_text("terminé")

    # From the session list, « Revoir » opens the viewer in the same tab (the token stays).
    console.click("#back-to-list")
    console.locator("[data-testid=replay-link]").first.click()
    expect(console).to_have_url(re.compile(r"/replay/s[a-z0-9]+#seq=1&as=participant$"))
    expect(console.locator("#replay-title")).to_have_text("Revoir : Séance à revoir")
    expect(console.locator("#replay-position")).to_contain_text("Événement 1 sur")
    markers = console.locator("#replay-markers button")
    expect(markers.filter(has_text="Tour de table lancé")).to_have_count(1)
    expect(markers.filter(has_text="Étape")).to_have_count(1)

    # The end of the session, as participants saw it: the card is there, no button to act.
    console.focus("#replay-seq")
    console.keyboard.press("End")
    expect(console.locator(f"{TR} .tr-card")).to_contain_text("Une RSE ancrée dans le territoire")
    expect(console.locator(f"{TR} button:visible")).to_have_count(0)
    expect(console).to_have_url(re.compile(r"#seq=\d+&as=participant$"))

    # Markers: back to the round's start, then forward to the first turn.
    console.locator("details.replay-markers-box summary").click()
    markers.filter(has_text="Tour de table lancé").click()
    expect(console.locator(f"{TR} [data-testid=round-theme]")).to_have_text("Tour 1 — RSE & Partenariats")
    expect(console.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("En attente de la première prise de parole.")
    console.click("#replay-next")
    expect(console.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("La parole est à Ana")

    # Ana's own view at that moment: her turn, in her words.
    console.select_option("#replay-as", label="Ana (participant·e), sa vue personnelle")
    expect(console.locator(f"{TR} [data-testid=round-speaker]")).to_have_text("C’est votre tour : vous avez la parole")
    expect(console).to_have_url(re.compile(r"&as=p\d+$"))
    expect(console.locator(f"{TR} button:visible, {TR} textarea:visible")).to_have_count(0)  # replay never offers to act
    assert serious_violations(console) == []
    screenshot(console, "replay-laptop")

    # Play from the start at 8×, skipping silences: the moment moves on by itself; pause stops it.
    console.select_option("#replay-as", "participant")
    console.focus("#replay-seq")
    console.keyboard.press("Home")
    expect(console.locator("#replay-position")).to_contain_text("Événement 1 sur")
    console.select_option("#replay-speed", "8")
    console.click("#replay-play")
    expect(console.locator("#replay-play")).to_have_attribute("aria-pressed", "true")
    expect(console.locator("#replay-position")).not_to_contain_text("Événement 1 sur", timeout=5_000)
    console.click("#replay-play")
    expect(console.locator("#replay-play")).to_have_attribute("aria-pressed", "false")

    # A shared link opens the same moment, for the same audience (phone and projector sizes).
    url = console.url
    stranger = console.context.new_page()  # a new tab holds no token: it is told how to get in
    stranger.goto(url)
    expect(stranger.locator("#replay-error")).to_contain_text("Ouvrez d’abord la console d’animation")
    url += f"&token={TRAINER_TOKEN}"
    phone = console.context.new_page()
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(url)
    expect(phone.locator("#replay-position")).to_have_text(console.locator("#replay-position").inner_text())
    assert serious_violations(phone) == []
    screenshot(phone, "replay-phone")
    wide = console.context.new_page()
    wide.set_viewport_size({"width": 1920, "height": 1080})
    wide.goto(url)
    expect(wide.locator("#replay-position")).to_contain_text("Événement")
    screenshot(wide, "replay-1920")
    assert faces.problems() == []
