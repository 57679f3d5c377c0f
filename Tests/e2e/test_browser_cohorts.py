"""The trainer's cohorts page (/cohortes) in Chromium: sign in with the token, create a cohort
from the pathway, add territories and their binômes (each personal link shown once, as an
absolute address that opens that member's own page), move a séance, open the next one and
see its code, then animate it in the console; refusals are sentences in the page's language
next to the action, with what was typed still in the field; erasing asks first and says it
cannot be undone. axe finds nothing serious; screenshots at 360, 1366 and 1920 px."""

from __future__ import annotations

import re
import urllib.parse

from playwright.sync_api import expect

from browser_support import VIEWPORTS, shots
from session_client import TRAINER_TOKEN, api
from test_browser import browser, faces, serious_violations  # noqa: F401  (fixtures)
from test_cohorts import member_api



def sign_in(faces, name: str = "trainer"):
    page = faces.open(name, "/cohortes", viewport=VIEWPORTS["laptop"])
    expect(page.locator("#signin-view")).to_be_visible()
    page.fill("#signin-token", TRAINER_TOKEN)
    page.click("#signin-form button[type=submit]")
    expect(page.locator("#list-view")).to_be_visible()
    return page


def create_cohort(page, name: str = "Cohorte pilote 2027"):
    page.fill("#create-name", name)
    page.fill("#create-starts", "2027-01-04")
    page.fill("#create-ends", "2028-06-30")
    expect(page.locator("#create-pathway")).to_have_value("co-construction-territoriale")
    page.click("#create-submit")
    expect(page.locator("#cohort-view")).to_be_visible()
    expect(page.locator("#cohort-name")).to_have_text(name)
    expect(page).to_have_url(re.compile(r"/cohortes#cohort=c\w+$"))
    return urllib.parse.unquote(page.url.split("#cohort=", 1)[1])


def add_territory(page, name: str, region: str = "", kind: str = "", structure: str = "") -> str:
    page.fill("#territory-name", name)
    page.fill("#territory-region", region)
    page.fill("#territory-kind", kind)
    page.fill("#territory-structure", structure)
    page.click("#territory-submit")
    card = page.locator("article.territory", has=page.get_by_role("heading", name=name, exact=True))
    expect(card).to_have_count(1)
    expect(page.locator("#territory-name")).to_have_value("")
    territory = card.get_attribute("data-territory")
    # Ready for its binôme: the focus is in the new territory's « Ajouter » field.
    expect(page.locator(f"#territory-{territory}-new-member")).to_be_focused()
    return territory


def add_member(page, territory: str, name: str) -> str:
    """Adds a catalyseur·rice; returns the personal link the page shows once."""
    page.fill(f"#territory-{territory}-new-member", name)
    page.click(f"#territory-{territory}-new-member-submit")
    panel = page.locator("[data-testid=member-link-panel]", has_text=name)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("ce lien ne sera plus jamais affiché")
    link = panel.locator("[data-testid=member-link]")
    expect(link).to_be_focused()
    expect(page.locator(f"#territory-{territory}-new-member")).to_have_value("")
    return link.input_value()


def problems_but_refusals(faces, *statuses: int) -> list[str]:
    """The pages' problems, without the refusals the test provoked (Chromium logs each one)."""
    expected = tuple(f"status of {status} " for status in statuses)
    return [problem for problem in faces.problems() if not any(status in problem for status in expected)]


def key_of(link: str) -> str:
    return urllib.parse.unquote(link.split("#key=", 1)[1])


