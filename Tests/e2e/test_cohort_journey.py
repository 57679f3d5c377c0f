"""A cohort's journey end to end: four territories in binômes; in the first séance the Pays
d'Aix binôme brings the co-development case together (co-clients), commits to actions, and
the group writes its lessons; each territory gets its *retour au territoire*; the binôme
follows up its actions from its own page. Real server, real clients, every frame checked
against the protocol's schemas."""

from __future__ import annotations

import pytest

from session_client import TRAINER_TOKEN, Clients, all_see, api, run, start_server
from test_cohorts import build_cohort, member_api, open_planned


def activity(client):
    return client.view["activity"]["view"]


@pytest.fixture
def server(atelier_factory):
    return start_server(atelier_factory)


async def first_session(server, opened, keys):
    """Séance 1: the Pays d'Aix binôme (Awa, Bruno) is client; actions; lessons."""
    async with Clients(server) as clients:
        lead = await clients.new("lead")
        await lead.facilitate(opened["id"], token=TRAINER_TOKEN, name="Claire")
        people = {}
        for name in ("Awa", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo"):
            people[name] = await clients.new(name)
            await people[name].enter(opened["joinCode"], keys[name])
        everyone = [lead, *people.values()]
        await all_see(everyone, lambda c: len(c.view["members"]) == 9, "everyone in the séance")
        awa, bruno, chloe = people["Awa"], people["Bruno"], people["Chloé"]

        await lead.command("goToStep", index=3)
        await all_see(everyone, lambda c: c.view["activity"]["id"] == "peer-consultation", "the co-development step")
        await lead.activity("nameClient", participant="m1")
        await all_see(everyone, lambda c: activity(c).get("client") == "m1" and activity(c).get("coClients") == ["m2"],
                      "Awa and Bruno bring the case")
        await lead.activity("nextPhase")
        await bruno.activity("pinSummary", text="Trois entreprises partenaires se retirent du tiers lieu.")
        await lead.activity("nextPhase")
        await chloe.activity("post", cardKind="question", text="Depuis quand ?")
        await all_see([bruno], lambda c: len(activity(c)["cards"]) == 1, "the question")
        await bruno.activity("answer", card=activity(bruno)["cards"][0]["id"], text="Depuis le printemps.")
        await bruno.activity("post", cardKind="question", text="Et vous ?", expect_error="forbidden")
        await lead.activity("nextPhase")
        await awa.activity("setContract", items=["Aidez-nous à remobiliser deux entreprises partenaires"])
        await lead.activity("nextPhase")
        await chloe.activity("post", cardKind="suggestion", text="Un petit-déjeuner avec la CCI", tag=0)
        await lead.activity("nextPhase")
        await awa.activity("addAction", what="Organiser un petit-déjeuner d'entreprises", due="avant juin", resources="la CCI")
        await bruno.activity("addAction", what="Rencontrer la communauté de communes", due="mars")
        await lead.activity("nextPhase")
        await people["Emma"].activity("post", cardKind="learning", frame="learnings", text="Écouter avant de proposer")
        await all_see([lead], lambda c: len(activity(c)["actions"]) == 2, "two actions")

        # « Constats et enseignements »: a round whose cards are the séance's lessons.
        await lead.command("goToStep", index=4)
        await all_see(everyone, lambda c: c.view["agenda"]["current"] == 4, "the lessons' round")
        await lead.activity("startRound", theme="Ce que je retiens pour mon territoire")
        await lead.activity("next")
        await lead.wait_for(lambda c: activity(c)["rounds"][-1].get("floor"), what="a speaker")
        speaker = activity(lead)["rounds"][-1]["floor"]["speaker"]
        speaking = next(p for p in people.values() if p.view["me"]["id"] == speaker)
        await speaking.activity("post", text="Le catalyseur anime, il n'opère pas")
        await all_see([lead], lambda c: len(activity(c)["rounds"][-1]["cards"]) == 1, "the lesson")


def test_a_binome_brings_a_case_and_takes_the_sessions_lessons_home(server):
    cohort, keys = build_cohort(server)
    opened = open_planned(server, cohort["id"], "s1")
    run(first_session(server, opened, keys))

    # The binôme's page lists their actions, owned by both.
    page = member_api(server, "GET", "/api/me", keys["Bruno"]).json()
    actions = page["actions"]
    assert [a["what"] for a in actions] == ["Organiser un petit-déjeuner d'entreprises", "Rencontrer la communauté de communes"]
    assert all(a["owners"] == ["m1", "m2"] and a["status"] == "open" and a["territory"] == "t1" for a in actions)
    assert page["sheets"] == [{"planned": "s1", "title": opened["title"], "date": "2027-01-04"}]
    assert member_api(server, "GET", "/api/me", keys["Chloé"]).json()["actions"] == []

    # Their retour au territoire: request, actions, the group's lessons, « Transmis à ».
    sheet = member_api(server, "GET", "/api/me/sheets/s1", keys["Bruno"])
    assert sheet.status == 200 and sheet.header("content-type").startswith("text/markdown")
    text = sheet.text
    assert text.startswith("# Retour au territoire — Pays d'Aix\n")
    assert "- **Binôme** : Awa et Bruno" in text
    assert "## Notre demande au groupe\n\n- Aidez-nous à remobiliser deux entreprises partenaires" in text
    assert "- [ ] Organiser un petit-déjeuner d'entreprises (échéance : avant juin ; moyens : la CCI) — à faire" in text
    assert "### Apprentissages\n\n- Écouter avant de proposer" in text
    assert "### Ce que je retiens pour mon territoire\n\n- Le catalyseur anime, il n'opère pas" in text
    assert "_(à compléter" in text
    # Another territory's sheet: no request, no action of theirs, the same lessons.
    other = member_api(server, "GET", "/api/me/sheets/s1", keys["Chloé"]).text
    assert "Notre demande" not in other and "Aucune action décidée pour notre territoire" in other
    assert "Le catalyseur anime, il n'opère pas" in other

    # To whom they passed it on; the printable page.
    shared = member_api(server, "POST", "/api/me/sheets/s1", keys["Awa"], {"with": "Conseil de développement du Pays d'Aix"})
    assert shared.status == 200, shared.text
    assert "## Transmis à\n\nConseil de développement du Pays d'Aix" in member_api(server, "GET", "/api/me/sheets/s1", keys["Bruno"]).text
    html = member_api(server, "GET", "/api/me/sheets/s1?format=html", keys["Bruno"])
    assert html.header("content-type").startswith("text/html") and "<h1>Retour au territoire — Pays d&#39;Aix</h1>" in html.text \
        or "<h1>Retour au territoire — Pays d'Aix</h1>" in html.text
    trainer_sheet = api(server, "GET", f"/api/cohorts/{cohort['id']}/plan/s1/sheets/t2")
    assert trainer_sheet.status == 200 and "Les Mureaux" in trainer_sheet.text

    # Following up: an owner marks progress; a non-owner may not; the trainer sees it.
    key = actions[0]["key"]
    assert member_api(server, "POST", "/api/me/actions", keys["Chloé"], {"key": key, "status": "done"}).status == 403
    reviewed = member_api(server, "POST", "/api/me/actions", keys["Bruno"],
                          {"key": key, "status": "in-progress", "note": "Date fixée avec la CCI"})
    assert reviewed.status == 200, reviewed.text
    assert reviewed.json()["actions"][0]["status"] == "in-progress"
    assert member_api(server, "POST", "/api/me/actions", keys["Bruno"], {"key": key, "status": "finished"}).status == 400
    items = api(server, "GET", f"/api/cohorts/{cohort['id']}/actions").json()
    assert [(i["status"], i["note"]) for i in items] == [("in-progress", "Date fixée avec la CCI"), ("open", "")]
    assert api(server, "POST", f"/api/cohorts/{cohort['id']}/actions", {"key": items[1]["key"], "status": "dropped"}).status == 200
    assert "— abandonnée" in member_api(server, "GET", "/api/me/sheets/s1", keys["Awa"]).text


def test_the_next_seance_opens_with_the_follow_up_of_open_actions(server):
    cohort, keys = build_cohort(server)
    run(first_session(server, open_planned(server, cohort["id"], "s1"), keys))
    items = api(server, "GET", f"/api/cohorts/{cohort['id']}/actions").json()
    assert member_api(server, "POST", "/api/me/actions", keys["Awa"],
                      {"key": items[0]["key"], "status": "in-progress", "note": "Date fixée"}).status == 200
    second = open_planned(server, cohort["id"], "s2")

    async def follow_up():
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(second["id"], token=TRAINER_TOKEN, name="Claire")
            awa, chloe = await clients.new("awa"), await clients.new("chloe")
            await awa.enter(second["joinCode"], keys["Awa"])
            await chloe.enter(second["joinCode"], keys["Chloé"])
            await lead.command("goToStep", index=1)
            everyone = [lead, awa, chloe]
            await all_see(everyone, lambda c: c.view["activity"]["id"] == "follow-up", "the follow-up round")
            view = activity(awa)
            assert [(i["what"], i["status"], i["note"]) for i in view["items"]] == [
                ("Organiser un petit-déjeuner d'entreprises", "in-progress", "Date fixée"),
                ("Rencontrer la communauté de communes", "open", "")]
            assert view["turns"] == [["m1", "m2"]] and all(i["names"] == ["Awa", "Bruno"] for i in view["items"])
            await lead.activity("next")
            await all_see(everyone, lambda c: activity(c).get("current") == 0, "the binôme's turn")
            await awa.activity("review", key=view["items"][1]["key"], status="done", note="Rencontre le 12 mars")
            refused = await chloe.activity("review", key=view["items"][0]["key"], status="done", expect_error="forbidden")
            assert refused["reason"] == "follow-up.not-owner"
            await all_see(everyone, lambda c: activity(c)["items"][1]["status"] == "done" and activity(c)["items"][1]["reviewed"],
                          "the review, live")
    run(follow_up())

    # The review made in the séance reaches the cohort: the ledger, the member's page, the next seed.
    items = api(server, "GET", f"/api/cohorts/{cohort['id']}/actions").json()
    assert [(i["status"], i["note"]) for i in items] == [("in-progress", "Date fixée"), ("done", "Rencontre le 12 mars")]
    assert member_api(server, "GET", "/api/me", keys["Bruno"]).json()["actions"][1]["status"] == "done"
    third = open_planned(server, cohort["id"], "s3")

    async def third_seed():
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(third["id"], token=TRAINER_TOKEN)
            await lead.command("goToStep", index=1)
            await lead.wait_for(lambda c: c.view["activity"]["id"] == "follow-up", what="the follow-up round")
            assert [i["what"] for i in activity(lead)["items"]] == ["Organiser un petit-déjeuner d'entreprises"]
    run(third_seed())


def test_the_dashboard_shows_attendance_speaking_actions_lessons_and_the_next_client(server):
    cohort, keys = build_cohort(server)
    empty = api(server, "GET", f"/api/cohorts/{cohort['id']}/dashboard").json()
    assert empty["held"] == 0 and empty["planned"] == 10 and empty["rotation"] == ["t1", "t2", "t3", "t4"]
    run(first_session(server, open_planned(server, cohort["id"], "s1"), keys))
    assert member_api(server, "POST", "/api/me/subjects", keys["Gaëlle"], {"text": "Un tiers lieu en milieu rural"}).status == 201
    board = api(server, "GET", f"/api/cohorts/{cohort['id']}/dashboard").json()
    assert board["held"] == 1 and board["seances"][0]["present"] == 8 and board["seances"][1]["held"] is False
    assert all(m["attended"] == 1 for m in board["members"])
    aix = next(t for t in board["territories"] if t["id"] == "t1")
    assert aix["cases"] == 1 and aix["lastCase"] == "s1" and aix["actions"] == {"open": 2} and aix["present"] == 1
    assert [m["cases"] for m in board["members"][:3]] == [1, 1, 0]
    # Never a client first, a waiting subject first among equals, the Pays d'Aix last.
    assert board["rotation"] == ["t4", "t2", "t3", "t1"]
    assert board["actions"] == {"open": 2}
    assert board["themes"][0]["lessons"] == 2 and board["themes"][0]["seances"] == 1
    assert all(m["speakingMs"] >= 0 for m in board["members"])
    assert api(server, "GET", f"/api/cohorts/{cohort['id']}/dashboard", token=None).status == 401
