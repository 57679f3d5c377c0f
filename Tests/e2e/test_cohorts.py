"""Cohorts end to end: a trainer builds a cohort of territories in binômes over HTTP, draws
its plan from the pathway file, opens sessions from the plan; members enter with their
personal link and keep their identity from one session to the next; the plan adapts
without files; everything survives a restart. Real server, real clients."""

from __future__ import annotations

import urllib.parse

import pytest

from atelier_e2e import run_cli
from session_client import TRAINER_TOKEN, Clients, api, run, start_server

TERRITORIES = [
    ("Pays d'Aix", "Provence-Alpes-Côte d'Azur", "urbain", "Envies d'Alliances", ["Awa", "Bruno"]),
    ("Les Mureaux", "Île-de-France", "ville moyenne", "PTCE Vivre Les Mureaux", ["Chloé", "David"]),
    ("Rangueil", "Occitanie", "campus", "Le Catalyseur", ["Emma", "Farid"]),
    ("Centre-Val de Loire", "Centre-Val de Loire", "régional", "Villes au Carré", ["Gaëlle", "Hugo"]),
]


def member_api(server, method, path, key, body=None):
    from atelier_e2e import http_request
    import json
    headers = {"Authorization": f"Member {key}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    return http_request(server, method, path, body=data, headers=headers)


def key_of(link: str) -> str:
    assert link.startswith("/moi#key="), link
    return urllib.parse.unquote(link.split("#key=", 1)[1])


def build_cohort(server, *, starts="2027-01-04"):
    """A cohort from the pathway, four territories in binômes; returns (cohort, {name: key})."""
    created = api(server, "POST", "/api/cohorts",
                  {"name": "Cohorte pilote", "locale": "fr", "starts": starts, "pathway": "co-construction-territoriale"})
    assert created.status == 201, created.text
    cohort = created.json()
    keys = {}
    for name, region, kind, structure, members in TERRITORIES:
        added = api(server, "POST", f"/api/cohorts/{cohort['id']}/territories",
                    {"name": name, "region": region, "kind": kind, "structure": structure})
        assert added.status == 201, added.text
        territory = added.json()["territories"][-1]["id"]
        for member in members:
            answer = api(server, "POST", f"/api/cohorts/{cohort['id']}/members", {"territory": territory, "name": member})
            assert answer.status == 201, answer.text
            keys[member] = key_of(answer.json()["link"])
    return api(server, "GET", f"/api/cohorts/{cohort['id']}").json(), keys


def open_planned(server, cohort_id, planned_id):
    opened = api(server, "POST", f"/api/cohorts/{cohort_id}/plan/{planned_id}/open")
    assert opened.status == 201, opened.text
    return opened.json()


@pytest.fixture
def server(atelier_factory):
    return start_server(atelier_factory)


def test_the_pathway_becomes_a_dated_plan_of_real_sessions(server):
    pathways = api(server, "GET", "/api/pathways").json()
    assert [p["id"] for p in pathways] == ["co-construction-territoriale"]
    assert len(pathways[0]["themes"]) == 8 and pathways[0]["themes"][4] == "Tiers lieux & dialogue territorial"
    cohort, _ = build_cohort(server)
    plan = cohort["plan"]
    assert len(plan) == len(pathways[0]["sessions"]) == 10
    assert [s["date"] for s in plan[:3]] == ["2027-01-04", "2027-02-01", "2027-03-01"]
    assert plan[2]["theme"] == "Modèles de co-construction territoriale" and plan[2]["cases"] == 2
    assert cohort["next"] == "s1" and all(s["status"] == "planned" for s in plan)
    assert [len(t["members"]) for t in cohort["territories"]] == [2, 2, 2, 2]
    # Opening a planned session creates the real session: its theme chosen, its cases set.
    opened = open_planned(server, cohort["id"], "s3")
    assert opened["title"] == "Séance 3 — Modèles de co-construction territoriale"

    async def scenario():
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(opened["id"], token=TRAINER_TOKEN)
            steps = lead.view["agenda"]["steps"]
            assert [s["activity"] for s in steps] == ["theme-round", "follow-up", "theme-round", "peer-consultation", "theme-round", "theme-round"]
    run(scenario())
    after = api(server, "GET", f"/api/cohorts/{cohort['id']}").json()
    s3 = next(s for s in after["plan"] if s["id"] == "s3")
    assert s3["status"] == "open" and s3["sessionID"] == opened["id"] and s3["joinCode"] == opened["joinCode"]
    assert after["next"] == "s1"


def test_members_keep_their_identity_across_sessions_and_devices(server):
    cohort, keys = build_cohort(server)
    first = open_planned(server, cohort["id"], "s1")
    second = open_planned(server, cohort["id"], "s2")

    async def scenario():
        async with Clients(server) as clients:
            awa = await clients.new("awa")
            welcome = await awa.enter(first["joinCode"], keys["Awa"])
            assert welcome["participant"] == "m1" and welcome["role"] == "participant"
            assert awa.view["members"]["m1"]["name"] == "Awa"
            # The same person on a second device is the same member.
            phone = await clients.new("awa-phone")
            again = await phone.enter(first["joinCode"], keys["Awa"])
            assert again["participant"] == "m1"
            assert sorted(phone.view["members"]) == ["m1"]
            # A reconnect is an ordinary resume, the personal link being the token.
            epoch, seq = awa.epoch, awa.seq
            awa.cut()
            back = await clients.new("awa-back")
            resumed = await back.resume(first["id"], "m1", welcome["token"], epoch, seq, view=awa.view)
            assert resumed["welcome"]["participant"] == "m1"
            # A new link: it resumes at once (and becomes the token); the old one no longer does.
            renewed = api(server, "POST", f"/api/cohorts/{cohort['id']}/members/m1/link")
            new_key = key_of(renewed.json()["link"])
            stale = await clients.new("awa-stale")
            refused = await stale.resume(first["id"], "m1", welcome["token"], back.epoch, back.seq, expect_error="unauthorized")
            assert refused["reason"] == "cohort.link-invalid"
            fresh = await clients.new("awa-fresh")
            again = await fresh.resume(first["id"], "m1", new_key, back.epoch, back.seq, view=back.view)
            assert again["welcome"]["token"] == new_key and again["mode"] == "patches"
            keys["Awa"] = new_key
            # In the next session, the same member id.
            chloe = await clients.new("chloe")
            assert (await chloe.enter(second["joinCode"], keys["Chloé"]))["participant"] == "m3"
            awa2 = await clients.new("awa2")
            assert (await awa2.enter(second["joinCode"], keys["Awa"]))["participant"] == "m1"
            # Guests still join with the code, under ids of their own.
            guest = await clients.new("guest")
            assert (await guest.join(second["joinCode"], "Invitée"))["participant"].startswith("p")
            # Wrong or foreign keys are refused with a stable code and reason.
            stranger = await clients.new("stranger")
            refused = await stranger.enter(second["joinCode"], keys["Awa"][:-2] + "zz", expect_error="unauthorized")
            assert refused["reason"] == "cohort.link-invalid"
            loose = api(server, "POST", "/api/sessions", {"template": "accueil"}).json()
            outside = await clients.new("outside")
            refused = await outside.enter(loose["joinCode"], keys["Awa"], expect_error="forbidden")
            assert refused["reason"] == "cohort.other-cohort"
    run(scenario())


def test_a_member_has_their_own_page_and_proposes_subjects(server):
    cohort, keys = build_cohort(server)
    open_planned(server, cohort["id"], "s1")
    page = member_api(server, "GET", "/api/me", keys["Chloé"])
    assert page.status == 200, page.text
    me = page.json()
    assert me["me"]["name"] == "Chloé" and me["cohortName"] == "Cohorte pilote"
    assert me["territory"]["name"] == "Les Mureaux" and [m["name"] for m in me["territory"]["members"]] == ["Chloé", "David"]
    assert me["plan"][0]["joinCode"] and me["plan"][1].get("joinCode") is None
    assert "keyHash" not in page.text and "key_hash" not in page.text
    proposed = member_api(server, "POST", "/api/me/subjects", keys["Chloé"], {"text": "Associer les entreprises au tiers lieu"})
    assert proposed.status == 201, proposed.text
    subject = proposed.json()["subjects"][0]
    trainer_view = api(server, "GET", f"/api/cohorts/{cohort['id']}").json()
    assert trainer_view["proposals"][0]["memberName"] == "Chloé" and trainer_view["proposals"][0]["territory"] == "Les Mureaux"
    # Only its author withdraws it.
    assert member_api(server, "DELETE", f"/api/me/subjects/{subject['id']}", keys["David"]).status == 403
    assert member_api(server, "DELETE", f"/api/me/subjects/{subject['id']}", keys["Chloé"]).status == 200
    assert api(server, "GET", f"/api/cohorts/{cohort['id']}").json()["proposals"] == []
    # No key, a wrong key, a trainer token: no member page.
    assert member_api(server, "GET", "/api/me", "nope").status == 401
    assert api(server, "GET", "/api/me").status == 401
    assert member_api(server, "POST", "/api/me/subjects", keys["Awa"], {"text": ""}).status == 400


def test_the_trainer_adapts_the_plan_and_every_route_is_guarded(server):
    cohort, keys = build_cohort(server, starts=None)
    cid = cohort["id"]
    assert all(s.get("date") is None for s in cohort["plan"])
    added = api(server, "POST", f"/api/cohorts/{cid}/plan",
                {"title": "Séance en plus : visite d'un tiers lieu", "template": "seance-parcours",
                 "theme": "Tiers lieux & dialogue territorial", "date": "2027-06-15", "index": 0})
    assert added.status == 201, added.text
    assert added.json()["plan"][0]["id"] == "s11"
    moved = api(server, "PATCH", f"/api/cohorts/{cid}/plan/s2",
                {"title": "Séance 2 (reportée)", "theme": "Fragilités en territoire et enjeux d'alliances innovantes",
                 "date": "2027-07-01", "index": 10})
    assert moved.status == 200, moved.text
    plan = moved.json()["plan"]
    assert plan[-1]["id"] == "s2" and plan[-1]["title"] == "Séance 2 (reportée)" and plan[-1]["date"] == "2027-07-01"
    # The learnings' frame is the cohort's choice, for the séances opened from then on.
    assert api(server, "PATCH", f"/api/cohorts/{cid}", {"name": "Cohorte pilote", "learningFrame": "libre"}).status == 400
    framed = api(server, "PATCH", f"/api/cohorts/{cid}", {"name": "Cohorte pilote", "learningFrame": "free"})
    assert framed.status == 200 and framed.json()["learningFrame"] == "free"
    opened = open_planned(server, cid, "s11")

    async def frame():
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(opened["id"], token=TRAINER_TOKEN)
            await lead.command("goToStep", index=3)
            await lead.wait_for(lambda c: c.view["activity"]["id"] == "peer-consultation", what="co-development")
            assert lead.view["activity"]["view"]["learningFrame"] == "free"
    run(frame())
    assert api(server, "DELETE", f"/api/cohorts/{cid}/plan/s11").status == 409
    assert api(server, "POST", f"/api/cohorts/{cid}/plan/s11/open").status == 409
    assert api(server, "DELETE", f"/api/cohorts/{cid}/plan/s10").status == 200
    # Bad input: a clear error, nothing changed.
    before = api(server, "GET", f"/api/cohorts/{cid}").json()
    for method, path, body, status in [
        ("PATCH", f"/api/cohorts/{cid}/plan/s3", {"title": "x", "date": "2027-02-30"}, 400),
        ("POST", f"/api/cohorts/{cid}/plan", {"title": "x", "template": "absent"}, 404),
        ("POST", f"/api/cohorts/{cid}/territories", {"name": "pays D'AIX"}, 409),
        ("POST", f"/api/cohorts/{cid}/members", {"territory": "t99", "name": "X"}, 404),
        ("POST", f"/api/cohorts/{cid}/members", {"territory": "t1"}, 400),
        ("POST", "/api/cohorts", {"name": "", "locale": "fr"}, 400),
        ("POST", "/api/cohorts", {"name": "X", "pathway": "absent"}, 404),
        ("GET", "/api/cohorts/cnope", None, 404),
    ]:
        answer = api(server, method, path, body)
        assert answer.status == status, (method, path, answer.status, answer.text)
        assert answer.json()["error"]["code"] and answer.json()["error"]["message"]
    assert api(server, "GET", f"/api/cohorts/{cid}").json() == before
    # Every trainer route needs the trainer token; a member's key is not one.
    for method, path in [("GET", "/api/cohorts"), ("GET", f"/api/cohorts/{cid}"), ("POST", f"/api/cohorts/{cid}/plan/s3/open"),
                         ("POST", f"/api/cohorts/{cid}/territories"), ("GET", "/api/pathways"),
                         ("DELETE", f"/api/cohorts/{cid}/members/m1")]:
        assert api(server, method, path, {}, token=None).status == 401, path
        assert api(server, method, path, {}, token=keys["Awa"]).status == 401, path


def test_cohorts_survive_a_restart_and_an_erased_member_loses_their_link(atelier_factory, tmp_path):
    data = tmp_path / "data"
    server = start_server(atelier_factory, data_dir=data)
    cohort, keys = build_cohort(server)
    opened = open_planned(server, cohort["id"], "s1")
    assert api(server, "DELETE", f"/api/cohorts/{cohort['id']}/members/m2").status == 200
    renewed = api(server, "POST", f"/api/cohorts/{cohort['id']}/members/m3/link")
    assert renewed.status == 200
    new_key = key_of(renewed.json()["link"])
    server.stop()
    again = start_server(atelier_factory, data_dir=data)
    restored = api(again, "GET", f"/api/cohorts/{cohort['id']}").json()
    assert restored["plan"][0]["sessionID"] == opened["id"]
    erased = restored["territories"][0]["members"][1]
    assert erased == {"id": "m2", "name": "Membre 2", "territory": "t1", "erased": True}
    assert member_api(again, "GET", "/api/me", keys["Bruno"]).status == 401
    assert member_api(again, "GET", "/api/me", keys["Chloé"]).status == 401  # the old link
    assert member_api(again, "GET", "/api/me", new_key).json()["me"]["name"] == "Chloé"

    async def scenario():
        async with Clients(again) as clients:
            bruno = await clients.new("bruno")
            await bruno.enter(opened["joinCode"], keys["Bruno"], expect_error="unauthorized")
            chloe = await clients.new("chloe")
            assert (await chloe.enter(opened["joinCode"], new_key))["participant"] == "m3"
    run(scenario())


def test_a_bad_pathway_file_stops_the_start_naming_its_key(atelier_bin, tmp_path):
    folder = tmp_path / "pathways"
    folder.mkdir()
    (folder / "broken.yaml").write_text(
        "title: Parcours\ntemplate: seance-parcours\nthemes: [\"Tiers lieux\"]\nsessions:\n  - title: Une\n    theme: 4\n")
    from session_client import TEMPLATES_DIR
    completed = run_cli(["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", str(tmp_path / "data"),
                         "--templates-dir", str(TEMPLATES_DIR), "--pathways-dir", str(folder)], timeout=20)
    assert completed.returncode == 2, completed.stderr
    assert "broken.yaml" in completed.stderr and "sessions[0].theme" in completed.stderr, completed.stderr
    assert "listening on" not in completed.stdout
