"""The web client in a real browser: Debian's Chromium driven by Playwright.

A trainer creates a session in the console, participants join in separate browser
contexts, the trainer drives the agenda and the timer, a participant's connection is
cut and comes back on its own; no page logs an error or a CSP violation; axe-core finds
no serious or critical accessibility problem. Screenshots of each face are kept in
test-artifacts/browser/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from pypdf import PdfReader

from browser_support import ARTIFACTS, CHROMIUM, CuttableRelay, PageWatcher, decode_qr, screenshot
from session_client import TRAINER_TOKEN, api, start_server

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class Faces:
    """Browser contexts (one per person) with their pages watched for problems."""

    def __init__(self, browser, base: str):
        self.browser = browser
        self.base = base
        self.watchers: list[PageWatcher] = []
        self.contexts = []

    def open(self, name: str, path: str, *, base: str | None = None, locale: str = "fr-FR", viewport=None):
        context = self.browser.new_context(
            base_url=base or self.base, locale=locale, viewport=viewport or {"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        watcher = PageWatcher(name)
        watcher.attach(page)
        self.watchers.append(watcher)
        page.goto(path)
        return page

    def problems(self) -> list[str]:
        return [problem for watcher in self.watchers for problem in watcher.problems]

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def faces(browser, atelier_factory):
    server = start_server(atelier_factory)
    faces = Faces(browser, f"http://127.0.0.1:{server.port}")
    faces.server = server
    yield faces
    faces.close()


def create_in_console(faces, title: str = "Cohorte de mars", template: str = "accueil", choices=None, viewport=None):
    """Creates a session in the console; ``choices`` maps a choice's select id to the option to pick."""
    console = faces.open("console", f"/console#token={TRAINER_TOKEN}", viewport=viewport)
    expect(console.locator("#dashboard-view")).to_be_visible()
    expect(console).to_have_url(re.compile(r"/console$"))  # the token left the address bar
    console.select_option("#create-template", template)
    for select, option in (choices or {}).items():
        console.select_option(select, option)
    if choices:
        screenshot(console, f"console-create-{template}")
    console.fill("#create-title", title)
    console.fill("#facilitator-name", "Claire")
    console.click("#create-submit")
    expect(console.locator("#live-view")).to_be_visible()
    expect(console.locator("#live-title")).to_have_text(title)
    expect(console.locator("#share-code")).to_have_text(re.compile(r"^[A-HJKMNP-Z2-9]{6}$"))
    code = console.locator("#share-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code), code
    return console, code


def join(page, name: str, code: str | None = None):
    if code is not None:
        page.fill("#join-code", code)
    page.fill("#join-name", name)
    page.click("#join-submit")
    expect(page.locator("#session-view")).to_be_visible()


def member_names(page) -> list[str]:
    return page.locator("#members .member-name").all_inner_texts()


def test_a_trainer_runs_a_session_that_three_participants_follow(faces):
    console, code = create_in_console(faces)
    screenshot(console, "console-created")

    # One participant comes through the join link (the code is filled in), two type it.
    ana = faces.open("ana", f"/join/{code}")
    expect(ana.locator("#join-code")).to_have_value(code)
    screenshot(ana, "join-page")
    join(ana, "Ana")
    bruno = faces.open("bruno", "/")
    join(bruno, "Bruno", code)

    relay = CuttableRelay(faces.server.port)
    try:
        chloe = faces.open("chloe", "/", base=f"http://127.0.0.1:{relay.port}")
        join(chloe, "Chloé", code)

        for page in (ana, bruno, chloe, console):
            expect(page.locator("#members .member")).to_have_count(4)
        assert sorted(member_names(console)) == ["Ana", "Bruno", "Chloé", "Claire"]
        expect(ana.locator("#session-title")).to_have_text("Cohorte de mars")
        expect(ana.locator("#members .member[data-member] .member-tag")).to_have_count(1)

        # The trainer moves the agenda: everyone sees step 2.
        console.click("#step-next")
        for page in (ana, bruno, chloe):
            expect(page.locator("#session-step")).to_contain_text("Étape 2 sur 3")
            expect(page.locator("#agenda [aria-current=step]")).to_contain_text("Règles du jeu")

        # The trainer starts a 2-minute timer: everyone sees it running.
        console.fill("#timer-minutes", "2")
        console.click("#timer-start")
        for page in (ana, bruno, chloe):
            expect(page.locator("#timer-status")).to_have_text("En cours")
            expect(page.locator("#timer-time")).to_have_text(re.compile(r"^(2:00|1:[45]\d)$"))
        screenshot(ana, "participant-timer")

        # Chloé's network drops. Meanwhile she raises her hand and the agenda moves on.
        relay.cut()
        expect(chloe.locator("#connection-status")).not_to_have_attribute("data-state", "open")
        chloe.click("#hand-button")
        console.click("#step-next")
        expect(ana.locator("#session-step")).to_contain_text("Étape 3 sur 3")
        expect(console.locator("#members .member[data-member] .member-name", has_text="Chloé").locator(".."))\
            .to_have_attribute("data-online", "false")
        screenshot(chloe, "participant-offline")

        # The network comes back: she reconnects by herself, sees what she missed, and
        # the hand she raised while offline reaches the room.
        relay.restore()
        expect(chloe.locator("#connection-status")).to_have_attribute("data-state", "open", timeout=20_000)
        expect(chloe.locator("#session-step")).to_contain_text("Étape 3 sur 3")
        expect(chloe.locator("#hand-button")).to_have_attribute("aria-pressed", "true")
        expect(console.locator("#hands .hand-name")).to_have_text(["Chloé"])
        expect(ana.locator("#hands .hand-name")).to_have_text(["Chloé"])
        expect(console.locator("#members .member[data-member] .member-name", has_text="Chloé").locator(".."))\
            .to_have_attribute("data-online", "true")
        assert sorted(member_names(chloe)) == ["Ana", "Bruno", "Chloé", "Claire"]  # the same member, not a new one

        # The trainer gives her the floor.
        console.click("#hands button")
        expect(chloe.locator("#hands-empty")).to_be_visible()
        expect(chloe.locator("#hand-button")).to_have_attribute("aria-pressed", "false")
        # Her page goes before the relay: left open, it would retry through a closed port
        # (a console error) while Ana reloads below.
        chloe.close()
    finally:
        relay.close()

    # A reload puts Ana back where she was, as herself.
    ana.reload()
    expect(ana.locator("#session-view")).to_be_visible()
    expect(ana.locator("#session-step")).to_contain_text("Étape 3 sur 3")
    expect(ana.locator("#members .member")).to_have_count(4)
    expect(ana.locator(".member-tag")).to_have_count(1)
    expect(ana.locator(".member", has=ana.locator(".member-tag")).locator(".member-name")).to_have_text("Ana")

    screenshot(console, "console-live")
    screenshot(bruno, "participant")
    assert faces.problems() == []


def test_the_console_manages_members_and_a_removed_participant_is_told(faces):
    console, code = create_in_console(faces)
    dana = faces.open("dana", f"/join/{code}")
    join(dana, "Dana")
    eli = faces.open("eli", f"/join/{code}")
    join(eli, "Eli")
    expect(console.locator("#members .member")).to_have_count(3)

    # Dana becomes an observer: her hand button goes, a note says why.
    console.select_option("#role-p2", "observer")
    expect(dana.locator("#hand-button")).to_be_hidden()
    expect(dana.locator("#role-note")).to_contain_text("observez")
    expect(eli.locator(".member[data-member=p2] .member-role")).to_have_text("observateur·rice")

    # Eli is removed (after a confirmation): he is told, and cannot come back by reloading.
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#members .member[data-member=p3] .button-danger")
    expect(eli.locator("#removed-view")).to_be_visible()
    expect(console.locator("#members .member")).to_have_count(2)
    eli.reload()
    expect(eli.locator("#join-view")).to_be_visible()
    expect(eli.locator("#session-view")).to_be_hidden()
    assert faces.problems() == []


def test_the_projector_shows_the_step_the_timer_and_a_qr_code_of_the_join_link(faces):
    console, code = create_in_console(faces, "Plénière")
    screen = faces.open("screen", f"/screen/{code}", viewport={"width": 1280, "height": 720})
    expect(screen.locator("#screen-title")).to_have_text("Plénière")
    expect(screen.locator("#screen-step")).to_contain_text("Étape 1 sur 3")
    console.fill("#timer-minutes", "3")
    console.click("#timer-start")
    expect(screen.locator("#timer-status")).to_have_text("En cours")
    console.click("#step-next")
    expect(screen.locator("#screen-step")).to_contain_text("Étape 2 sur 3")
    expect(screen.locator("#activity button:visible")).to_have_count(0)  # read-only
    screenshot(screen, "projector")

    # The QR code drawn in the console and on the projector reads back as the join link.
    link = f"{faces.base}/join/{code}"
    for page, name in ((console, "console-qr"), (screen, "projector-qr")):
        image = page.locator("#share-qr" if page is console else "#screen-qr")
        expect(image).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        image.screenshot(path=str(path))
        assert decode_qr(path) == link
    assert faces.problems() == []


def test_the_console_exports_the_minutes_and_the_log(faces):
    console, code = create_in_console(faces, "Export")
    join(faces.open("lea", f"/join/{code}"), "Léa")
    console.click("#export-minutes")
    minutes = console.locator("#minutes")
    expect(minutes).to_be_visible()
    # A document, not Markdown: headings, the date, who took part.
    expect(minutes.locator("h1")).to_have_text("Export")
    expect(minutes.locator("h2").first).to_contain_text("Déroulé")
    expect(minutes.locator("h2", has_text="1. Bienvenue")).to_have_count(1)
    expect(minutes).not_to_contain_text("## ")
    expect(minutes).to_contain_text("Séance du")
    expect(minutes).to_contain_text("Léa")
    screenshot(console, "console-minutes")
    # Printed (Chromium's PDF printing): the minutes alone, with the date and the participants.
    console.evaluate("() => document.body.classList.add('printing-minutes')")
    console.emulate_media(media="print")
    pdf = ARTIFACTS / "console-minutes.pdf"
    console.pdf(path=str(pdf))
    console.emulate_media(media="screen")
    printed = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Séance du" in printed and "Léa" in printed and "Claire" in printed, printed[:500]
    assert "Exporter" not in printed and "Présents" not in printed, "the console around the minutes is not printed"
    with console.expect_download() as download:
        console.click("#minutes-md")
    assert download.value.suggested_filename.endswith("-compte-rendu.md")
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("# Export")
    with console.expect_download() as download:
        console.click("#export-log")
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert '"session"' in lines[0] and len(lines) >= 2
    with console.expect_download() as download:
        console.click("#export-html")
    assert download.value.suggested_filename.endswith("-compte-rendu.html")
    assert "<h1>Export</h1>" in Path(download.value.path()).read_text(encoding="utf-8")
    with console.expect_download() as download:
        console.click("#export-csv")
    assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf\xc3\x89tape,")
    assert faces.problems() == []


def test_a_co_facilitator_joins_with_the_invite_link(faces):
    created = api(faces.server, "POST", "/api/sessions", {"template": "accueil", "title": "Duo"}).json()
    cofacilitator = faces.open("cofacilitator", created["facilitatorPath"])
    expect(cofacilitator.locator("#invite-view")).to_be_visible()
    cofacilitator.fill("#invite-name", "Fatou")
    cofacilitator.click("#invite-form button[type=submit]")
    expect(cofacilitator.locator("#live-title")).to_have_text("Duo")
    expect(cofacilitator.locator(".member", has=cofacilitator.locator(".member-tag")).locator(".member-role"))\
        .to_have_text("animateur·rice")
    cofacilitator.reload()  # resumes as the same member, no second facilitator
    expect(cofacilitator.locator("#members .member")).to_have_count(1)
    assert faces.problems() == []


def test_a_wrong_token_is_refused_and_english_is_one_click_away(faces):
    console = faces.open("console", "/console")
    console.fill("#signin-token", "not-the-token")
    console.click("#signin-form button[type=submit]")
    expect(console.locator("#signin-error")).to_have_text("Ce jeton n’est pas accepté par le serveur.")
    console.click("#lang-switch")
    expect(console.locator("html")).to_have_attribute("lang", "en")
    expect(console.locator("#signin-heading")).to_have_text("Facilitator area")
    page = faces.open("visitor", "/")  # same browser? no: a new context starts in French
    expect(page.locator("#join-heading")).to_have_text("Rejoindre une séance")
    page.click("#lang-switch")
    expect(page.locator("#join-heading")).to_have_text("Join a session")
    page.reload()
    expect(page.locator("#join-heading")).to_have_text("Join a session")  # remembered
    problems = [p for p in faces.problems() if "401" not in p]  # the refused API call is logged by Chromium
    assert problems == []


SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    page.wait_for_timeout(300)  # let colour transitions (120 ms) end: axe reads computed colours
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(f"{node['target']}: {node.get('failureSummary', '')}" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation.get("impact") in SERIOUS
    ]


def test_axe_finds_no_serious_accessibility_problem(faces):
    console, code = create_in_console(faces, "Accessibilité")
    join_page = faces.open("join", f"/join/{code}")
    assert serious_violations(join_page) == []
    join(join_page, "Gaëlle")
    console.fill("#timer-minutes", "1")
    console.click("#timer-start")
    expect(join_page.locator("#timer-status")).to_have_text("En cours")
    join_page.click("#hand-button")
    expect(console.locator("#hands .hand")).to_have_count(1)
    assert serious_violations(join_page) == []
    assert serious_violations(console) == []
    screen = faces.open("screen", f"/screen/{code}")
    expect(screen.locator("#screen-title")).to_have_text("Accessibilité")
    assert serious_violations(screen) == []
    signin = faces.open("signin", "/console")
    assert serious_violations(signin) == []
    phone = faces.open("phone", f"/join/{code}", viewport={"width": 360, "height": 740})
    join(phone, "Hugo")
    screenshot(phone, "participant-phone")
    assert serious_violations(phone) == []
    assert faces.problems() == []
