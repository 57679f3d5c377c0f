"""A cohort member in Chromium: their personal link opens their own page (who they are, their
territory and binôme, the pathway, the séance open now); « Rejoindre la séance » puts them in
it as themselves, the key gone from the address bar; they propose and withdraw a subject; a
dead link says what to do. Screenshots at 360, 1366 and 1920 px; axe finds nothing serious."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import shots
from session_client import api
from test_browser import browser, faces, serious_violations  # noqa: F401  (fixtures)
from test_cohorts import build_cohort, member_api, open_planned



def test_a_member_s_page_and_entry_into_the_open_session(faces):
    cohort, keys = build_cohort(faces.server)
    opened = open_planned(faces.server, cohort["id"], "s1")
    chloe = faces.open("chloe", f"/moi#key={keys['Chloé']}")
    expect(chloe.locator("#member-heading")).to_have_text("Bonjour Chloé")
    expect(chloe.locator("#member-where")).to_contain_text("Les Mureaux, en binôme avec David")
    expect(chloe.locator("#plan li")).to_have_count(10)
    expect(chloe.locator("#plan li").nth(0)).to_contain_text("Séance 1 — État des lieux des partenariats")
    expect(chloe.locator("#plan li").nth(0)).to_contain_text("4 janv. 2027")
    expect(chloe.locator("#now-card")).to_be_visible()
    expect(chloe.locator("#now-title")).to_have_text(opened["title"])
    assert serious_violations(chloe) == []

    # A subject: refused empty in words, then proposed, seen by the trainer, withdrawn.
    chloe.click("#subject-form button[type=submit]")
    expect(chloe.locator("#subject-status")).to_have_text("Écrivez d’abord votre sujet.")
    chloe.fill("#subject-text", "Associer les entreprises du bassin au futur tiers lieu")
    chloe.click("#subject-form button[type=submit]")
    expect(chloe.locator("#subjects li")).to_have_count(1)
    expect(chloe.locator("#subject-text")).to_have_value("")
    proposals = api(faces.server, "GET", f"/api/cohorts/{cohort['id']}").json()["proposals"]
    assert [p["text"] for p in proposals] == ["Associer les entreprises du bassin au futur tiers lieu"]
    shots(chloe, "member-page")
    chloe.click("#subjects button")
    expect(chloe.locator("#subjects li")).to_have_count(0)
    expect(chloe.locator("#subject-status")).to_have_text("Sujet retiré.")

    # « Rejoindre la séance »: in the session as herself, the key out of the address bar.
    chloe.click("#now-join")
    expect(chloe.locator("#session-view")).to_be_visible()
    expect(chloe).to_have_url(re.compile(rf"/join/{opened['joinCode']}$"))
    expect(chloe.locator("#members")).to_contain_text("Chloé")
    shots(chloe, "member-in-session")
    # A reload puts her back as the same member (the kept membership, her link as token).
    chloe.reload()
    expect(chloe.locator("#session-view")).to_be_visible()
    members = chloe.locator("#members li")
    expect(members).to_have_count(1)
    assert faces.problems() == []


def test_a_dead_link_says_what_to_do(faces):
    cohort, keys = build_cohort(faces.server)
    assert api(faces.server, "POST", f"/api/cohorts/{cohort['id']}/members/m1/link").status == 200
    awa = faces.open("awa", f"/moi#key={keys['Awa']}")
    expect(awa.locator("#no-link-view")).to_be_visible()
    expect(awa.locator("#no-link-text")).to_contain_text("n’est pas (ou plus) valable")
    shots(awa, "member-dead-link")
    awa.click("#lang-switch")
    expect(awa.locator("#no-link-text")).to_contain_text("personal link is not (or no longer) valid")
    # Entering a session with the dead link: the refusal in words, and the join form to use instead.
    opened = open_planned(faces.server, cohort["id"], "s1")
    page = faces.open("awa-join", f"/join/{opened['joinCode']}#key={keys['Awa']}")
    expect(page.locator("#join-status")).to_contain_text("n’est pas (ou plus) valable")
    expect(page.locator("#join-form")).to_be_visible()
    assert member_api(faces.server, "GET", "/api/me", keys["Awa"]).status == 401
    assert [p for p in faces.problems() if "401" not in p] == []
