"""What a séance leaves, followed up in Chromium. After a real séance where the Pays d'Aix
binôme (Awa, Bruno) brought a case and committed to two actions, Bruno's own page lists them
with their séance and co-owner; he marks one « En cours » with a note (a refused save keeps
his choice and his note), sees it saved and kept across a reload; he reads his territory's
retour au territoire in the page (request, actions, the group's lessons), downloads it and
prints it alone, and says to whom he passed it on. The trainer's cohorts page shows the
action plans by territory with their counts, the new status, a filter, and changes the other
item; each territory's sheet of the séance opened is read there too. axe finds nothing
serious; screenshots at 360, 1366 and 1920 px."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from browser_support import ARTIFACTS, VIEWPORTS, run_beside, shots
from session_client import TRAINER_TOKEN, api
from test_browser import browser, faces, serious_violations  # noqa: F401  (fixtures)
from test_browser_cohorts import problems_but_refusals
from test_cohort_journey import first_session
from test_cohorts import build_cohort, member_api, open_planned

NBSP = "\u00a0"


def held_seance(server):
    """A cohort whose first séance took place: (cohort, keys, the opened séance)."""
    cohort, keys = build_cohort(server)
    opened = open_planned(server, cohort["id"], "s1")
    run_beside(first_session(server, opened, keys))
    return cohort, keys, opened


def said(locator) -> str:
    return locator.inner_text().replace(NBSP, " ")


def test_a_member_follows_up_an_action_and_takes_the_retour_home(faces):
    server = faces.server
    cohort, keys, opened = held_seance(server)
    bruno = faces.open("bruno", f"/moi#key={keys['Bruno']}", viewport=VIEWPORTS["laptop"])
    expect(bruno.locator("#member-heading")).to_have_text("Bonjour Bruno")

    # « Mes actions »: both of the binôme's, open first, with where they come from.
    actions = bruno.locator("#actions-open .action")
    expect(actions).to_have_count(2)
    expect(bruno.locator("#actions-counts")).to_have_text("2 à faire")
    first = actions.nth(0)
    expect(first.locator("h3")).to_have_text("Organiser un petit-déjeuner d'entreprises")
    for fact in ("Échéance", "avant juin", "Moyens", "la CCI", opened["title"], "4 janv. 2027", "Avec", "Awa"):
        expect(first.locator(".action-facts")).to_contain_text(fact)
    expect(first.locator("[data-testid=action-status]")).to_have_text("À faire")
    expect(bruno.locator("#actions-closed-details")).to_be_hidden()

    # A refused save (the server says no) keeps the choice and the note, and says why.
    first.get_by_text("En cours", exact=True).click()
    first.get_by_label("Note (facultative)").fill("Date fixée avec la CCI")
    expect(first.locator(".unsaved")).to_be_visible()
    bruno.route("**/api/me/actions", lambda route: route.fulfill(
        status=403, content_type="application/json", body='{"error":{"code":"forbidden","message":"not yours"}}'))
    first.get_by_role("button", name="Enregistrer").click()
    expect(first.locator(".form-status")).to_contain_text("n’est pas (ou plus) à votre nom")
    expect(first.locator("input[value=in-progress]")).to_be_checked()
    expect(first.get_by_label("Note (facultative)")).to_have_value("Date fixée avec la CCI")
    bruno.unroute("**/api/me/actions")

    # Saved: said next to it, its badge and the counts follow; the server has it.
    first.get_by_role("button", name="Enregistrer").click()
    expect(first.locator(".form-status")).to_have_attribute("data-tone", "success")
    assert said(first.locator(".form-status")) == "Enregistré : « Organiser un petit-déjeuner d'entreprises » — En cours."
    expect(first.locator("[data-testid=action-status]")).to_have_text("En cours")
    expect(first.locator(".unsaved")).to_be_hidden()
    expect(bruno.locator("#actions-counts")).to_have_text("1 à faire · 1 en cours")
    mine = member_api(server, "GET", "/api/me", keys["Bruno"]).json()["actions"]
    assert [(a["status"], a["note"]) for a in mine] == [("in-progress", "Date fixée avec la CCI"), ("open", "")]
    # Kept across a reload.
    bruno.reload()
    first = bruno.locator("#actions-open .action").nth(0)
    expect(first.locator("[data-testid=action-status]")).to_have_text("En cours")
    expect(first.locator("input[value=in-progress]")).to_be_checked()
    expect(first.get_by_label("Note (facultative)")).to_have_value("Date fixée avec la CCI")
    expect(first).to_contain_text("Dernière mise à jour le")

    # « Retours au territoire »: the sheet read in the page, a document and not Markdown.
    entry = bruno.locator("#sheets .sheet-entry")
    expect(entry).to_have_count(1)
    expect(entry.locator("h3")).to_have_text(opened["title"])
    expect(entry.locator(".status-badge")).to_have_text("À transmettre")
    bruno.click("#sheet-s1-viewer-show")
    sheet = bruno.locator("#sheet-s1-viewer-doc")
    expect(sheet).to_be_visible()
    expect(sheet).to_be_focused()
    expect(bruno.locator("#sheet-s1-viewer-show")).to_have_text("Masquer le retour")
    expect(sheet.locator("h3")).to_have_text("Retour au territoire — Pays d'Aix")
    expect(sheet.locator("h4", has_text="Notre demande au groupe")).to_have_count(1)
    expect(sheet).to_contain_text("Aidez-nous à remobiliser deux entreprises partenaires")
    expect(sheet).to_contain_text("Organiser un petit-déjeuner d'entreprises (échéance : avant juin ; moyens : la CCI) — en cours : Date fixée avec la CCI")
    expect(sheet.locator("h5", has_text="Ce que je retiens pour mon territoire")).to_have_count(1)
    expect(sheet).to_contain_text("Le catalyseur anime, il n'opère pas")
    expect(sheet).to_contain_text("Écouter avant de proposer")
    expect(sheet).not_to_contain_text("## ")
    expect(sheet).not_to_contain_text("[ ]")
    expect(sheet.locator("em", has_text="à compléter")).to_have_count(1)

    # « Transmis à »: saved, said, and the sheet says it now.
    bruno.fill("#sheet-s1-with", "Conseil de développement du Pays d'Aix")
    bruno.click("#sheet-s1-with-save")
    expect(bruno.locator("#sheet-s1-status")).to_contain_text("transmis à Conseil de développement du Pays d'Aix")
    expect(bruno.locator("#sheet-s1 .status-badge")).to_have_text("Transmis")
    expect(bruno.locator("#sheet-s1-viewer-doc")).to_contain_text("Conseil de développement du Pays d'Aix")
    expect(bruno.locator("#sheet-s1-viewer-doc em")).to_have_count(0)
    assert member_api(server, "GET", "/api/me", keys["Awa"]).json()["sheets"][0]["sharedWith"] == "Conseil de développement du Pays d'Aix"

    # Downloaded as the printable page, under a name that says what it is.
    with bruno.expect_download() as download:
        bruno.click("#sheet-s1-viewer-download")
    assert download.value.suggested_filename == "retour-au-territoire-pays-d-aix-2027-01-04.html"
    page_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Retour au territoire — Pays d" in page_text and "Conseil de développement" in page_text
    expect(bruno.locator("#sheet-s1-viewer-load-status")).to_contain_text("retour-au-territoire-pays-d-aix-2027-01-04.html")

    # Printed alone (Chromium's PDF printing): the sheet, not the page around it.
    bruno.evaluate("() => { window.print = () => {}; }")
    bruno.click("#sheet-s1-viewer-print")
    expect(bruno.locator("body")).to_have_class(re.compile(r"\bprinting-sheet\b"))
    bruno.emulate_media(media="print")
    pdf = ARTIFACTS / "member-sheet.pdf"
    bruno.pdf(path=str(pdf))
    bruno.emulate_media(media="screen")
    pages = PdfReader(str(pdf)).pages
    printed = " ".join(page.extract_text() for page in pages)
    assert "Le catalyseur anime" in printed and "Aidez-nous à remobiliser" in printed, printed[:500]
    assert "Mes actions" not in printed and "Proposer un sujet" not in printed and "Imprimer ce retour" not in printed, printed[:500]
    assert len(pages) == 1, len(pages)
    bruno.evaluate("() => dispatchEvent(new Event('afterprint'))")
    expect(bruno.locator("body")).not_to_have_class(re.compile(r"\bprinting-sheet\b"))

    assert serious_violations(bruno) == []
    shots(bruno, "member-follow-up")
    bruno.click("#lang-switch")
    expect(bruno.locator("#actions-heading")).to_have_text("My actions")
    expect(bruno.locator("#actions-open .action").nth(0).locator("[data-testid=action-status]")).to_have_text("In progress")
    expect(bruno.locator("#sheet-s1-viewer-show")).to_have_text("Hide the sheet")
    bruno.click("#lang-switch")

    # The trainer: the action plans by territory, Bruno's review there; the other item changed.
    trainer = faces.open("trainer", f"/cohortes#token={TRAINER_TOKEN}&cohort={cohort['id']}", viewport=VIEWPORTS["laptop"])
    expect(trainer.locator("#cohort-name")).to_have_text("Cohorte pilote")
    group = trainer.locator("#follow-up-t1")
    expect(group.locator("h3")).to_have_text("Pays d'Aix")
    expect(group.locator("[data-testid=territory-counts]")).to_have_text("1 à faire · 1 en cours")
    expect(trainer.locator("#follow-up-intro")).to_have_text("2 actions · 1 territoire concerné · 1 à faire · 1 en cours")
    expect(trainer.locator(".follow-up-without")).to_contain_text("Les Mureaux")
    items = group.locator(".follow-up-item")
    expect(items).to_have_count(2)
    expect(items.nth(0).locator("[data-testid=action-status]")).to_have_text("En cours")
    expect(items.nth(0).get_by_label("Note", exact=True)).to_have_value("Date fixée avec la CCI")
    expect(items.nth(0)).to_contain_text("Portée par Awa et Bruno")
    second = items.nth(1)
    expect(second.locator("h4")).to_have_text("Rencontrer la communauté de communes")
    second.get_by_label("Statut", exact=True).select_option("done")
    second.get_by_label("Note", exact=True).fill("Rendez-vous tenu le 12 mars")
    second.get_by_role("button", name="Enregistrer").click()
    expect(second.locator("[data-testid=action-status]")).to_have_text("Fait")
    expect(second.locator(".form-status")).to_contain_text("Le binôme le voit sur sa page")
    expect(group.locator("[data-testid=territory-counts]")).to_have_text("1 en cours · 1 fait")
    expect(items.nth(0).get_by_label("Note", exact=True)).to_have_value("Date fixée avec la CCI")
    assert [(a["status"], a["note"]) for a in api(server, "GET", f"/api/cohorts/{cohort['id']}/actions").json()] == [
        ("in-progress", "Date fixée avec la CCI"), ("done", "Rendez-vous tenu le 12 mars")]
    # Shown by status.
    trainer.locator("#follow-up-filter").get_by_text("En cours (1)").click()
    expect(trainer.locator(".follow-up-item")).to_have_count(1)
    expect(trainer.locator(".follow-up-item h4")).to_have_text("Organiser un petit-déjeuner d'entreprises")
    trainer.locator("#follow-up-filter").get_by_text("Toutes (2)").click()
    expect(trainer.locator(".follow-up-item")).to_have_count(2)

    # The séance's retours au territoire, from its place in the plan.
    trainer.click("#plan-s1-sheets")
    expect(trainer.locator("#sheets-s1")).to_have_attribute("open", "")
    expect(trainer.locator("#sheets-s1 .sheet-row")).to_have_count(4)
    trainer.click("#sheet-s1-t2-show")
    expect(trainer.locator("#sheet-s1-t2-doc")).to_contain_text("Retour au territoire — Les Mureaux")
    expect(trainer.locator("#sheet-s1-t2-doc")).to_contain_text("Aucune action décidée pour notre territoire")
    trainer.click("#sheet-s1-t1-show")
    expect(trainer.locator("#sheet-s1-t1-doc")).to_contain_text("Transmis à")
    expect(trainer.locator("#sheet-s1-t1-doc")).to_contain_text("Conseil de développement du Pays d'Aix")
    expect(trainer.locator("#sheet-s1-t1-doc")).to_contain_text("Rencontrer la communauté de communes (échéance : mars) — fait : Rendez-vous tenu le 12 mars")
    with trainer.expect_download() as download:
        trainer.click("#sheet-s1-t2-download")
    assert download.value.suggested_filename == "retour-au-territoire-les-mureaux-2027-01-04.html"
    assert "Les Mureaux" in Path(download.value.path()).read_text(encoding="utf-8")
    assert serious_violations(trainer) == []
    trainer.locator("#follow-up-heading").scroll_into_view_if_needed()
    shots(trainer, "cohorts-follow-up")

    # Back on Bruno's page: the trainer's review is there, folded with the done ones.
    bruno.reload()
    expect(bruno.locator("#actions-open .action")).to_have_count(1)
    expect(bruno.locator("#actions-closed-summary")).to_have_text("Faites ou abandonnées (1)")
    bruno.click("#actions-closed-summary")
    closed = bruno.locator("#actions-closed .action")
    expect(closed.locator("[data-testid=action-status]")).to_have_text("Fait")
    expect(closed.get_by_label("Note (facultative)")).to_have_value("Rendez-vous tenu le 12 mars")
    assert problems_but_refusals(faces, 403) == []


def test_a_member_without_actions_and_a_seance_not_yet_held(faces):
    """Before any séance: the sections say what will come there; the trainer's too."""
    cohort, keys = build_cohort(faces.server)
    chloe = faces.open("chloe", f"/moi#key={keys['Chloé']}", viewport=VIEWPORTS["phone"])
    expect(chloe.locator("#actions-counts")).to_contain_text("Aucune action pour l’instant")
    expect(chloe.locator("#sheets-empty")).to_be_visible()
    expect(chloe.locator("#sheets .sheet-entry")).to_have_count(0)
    trainer = faces.open("trainer", f"/cohortes#token={TRAINER_TOKEN}&cohort={cohort['id']}", viewport=VIEWPORTS["laptop"])
    expect(trainer.locator("#follow-up-intro")).to_contain_text("Aucune action pour l’instant")
    expect(trainer.locator("#follow-up-filter")).to_be_hidden()
    expect(trainer.locator("#sheets-empty")).to_be_visible()
    expect(trainer.locator("#plan-s1-sheets")).to_have_count(0)
    assert serious_violations(chloe) == [] and serious_violations(trainer) == []
    assert faces.problems() == []