def test_a_trainer_builds_a_cohort_and_opens_its_next_seance(faces):
    server = faces.server
    page = sign_in(faces)
    cohort = create_cohort(page)

    # The plan: the pathway's ten séances, dated from the start, the first one next.
    items = page.locator("#plan .plan-item")
    expect(items).to_have_count(10)
    first = items.nth(0)
    expect(first).to_have_attribute("data-next", "true")
    expect(first).to_contain_text("Prochaine séance")
    expect(first).to_contain_text("Séance 1 — État des lieux des partenariats")
    expect(first).to_contain_text("4 janv. 2027")
    expect(first).to_contain_text("Thématique : Etat des lieux des partenariats en France et spécificités régionales")
    expect(first).to_contain_text("1 cas de codéveloppement")
    expect(first.locator("[data-testid=plan-status]")).to_have_text("À venir")
    expect(items.nth(2)).to_contain_text("2 cas de codéveloppement")

    # Territories and their binômes; each personal link is shown once, absolute, and works.
    aix = add_territory(page, "Pays d'Aix", "Provence-Alpes-Côte d'Azur", "urbain", "Envies d'Alliances")
    links = {"Awa": add_member(page, aix, "Awa")}
    expect(page.locator(f"#territory-{aix}")).to_contain_text("Binôme : il manque 1 personne")
    links["Bruno"] = add_member(page, aix, "Bruno")
    expect(page.locator(f"#territory-{aix}")).to_contain_text("Binôme complet")
    expect(page.locator("[data-testid=member-link-panel]")).to_have_count(2)  # Awa's is not lost
    mureaux = add_territory(page, "Les Mureaux", "Île-de-France", "ville moyenne", "PTCE Vivre Les Mureaux")
    links["Chloé"] = add_member(page, mureaux, "Chloé")
    links["David"] = add_member(page, mureaux, "David")
    for name, link in links.items():
        assert link.startswith(f"{faces.base}/moi#key="), link
        me = member_api(server, "GET", "/api/me", key_of(link))
        assert me.status == 200, me.text
        assert me.json()["me"]["name"] == name
    assert member_api(server, "GET", "/api/me", key_of(links["Chloé"])).json()["territory"]["name"] == "Les Mureaux"
    expect(page.locator(f"#territory-{mureaux} .profile")).to_contain_text("PTCE Vivre Les Mureaux")
    expect(page.locator("#territories-intro")).to_contain_text("2 territoires · 4 catalyseur·rice·s · tous les binômes sont complets")
    page.locator("[data-testid=member-link-panel]", has_text="Awa").get_by_role("button", name="C’est envoyé : masquer le lien").click()
    expect(page.locator("[data-testid=member-link-panel]")).to_have_count(3)
    expect(page.locator("#member-m1-name")).to_be_focused()

    # A refusal in words, next to the action, and the name typed is still there.
    page.fill("#territory-name", "pays d'aix")
    page.fill("#territory-region", "PACA")
    page.click("#territory-submit")
    expect(page.locator("#territory-status")).to_contain_text("Un territoire de cette cohorte porte déjà ce nom")
    expect(page.locator("#territory-name")).to_have_value("pays d'aix")
    expect(page.locator("#territory-region")).to_have_value("PACA")
    expect(page.locator("#territory-name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("article.territory")).to_have_count(2)
    # A séance dated on a day that does not exist: the sentence for the date, the edit kept.
    page.click("#plan-s4-edit summary")
    page.fill("#plan-s4-edit-title", "Séance 4 — Innovations (reportée)")
    page.evaluate("document.getElementById('plan-s4-edit-date').type = 'text'")  # a date picker cannot say 30 February
    page.fill("#plan-s4-edit-date", "2027-02-30")
    page.click("#plan-s4-edit button[type=submit]")
    expect(page.locator("#plan-s4-status")).to_contain_text("Cette date n’existe pas")
    expect(page.locator("#plan-s4-edit-title")).to_have_value("Séance 4 — Innovations (reportée)")

    # Moving a séance: the last one goes up one place, the focus stays on its button.
    page.click("#plan-s10-up")
    expect(items.nth(8)).to_have_attribute("data-planned", "s10")
    expect(items.nth(9)).to_have_attribute("data-planned", "s9")
    expect(page.locator("#plan-s10-up")).to_be_focused()
    assert [s["id"] for s in api(server, "GET", f"/api/cohorts/{cohort}").json()["plan"]][-2:] == ["s10", "s9"]
    expect(page.locator("#plan-s4-edit-title")).to_have_value("Séance 4 — Innovations (reportée)")  # kept across the redraw

    # Opening the next séance: asked first, then its code, « Animer », and the next one moves on.
    page.click("#plan-s1-open")
    expect(page.locator("#plan-s1-open-confirm")).to_contain_text("Ouvrir « Séance 1 — État des lieux des partenariats » maintenant ?")
    page.click("#plan-s1-open-confirm-yes")
    expect(page.locator("#plan-s1 [data-testid=plan-status]")).to_have_text(re.compile(r"^Ouverte — code [A-HJKMNP-Z2-9]{6}$"))
    view = api(server, "GET", f"/api/cohorts/{cohort}").json()
    code = view["plan"][0]["joinCode"]
    expect(page.locator("#plan-s1 [data-testid=plan-status]")).to_have_text(f"Ouverte — code {code}")
    expect(page.locator("#plan-s1-status")).to_contain_text(f"Séance ouverte, code {code}")
    expect(page.locator("#plan-s1-animate")).to_be_focused()
    expect(page.locator("#plan-s1-animate")).to_have_attribute("href", f"/console#open={view['plan'][0]['sessionID']}")
    expect(page.locator("#plan-s1-remove")).to_have_count(0)  # an opened séance stays in the plan
    expect(page.locator("#plan-s1")).not_to_have_attribute("data-next", "true")
    expect(page.locator("#plan-s2")).to_have_attribute("data-next", "true")
    invite = page.locator("#plan-s1-invite").input_value()
    assert invite.startswith(f"{faces.base}/console#session={view['plan'][0]['sessionID']}&invite="), invite

    assert serious_violations(page) == []
    shots(page, "cohorts-cohort")

    # The page in English: the same cohort, the field's words.
    page.click("#lang-switch")
    expect(page.locator("#plan-heading")).to_have_text("The plan")
    expect(page.locator("#plan-s1 [data-testid=plan-status]")).to_have_text(f"Open — code {code}")
    expect(page.locator("#plan-s4-edit-title")).to_have_value("Séance 4 — Innovations (reportée)")
    page.click("#lang-switch")
    expect(page.locator("#plan-heading")).to_have_text("Le plan")

    # A reload keeps the cohort (the address names it); « Animer » runs the séance in the console.
    page.reload()
    expect(page.locator("#cohort-name")).to_have_text("Cohorte pilote 2027")
    expect(page.locator("#plan-s1 [data-testid=plan-status]")).to_have_text(f"Ouverte — code {code}")
    page.click("#plan-s1-animate")
    expect(page.locator("#live-view")).to_be_visible()
    expect(page.locator("#live-title")).to_have_text("Séance 1 — État des lieux des partenariats")
    expect(page.locator("#share-code")).to_have_text(code)
    assert problems_but_refusals(faces, 400, 409) == []


def test_the_list_the_token_link_erasing_and_a_new_link(faces):
    server = faces.server
    created = api(server, "POST", "/api/cohorts", {"name": "Cohorte d’automne", "locale": "fr", "pathway": "co-construction-territoriale"})
    cohort = created.json()["id"]
    api(server, "POST", f"/api/cohorts/{cohort}/territories", {"name": "Rangueil", "region": "Occitanie"})
    for name in ("Emma", "Farid"):
        assert api(server, "POST", f"/api/cohorts/{cohort}/members", {"territory": "t1", "name": name}).status == 201

    # The token in the address signs in and leaves the address bar.
    page = faces.open("trainer", f"/cohortes#token={TRAINER_TOKEN}", viewport=VIEWPORTS["laptop"])
    expect(page.locator("#list-view")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/cohortes$"))
    item = page.locator(".cohort-item", has_text="Cohorte d’automne")
    expect(item).to_contain_text("Dates à fixer")
    expect(item).to_contain_text("1 territoire · 2 catalyseur·rice·s · 10 séances, aucune ouverte")
    # A refusal on creation: the sentence, the name kept.
    page.fill("#create-name", "Cohorte de printemps")
    page.fill("#create-starts", "2027-06-01")
    page.fill("#create-ends", "2027-01-01")
    page.click("#create-submit")
    expect(page.locator("#create-status")).to_contain_text("La date de fin est avant la date de début")
    expect(page.locator("#create-name")).to_have_value("Cohorte de printemps")
    assert serious_violations(page) == []
    shots(page, "cohorts-list")

    item.get_by_role("link", name="Cohorte d’automne").click()
    expect(page.locator("#cohort-name")).to_be_focused()
    expect(page.locator("#plan .plan-item").nth(0)).to_contain_text("Date à fixer")

    # A new link: asked first; the old one stops working.
    page.click("#member-m2-link")
    expect(page.locator("#member-m2-link-confirm")).to_contain_text("L’ancien lien cessera aussitôt de fonctionner")
    page.click("#member-m2-link-confirm-yes")
    new_link = page.locator("#link-m2-url").input_value()
    assert member_api(server, "GET", "/api/me", key_of(new_link)).json()["me"]["name"] == "Farid"

    # Erasing: asked first, said to be final; cancelling changes nothing.
    page.click("#member-m1-erase")
    expect(page.locator("#member-m1-erase-confirm")).to_contain_text("C’est définitif")
    page.locator("#member-m1-erase-confirm").get_by_role("button", name="Annuler").click()
    expect(page.locator("#member-m1-erase")).to_be_focused()
    expect(page.locator("#member-m1-name")).to_have_text("Emma")
    page.click("#member-m1-erase")
    page.click("#member-m1-erase-confirm-yes")
    expect(page.locator("#member-m1-name")).to_have_text("Membre 1")
    expect(page.locator("#member-m1")).to_contain_text("effacé·e")
    expect(page.locator("#territory-t1-status")).to_contain_text("Emma a été effacé·e")
    expect(page.locator("#territory-t1")).to_contain_text("Binôme : il manque 1 personne")

    # Removing a planned séance, asked first.
    page.click("#plan-s10-remove")
    page.click("#plan-s10-remove-confirm-yes")
    expect(page.locator("#plan .plan-item")).to_have_count(9)
    expect(page.locator("#plan-status")).to_contain_text("« Séance 10 — Constats et enseignements (2) » a été retirée du plan.")

    # Adding a séance: it comes last, with its thématique and cases.
    page.click("#plan-add summary")
    page.fill("#plan-add-title", "Visite d’un tiers lieu")
    page.fill("#plan-add-date", "2027-09-15")
    page.select_option("#plan-add-theme", "Tiers lieux & dialogue territorial")
    page.fill("#plan-add-cases", "0")
    page.click("#plan-add-submit")
    last = page.locator("#plan .plan-item").nth(9)
    expect(last).to_contain_text("Visite d’un tiers lieu")
    expect(last).to_contain_text("Thématique : Tiers lieux & dialogue territorial · Sans cas de codéveloppement")
    expect(last.locator("h3")).to_be_focused()
    assert problems_but_refusals(faces, 400) == []
