"""Capitalisation end to end: a binôme co-writes its territory's fiche d'expérience from
their own pages (a concurrent edit is refused with the other's version, nothing lost), the
trainer marks it reviewed in a séance, and the cohort's constats et enseignements export
groups the lessons by theme and by territory, in Markdown and as a printable page."""

from __future__ import annotations

import pytest

from session_client import api, run, start_server
from test_cohort_journey import first_session
from test_cohorts import build_cohort, member_api, open_planned

RECORD = {
    "ecosystem": "Animateur d'un réseau de 40 structures du Pays d'Aix.",
    "model": "Cotisations, mécénat de compétences et une subvention régionale.",
    "governance": "",
    "maturity": "structuration",
    "tried": "Des petits-déjeuners entreprises-associations chaque trimestre.",
    "learned": "Partir des besoins des entreprises plutôt que des projets associatifs.",
    "themes": ["Partenariats associations / entreprises", " Partenariats associations / entreprises "],
}


@pytest.fixture
def server(atelier_factory):
    return start_server(atelier_factory)


def put_record(server, key, record, base):
    from atelier_e2e import http_request
    import json
    return http_request(server, "PUT", "/api/me/record", body=json.dumps({"record": record, "base": base}).encode(),
                        headers={"Authorization": f"Member {key}", "Content-Type": "application/json"})


def test_a_binome_co_writes_its_record_and_the_cohort_exports_its_lessons(server):
    cohort, keys = build_cohort(server)
    run(first_session(server, open_planned(server, cohort["id"], "s1"), keys))

    empty = member_api(server, "GET", "/api/me/record", keys["Awa"]).json()
    assert empty["version"] == 0 and empty["territoryName"] == "Pays d'Aix" and empty["record"]["tried"] == ""
    written = put_record(server, keys["Awa"], RECORD, 0)
    assert written.status == 200, written.text
    assert written.json()["version"] == 1 and written.json()["updatedByName"] == "Awa"
    assert written.json()["record"]["themes"] == ["Partenariats associations / entreprises"]
    # Bruno, who opened the page before Awa saved, saves from version 0: refused, with hers.
    stale = put_record(server, keys["Bruno"], {**RECORD, "governance": "Un comité de pilotage mixte."}, 0)
    assert stale.status == 409
    assert stale.json()["error"]["reason"] == "cohort.record-changed"
    assert stale.json()["current"]["version"] == 1 and stale.json()["current"]["record"]["governance"] == ""
    merged = put_record(server, keys["Bruno"], {**RECORD, "governance": "Un comité de pilotage mixte."}, 1)
    assert merged.status == 200 and merged.json()["version"] == 2
    assert member_api(server, "GET", "/api/me/record", keys["Awa"]).json()["record"]["governance"] == "Un comité de pilotage mixte."
    # Bad input: a clear error, nothing changed.
    assert put_record(server, keys["Awa"], {**RECORD, "tried": "x" * 4001}, 2).status == 413
    assert put_record(server, keys["Awa"], {**RECORD, "maturity": "adulte"}, 2).status == 400
    assert member_api(server, "GET", "/api/me/record", keys["Awa"]).json()["version"] == 2

    # The trainer marks it reviewed in séance 1; only a held séance will do.
    records = api(server, "GET", f"/api/cohorts/{cohort['id']}/records").json()
    assert [r["version"] for r in records] == [2, 0, 0, 0]
    assert api(server, "POST", f"/api/cohorts/{cohort['id']}/territories/t1/record/reviewed", {"planned": "s2"}).status == 404
    assert api(server, "POST", f"/api/cohorts/{cohort['id']}/territories/t1/record/reviewed", {"planned": "s1"}).status == 200
    assert api(server, "POST", f"/api/cohorts/{cohort['id']}/territories/t1/record/reviewed", {"planned": "s1"},
               token=None).status == 401

    export = api(server, "GET", f"/api/cohorts/{cohort['id']}/capitalisation")
    assert export.status == 200 and export.header("content-type").startswith("text/markdown")
    text = export.text
    assert text.startswith("# Constats et enseignements — Cohorte pilote\n")
    by_theme, by_territory = text.split("## Par territoire")
    assert "### Etat des lieux des partenariats en France et spécificités régionales" in by_theme
    assert "- Écouter avant de proposer — _Emma (Rangueil), Séance 1 — État des lieux des partenariats_" in by_theme
    pays = by_territory.split("### Les Mureaux")[0]
    assert "#### Fiche d'expérience" in pays and "_Relue en séance : Séance 1 — État des lieux des partenariats_" in pays
    assert "**Stade de maturité** : structuration" in pays and "Un comité de pilotage mixte." in pays
    assert "#### Ses demandes au groupe\n\n- Aidez-nous à remobiliser deux entreprises partenaires" in pays
    assert "- Organiser un petit-déjeuner d'entreprises — à faire" in pays
    html = api(server, "GET", f"/api/cohorts/{cohort['id']}/capitalisation?format=html")
    assert html.header("content-type").startswith("text/html") and "<h2>Par thématique</h2>" in html.text
    # Members read the same export.
    assert member_api(server, "GET", "/api/me/capitalisation", keys["Chloé"]).text == text
