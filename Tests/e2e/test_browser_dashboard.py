"""A cohort's dashboard and its capitalisation, in Chromium, after a real séance where the Pays
d'Aix binôme (Awa, Bruno) brought the co-development case.

The trainer's « Tableau de bord » says 1 séance held of 10, the Pays d'Aix's one case, the
next client proposed (a territory never client, with a subject waiting) and the whole order;
each chart has its numbers in a table screen readers get. Awa and Bruno co-write their
territory's fiche d'expérience from two browsers: Bruno's save after Awa's is refused (409),
his text stays, hers is shown beside it field by field with who saved it and when; he merges
and saves from the current version. The trainer reads the record, marks it reviewed in the
séance, and reads the constats et enseignements in the page (printed alone, downloaded).
Bruno downloads all his data as JSON. axe finds nothing serious; screenshots at 360, 1366
and 1920 px."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from session_client import TRAINER_TOKEN, api
from test_browser import browser, faces, serious_violations  # noqa: F401  (fixtures)
from test_browser_cohorts import problems_but_refusals
from browser_support import VIEWPORTS, shots
from test_browser_follow_up import held_seance, said
from test_cohorts import build_cohort, member_api

AWA_ECOSYSTEM = "Tête de réseau de 40 associations du Pays d'Aix, reconnue par la métropole."
BRUNO_ECOSYSTEM = "Interlocuteur des entreprises du bassin d'emploi via la CCI."
BRUNO_GOVERNANCE = "Un comité de pilotage mixte associations–entreprises, tous les trimestres."
AWA_LEARNED = "Partir des besoins des entreprises plutôt que des projets associatifs."
THEME = "Partenariats associations / entreprises"


def cohort_page(faces, cohort, viewport="laptop"):
    trainer = faces.open("trainer", f"/cohortes#token={TRAINER_TOKEN}&cohort={cohort['id']}", viewport=VIEWPORTS[viewport])
    expect(trainer.locator("#cohort-name")).to_have_text("Cohorte pilote")
    return trainer


def test_the_dashboard_says_where_the_cohort_stands_and_who_brings_the_next_case(faces):
    server = faces.server
    cohort, keys, opened = held_seance(server)
    assert member_api(server, "POST", "/api/me/subjects", keys["Gaëlle"], {"text": "Un tiers lieu en milieu rural"}).status == 201
    trainer = cohort_page(faces, cohort)
    board = trainer.locator("#dashboard")

    # Séances held out of those planned.
    expect(trainer.locator("#dashboard-sessions-summary")).to_have_text("1 séance tenue sur 10 prévues.")
    expect(trainer.locator("#dashboard-sessions")).to_contain_text("Prochaine : Séance 2 — Fragilités et alliances innovantes, le 1 février 2027.")

    # The next client: never client, a subject waiting; then the whole order, the Pays d'Aix last.
    expect(trainer.locator(".next-client-name")).to_have_text("Centre-Val de Loire")
    expect(trainer.locator("[data-testid=next-why]")).to_have_text("jamais client · un sujet en attente")
    expect(trainer.locator("#dashboard-next")).to_contain_text("Binôme : Gaëlle et Hugo")
    expect(trainer.locator(".rotation-name")).to_have_text(["Centre-Val de Loire", "Les Mureaux", "Rangueil", "Pays d'Aix"])
    expect(trainer.locator(".rotation-item[data-territory=t1] .rotation-why")).to_have_text("1 cas apporté · dernier cas : Séance 1")
    expect(trainer.locator(".rotation-item[data-territory=t2] .rotation-why")).to_have_text("jamais client")

    # Charts are drawn for the eye and said in tables for screen readers.
    expect(board.locator("svg").first).to_have_attribute("aria-hidden", "true")
    per_seance = trainer.get_by_role("table", name="Présence par séance")
    expect(per_seance.locator("tbody tr")).to_have_count(10)
    expect(per_seance.locator("tbody tr").nth(0)).to_contain_text("8 présent·e·s sur 8")
    expect(per_seance.locator("tbody tr").nth(1)).to_contain_text("à venir")
    attendance = trainer.get_by_role("table", name=re.compile("^Séances où chaque territoire"))
    expect(attendance.locator("tr", has_text="Pays d'Aix (territoire)")).to_contain_text("1 / 1")
    expect(attendance.locator("tr", has_text="Bruno")).to_contain_text("1 / 1")
    expect(trainer.locator("#dashboard-attendance .chart-cell.level-4")).to_have_count(1)
    speaking = trainer.get_by_role("table", name=re.compile("^Temps de parole par territoire"))
    expect(speaking.locator("tbody tr")).to_have_count(12)
    expect(trainer.locator("#dashboard-actions .chart-summary")).to_have_text("2 actions · À faire : 2")
    actions = trainer.get_by_role("table", name="Actions des territoires par statut")
    expect(actions.locator("tr", has_text="À faire")).to_contain_text("2")
    expect(trainer.locator("#dashboard-themes .chart-summary")).to_have_text("2 enseignements recueillis.")
    themes = trainer.get_by_role("table", name=re.compile("^Enseignements recueillis par thématique"))
    expect(themes.locator("tr", has_text="Etat des lieux des partenariats")).to_contain_text("2")

    assert serious_violations(trainer) == []
    shots(trainer, "cohorts-dashboard")

    # An action followed up elsewhere: « Actualiser » counts it.
    item = api(server, "GET", f"/api/cohorts/{cohort['id']}/actions").json()[1]
    assert api(server, "POST", f"/api/cohorts/{cohort['id']}/actions", {"key": item["key"], "status": "done"}).status == 200
    trainer.click("#dashboard-refresh")
    expect(trainer.locator("#dashboard-status")).to_contain_text("À jour")
    expect(trainer.locator("#dashboard-actions .chart-summary")).to_have_text("2 actions · À faire : 1 · Fait : 1")

    # In English too.
    trainer.click("#lang-switch")
    expect(trainer.locator("#dashboard-heading")).to_have_text("Dashboard")
    expect(trainer.locator("#dashboard-sessions-summary")).to_have_text("1 session held of 10 planned.")
    expect(trainer.locator("[data-testid=next-why]")).to_have_text("never client · a subject waiting")
    expect(trainer.locator(".rotation-item[data-territory=t1] .rotation-why")).to_have_text("1 case brought · last case: Session 1")
    expect(trainer.get_by_role("table", name="Attendance per session").locator("tbody tr").nth(0)).to_contain_text("8 present of 8")
    trainer.click("#lang-switch")
    assert faces.problems() == []


def test_a_new_cohort_s_dashboard_says_what_will_come(faces):
    cohort, _ = build_cohort(faces.server)
    trainer = cohort_page(faces, cohort, "phone")
    expect(trainer.locator("#dashboard-sessions-summary")).to_have_text("0 séance tenue sur 10 prévues.")
    expect(trainer.locator("#dashboard-attendance .chart-summary")).to_contain_text("Aucune séance tenue pour l’instant")
    expect(trainer.locator("#dashboard-actions .chart-summary")).to_contain_text("Aucune action pour l’instant")
    expect(trainer.locator(".next-client-name")).to_have_text("Pays d'Aix")
    expect(trainer.locator("[data-testid=next-why]")).to_have_text("jamais client")
    expect(trainer.locator("#records-summary")).to_have_text("0 fiche écrite sur 4 · 0 relue en séance")
    trainer.click("#record-t1 summary")
    expect(trainer.locator("#record-t1")).to_contain_text("Le binôme n’a pas encore écrit sa fiche")
    expect(trainer.locator("#record-t1")).to_contain_text("ouvrez d’abord une séance")
    assert serious_violations(trainer) == []
    shots(trainer, "cohorts-dashboard-empty")
    assert faces.problems() == []


def test_a_binome_co_writes_its_record_and_the_trainer_reviews_it(faces):
    server = faces.server
    cohort, keys, opened = held_seance(server)
    awa = faces.open("awa", f"/moi#key={keys['Awa']}", viewport=VIEWPORTS["laptop"])
    bruno = faces.open("bruno", f"/moi#key={keys['Bruno']}", viewport=VIEWPORTS["laptop"])
    for page in (awa, bruno):
        expect(page.locator("#record-heading")).to_have_text("Fiche d’expérience de notre territoire")
        expect(page.locator("#record-saved")).to_have_text("Pas encore écrite : le premier enregistrement la crée.")
        expect(page.get_by_role("textbox", name="Position dans l’écosystème local", exact=True)).to_have_value("")
    # The fields in their own words; the stages of maturity; the cohort's eight thématiques.
    for label in ("Modèle socio-économique", "Gouvernance", "Ce qui a été essayé", "Ce qui a été appris"):
        expect(awa.get_by_role("textbox", name=label, exact=True)).to_be_visible()
    expect(awa.locator("[data-field=maturity] legend")).to_have_text("Stade de maturité")
    expect(awa.locator(".maturity-name")).to_have_text(["Non précisé", "Émergence", "Structuration", "Consolidation", "Essaimage"])
    expect(awa.locator("[data-field=themes] legend")).to_have_text("Thématiques liées")
    expect(awa.locator(".theme-options li")).to_have_count(8)

    # Awa writes and saves first.
    awa.get_by_role("textbox", name="Position dans l’écosystème local", exact=True).fill(AWA_ECOSYSTEM)
    awa.get_by_role("textbox", name="Ce qui a été appris", exact=True).fill(AWA_LEARNED)
    awa.click("label[for=record-maturity-structuration]")
    awa.get_by_label(THEME).check()
    expect(awa.locator("#record-unsaved")).to_be_visible()
    awa.click("#record-save")
    expect(awa.locator("#record-status")).to_have_text("Fiche enregistrée. Votre binôme et l’animateur·rice la voient.")
    expect(awa.locator("#record-unsaved")).to_be_hidden()
    expect(awa.locator("#record-saved")).to_contain_text("Enregistrée par vous le")

    # Bruno, whose page was open before Awa saved, writes too: his save is refused...
    bruno.get_by_role("textbox", name="Position dans l’écosystème local", exact=True).fill(BRUNO_ECOSYSTEM)
    bruno.get_by_role("textbox", name="Gouvernance", exact=True).fill(BRUNO_GOVERNANCE)
    bruno.click("#record-save")
    notice = bruno.locator("#record-merge")
    expect(notice).to_be_focused()
    expect(notice.locator("h3")).to_contain_text("Awa a enregistré la fiche pendant que vous écriviez")
    expect(notice).to_contain_text("Rien de ce que vous avez saisi n’est perdu")
    expect(notice).to_contain_text("Vous avez modifié tous deux « Position dans l’écosystème local »")
    expect(notice).to_contain_text("Repris de sa version, car vous ne les aviez pas modifiés : « Stade de maturité », « Ce qui a été appris », « Thématiques liées »")
    # ... his text stays where he typed it, hers beside it (who, when), what only she changed is taken.
    expect(bruno.get_by_role("textbox", name="Position dans l’écosystème local", exact=True)).to_have_value(BRUNO_ECOSYSTEM)
    expect(bruno.get_by_role("textbox", name="Gouvernance", exact=True)).to_have_value(BRUNO_GOVERNANCE)
    expect(bruno.get_by_role("textbox", name="Ce qui a été appris", exact=True)).to_have_value(AWA_LEARNED)
    expect(bruno.locator("#record-maturity-structuration")).to_be_checked()
    expect(bruno.get_by_label(THEME)).to_be_checked()
    theirs = bruno.locator("#record-ecosystem-theirs")
    expect(theirs).to_contain_text(AWA_ECOSYSTEM)
    expect(theirs.locator(".merge-label")).to_contain_text("enregistré par Awa le")
    expect(bruno.locator(".merge-theirs")).to_have_count(1)
    expect(bruno.locator("#record-save")).to_have_text("Enregistrer la fiche fusionnée")
    assert serious_violations(bruno) == []
    shots(bruno, "member-record-merge")
    # He adds hers after his, and saves from the current version.
    bruno.click("#record-ecosystem-theirs-add")
    merged = f"{BRUNO_ECOSYSTEM}\n\n{AWA_ECOSYSTEM}"
    expect(bruno.get_by_role("textbox", name="Position dans l’écosystème local", exact=True)).to_have_value(merged)
    expect(bruno.get_by_role("textbox", name="Position dans l’écosystème local", exact=True)).to_be_focused()
    expect(theirs.locator(".form-status")).to_contain_text("Ajouté à la suite de votre texte")
    bruno.click("#record-save")
    expect(bruno.locator("#record-status")).to_have_text("Fiche enregistrée. Votre binôme et l’animateur·rice la voient.")
    expect(bruno.locator("#record-merge")).to_have_count(0)
    saved = member_api(server, "GET", "/api/me/record", keys["Awa"]).json()
    assert saved["version"] == 2 and saved["updatedByName"] == "Bruno", saved
    assert saved["record"] == {"ecosystem": merged, "model": "", "governance": BRUNO_GOVERNANCE, "maturity": "structuration",
                               "tried": "", "learned": AWA_LEARNED, "themes": [THEME]}, saved

    # Awa's page, reloaded, has it, saved by Bruno.
    awa.reload()
    expect(awa.get_by_role("textbox", name="Gouvernance", exact=True)).to_have_value(BRUNO_GOVERNANCE)
    expect(awa.locator("#record-saved")).to_contain_text("Enregistrée par Bruno le")

    # Too long: said, the text kept; a draft not saved survives a reload of the tab.
    bruno.get_by_role("textbox", name="Ce qui a été essayé", exact=True).fill("x" * 4001)
    bruno.click("#record-save")
    expect(bruno.locator("#record-status")).to_have_text("« Ce qui a été essayé » dépasse 4000 caractères : raccourcissez-le. Votre texte reste dans le champ.")
    expect(bruno.get_by_role("textbox", name="Ce qui a été essayé", exact=True)).to_have_attribute("aria-invalid", "true")
    bruno.get_by_role("textbox", name="Ce qui a été essayé", exact=True).fill("Des petits-déjeuners entreprises-associations chaque trimestre.")
    bruno.reload()
    expect(bruno.get_by_role("textbox", name="Ce qui a été essayé", exact=True)).to_have_value("Des petits-déjeuners entreprises-associations chaque trimestre.")
    expect(bruno.locator("#record-status")).to_contain_text("Votre texte non enregistré a été retrouvé")
    expect(bruno.locator("#record-unsaved")).to_be_visible()

    # « Mes données »: everything about him, as a JSON file under the server's name.
    expect(bruno.locator("#data-card")).to_contain_text("elle seule peut effacer")
    with bruno.expect_download() as download:
        bruno.click("#data-download")
    assert download.value.suggested_filename == "atelier-m2.json"
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["format"] == "atelier-member-export/1" and data["me"]["name"] == "Bruno", list(data)
    assert [a["what"] for a in data["actions"]] == ["Organiser un petit-déjeuner d'entreprises", "Rencontrer la communauté de communes"]
    expect(bruno.locator("#data-status")).to_have_text("Fichier atelier-m2.json téléchargé.")

    # The trainer: the record, who wrote it last; marked as reviewed in the séance.
    trainer = cohort_page(faces, cohort)
    expect(trainer.locator("#records-summary")).to_have_text("1 fiche écrite sur 4 · 0 relue en séance")
    card = trainer.locator("#record-t1")
    expect(card.locator(".record-state")).to_have_text("Structuration · à relire en séance")
    expect(trainer.locator("#record-t2 .record-state")).to_have_text("Pas encore écrite")
    card.locator("summary").click()
    expect(card.locator("[data-testid=record-saved]")).to_contain_text("Enregistrée par Bruno le")
    expect(card.locator("[data-testid=record-reviewed]")).to_have_text("Pas encore relue en séance.")
    fields = card.locator(".record-fields")
    expect(fields.locator("dt")).to_have_text(["Stade de maturité", "Position dans l’écosystème local", "Modèle socio-économique",
                                               "Gouvernance", "Ce qui a été essayé", "Ce qui a été appris", "Thématiques liées"])
    expect(fields).to_contain_text(BRUNO_GOVERNANCE)
    expect(fields).to_contain_text(AWA_ECOSYSTEM)
    expect(fields.locator(".theme-tags li")).to_have_text([THEME])
    expect(card.get_by_label("Séance où la fiche a été relue")).to_have_value("s1")
    card.get_by_role("button", name="Marquer comme relue en séance").click()
    expect(card.locator(".record-review .form-status")).to_have_text(
        "La fiche de Pays d'Aix est marquée relue en séance : Séance 1 — État des lieux des partenariats (4 janv. 2027).")
    expect(card.locator("[data-testid=record-reviewed]")).to_have_text("Relue en séance : Séance 1 — État des lieux des partenariats (4 janv. 2027)")
    expect(trainer.locator("#records-summary")).to_have_text("1 fiche écrite sur 4 · 1 relue en séance")
    assert api(server, "GET", f"/api/cohorts/{cohort['id']}/records").json()[0]["reviewedIn"] == "s1"

    # The constats et enseignements, read in the page as a document, printed alone, downloaded.
    trainer.click("#capitalisation-viewer-show")
    doc = trainer.locator("#capitalisation-viewer-doc")
    expect(doc).to_be_focused()
    expect(doc.locator("h3")).to_have_text("Constats et enseignements — Cohorte pilote")
    expect(doc.locator("h4")).to_have_text(["Par thématique", "Par territoire"])
    expect(doc.locator("h6", has_text="Fiche d'expérience")).to_have_count(1)
    expect(doc).to_contain_text("Relue en séance : Séance 1 — État des lieux des partenariats")
    expect(doc.locator("li", has_text="Écouter avant de proposer").locator("em").first).to_have_text(
        "Emma (Rangueil), Séance 1 — État des lieux des partenariats")
    expect(doc).to_contain_text(BRUNO_GOVERNANCE)
    expect(doc).not_to_contain_text("#")
    expect(doc).not_to_contain_text("_Relue")
    trainer.evaluate("() => { window.print = () => {}; }")
    trainer.click("#capitalisation-viewer-print")
    expect(doc).to_have_attribute("data-printing", "")
    trainer.evaluate("() => dispatchEvent(new Event('afterprint'))")
    with trainer.expect_download() as download:
        trainer.click("#capitalisation-viewer-download")
    assert download.value.suggested_filename == "constats-et-enseignements.html"
    assert "Par thématique" in Path(download.value.path()).read_text(encoding="utf-8")
    assert serious_violations(trainer) == []
    trainer.locator("#records-heading").scroll_into_view_if_needed()
    shots(trainer, "cohorts-records")

    # Bruno's page says it was reviewed; he reads the cohort's constats et enseignements there.
    bruno.reload()
    expect(bruno.locator("#record-saved")).to_contain_text("Relue en séance : Séance 1 — État des lieux des partenariats.")
    bruno.get_by_role("link", name="Lire les constats et enseignements").click()
    member_doc = bruno.locator("#capitalisation-viewer-doc")
    expect(member_doc).to_be_visible()
    expect(member_doc.locator("h3")).to_have_text("Constats et enseignements — Cohorte pilote")
    expect(member_doc).to_contain_text("Écouter avant de proposer")
    assert "#key=" in bruno.url  # the links move within the page, the personal key stays
    assert serious_violations(bruno) == []
    shots(bruno, "member-record")
    bruno.click("#lang-switch")
    expect(bruno.locator("#record-heading")).to_have_text("Our territory's experience record")
    expect(bruno.get_by_role("textbox", name="Position in the local ecosystem", exact=True)).to_have_value(merged)
    expect(bruno.get_by_role("textbox", name="What was tried", exact=True)).to_have_value("Des petits-déjeuners entreprises-associations chaque trimestre.")
    expect(bruno.locator("#data-download")).to_have_text("Download all my data (JSON)")
    bruno.click("#lang-switch")
    assert said(bruno.locator("#record-heading")) == "Fiche d’expérience de notre territoire"
    assert problems_but_refusals(faces, 409) == []
