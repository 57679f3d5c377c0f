"""The follow-up round in Chromium: a binôme member sees the actions of the earlier séance
in the participant app, marks one done with a note; the facilitator's console gives the
turns and sees it live; what was typed is kept when a save is refused. Screenshots at
360, 1366 and 1920 px; axe finds nothing serious."""

from __future__ import annotations

from playwright.sync_api import expect

from browser_support import VIEWPORTS, run_beside, shots
from session_client import TRAINER_TOKEN, api
from test_browser import browser, faces, serious_violations  # noqa: F401  (fixtures)
from test_cohort_journey import first_session
from test_cohorts import build_cohort, open_planned

def test_a_binome_reviews_its_actions_in_the_follow_up_round(faces):
    cohort, keys = build_cohort(faces.server)
    run_beside(first_session(faces.server, open_planned(faces.server, cohort["id"], "s1"), keys))
    second = open_planned(faces.server, cohort["id"], "s2")
    console = faces.open("console", f"/console#token={TRAINER_TOKEN}&open={second['id']}")
    expect(console.locator("#live-view")).to_be_visible()
    awa = faces.open("awa", f"/join/{second['joinCode']}#key={keys['Awa']}", viewport=VIEWPORTS["phone"])
    expect(awa.locator("#session-view")).to_be_visible()
    console.click("#step-next")
    expect(awa.locator("[data-testid=follow-up-group]")).to_have_count(1)
    expect(awa.locator(".fu-owners")).to_contain_text("Awa et Bruno")
    expect(awa.locator(".fu-you")).to_have_text("vous")
    expect(awa.locator(".fu-item")).to_have_count(2)

    console.click("[data-testid=follow-up-next]")
    expect(awa.locator("[data-testid=follow-up-turn]")).to_have_text("C'est au tour de Awa et Bruno")
    item = awa.locator(".fu-item").nth(1)
    item.get_by_label("Fait", exact=True).check()
    note = item.get_by_label("Une note (ce qui a été fait, ce qui bloque)")
    note.fill("Rencontre le 12 mars avec le président")
    item.get_by_role("button", name="Enregistrer").click()
    expect(item.locator(".form-status")).to_have_text("Enregistré.")
    expect(console.locator(".fu-item").nth(1).locator(".fu-chip")).to_have_text("Fait")
    expect(console.locator("[data-testid=follow-up-counts]")).to_contain_text("faites : 1")
    items = api(faces.server, "GET", f"/api/cohorts/{cohort['id']}/actions").json()
    assert items[1]["status"] == "done" and items[1]["note"] == "Rencontre le 12 mars avec le président"
    assert serious_violations(awa) == [] and serious_violations(console) == []
    shots(awa, "follow-up-participant")
    shots(console, "follow-up-console")

    # A note too long is refused in words, and stays in the field.
    first = awa.locator(".fu-item").nth(0)
    first.get_by_label("En cours", exact=True).check()
    long_note = "x" * 1001
    first.locator("input[type=text]").evaluate("(el, value) => { el.removeAttribute('maxlength'); el.value = value; el.dispatchEvent(new Event('input')); }", long_note)
    first.get_by_role("button", name="Enregistrer").click()
    expect(first.locator(".form-status")).to_contain_text("dépasse 1000 caractères")
    expect(first.locator("input[type=text]")).to_have_value(long_note)
    assert [p for p in faces.problems() if "too_large" not in p] == []
