"""A theme round over real WebSockets: a facilitator, six participants (two territories'
pairs and two people alone) and an observer, through pairs, the facilitator's order, turns
ended every way, a skip, a late joiner, cards, dots and headings; the server's own clock
ending a timebox; the minutes; and the round rebuilt from its log by a new process. Every
frame is validated against docs/schema (the activity's own schema too)."""

from __future__ import annotations

import time

from session_client import TRAINER_TOKEN, Clients, all_see, api, by_name, create_session, run, server_env, start_server

THEME = "Modèles de co-construction territoriale"


def round_of(client) -> dict:
    return client.view["activity"]["view"]["rounds"][-1]


def floor(client) -> str | None:
    return round_of(client).get("floor", {}).get("speaker")


def test_a_theme_round_with_six_participants(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"

    async def body():
        server = start_server(atelier_factory, data_dir=data_dir)
        # The template offers the round's theme among the eight thématiques; only those are accepted.
        templates = {t["id"]: t for t in api(server, "GET", "/api/templates").json()}
        offered = templates["thematique"]["steps"][1]["choices"]
        assert [c["key"] for c in offered] == ["theme"] and THEME in offered[0]["options"] and len(offered[0]["options"]) == 8
        refused = api(server, "POST", "/api/sessions", {"template": "thematique", "choices": [{"step": 1, "key": "theme", "value": "Inventé"}]})
        assert refused.status == 400 and refused.json()["error"]["code"] == "bad_request"
        response = api(server, "POST", "/api/sessions", {"template": "thematique", "title": "Thématique de mars",
                                                          "choices": [{"step": 1, "key": "theme", "value": THEME}]})
        assert response.status == 201, response.text
        created = response.json()
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN, name="Claire")
            names = ["Ana", "Bruno", "Chloé", "David", "Emma", "Farid"]
            people = {}
            for name in names:
                people[name] = await clients.new(name)
                await people[name].join(created["joinCode"], name)
            olga = await clients.new("Olga")
            await olga.join(created["joinCode"], "Olga", role="observer")
            everyone = [lead, *people.values(), olga]
            await all_see(everyone, lambda c: len(c.view["members"]) == 8, "eight members")
            ana, bruno, chloe, david, emma, farid = (people[n] for n in names)
            ids = {name: by_name(lead, name) for name in names}

            await lead.command("nextStep")
            await all_see(everyone, lambda c: c.view["activity"]["step"] == 1, "the thematic round (step 2)")
            view = lead.view["activity"]["view"]
            assert view["by"] == "territory" and view["order"] == "facilitator" and len(view["themes"]) == 8
            assert view["theme"] == THEME  # chosen when the session was created
            assert view["turns"] is True and "speaking" in view and "speaking" not in olga.view["activity"]["view"]

            # Pairs: the two territories' binômes; only the facilitator forms them.
            await ana.activity("pair", participant=ids["Ana"], partner=ids["Bruno"], expect_error="forbidden")
            await lead.activity("pair", participant=ids["Ana"], partner=ids["Bruno"])
            await lead.activity("pair", participant=ids["Chloé"], partner=ids["David"])
            await lead.activity("pair", participant=ids["Chloé"], partner=by_name(lead, "Olga"), expect_error="not_found")

            # The round on one of the eight thématiques; the facilitator puts Farid first.
            await ana.activity("startRound", theme=THEME, expect_error="forbidden")
            await lead.activity("startRound", theme=THEME)
            await all_see(everyone, lambda c: c.view["activity"]["view"]["running"], "a running round")
            assert round_of(olga)["queue"] == [[ids["Ana"], ids["Bruno"]], [ids["Chloé"], ids["David"]], [ids["Emma"]], [ids["Farid"]]]
            await lead.activity("move", participant=ids["Farid"], position=0)
            await lead.activity("startRound", theme="Un autre", expect_error="invalid_state")
            await lead.activity("next")
            await all_see(everyone, lambda c: floor(c) == ids["Farid"], "Farid has the floor")
            assert round_of(emma)["next"] == ids["Ana"]

            # Only the speaker posts (the facilitator as scribe too); everyone +1s.
            await farid.activity("post", text="Partir des usages des habitants")
            await emma.activity("post", text="Pas mon tour", expect_error="invalid_state")
            await olga.activity("post", text="Je regarde", expect_error="forbidden")
            await farid.activity("post", text="x" * 281, expect_error="too_large")
            await lead.activity("post", text="Noté : la mairie comme tiers de confiance")
            await all_see(everyone, lambda c: len(round_of(c)["cards"]) == 2, "two cards")
            first_card = round_of(ana)["cards"][0]["id"]
            for voter in (ana, chloe, emma):
                await voter.activity("dot", card=first_card)
            await olga.activity("dot", card=first_card, expect_error="forbidden")
            await all_see(everyone, lambda c: round_of(c)["cards"][0]["dots"] == 3, "three dots")
            await ana.wait_for(lambda c: c.view["me"].get("activity", {}).get("dotted") == [first_card], what="Ana's own dot")
            await farid.activity("finish")

            # A pair speaks in one turn: Ana, then her partner Bruno.
            await all_see(everyone, lambda c: floor(c) == ids["Ana"], "Ana has the floor")
            assert round_of(lead)["partners"] == [ids["Bruno"]]
            await bruno.activity("finish", expect_error="invalid_state")
            await ana.activity("finish")
            await all_see(everyone, lambda c: floor(c) == ids["Bruno"], "Bruno, her partner, next")
            await bruno.activity("pass")
            await all_see(everyone, lambda c: floor(c) == ids["Chloé"], "Chloé's pair")

            # The facilitator skips Emma; a late joiner is appended; Emma is brought back.
            await lead.activity("skip", participant=ids["Emma"])
            gaelle = await clients.new("Gaëlle")
            await gaelle.join(created["joinCode"], "Gaëlle")
            everyone.append(gaelle)
            gaelle_id = by_name(lead, "Gaëlle")
            await all_see(everyone, lambda c: round_of(c)["queue"] == [[ids["David"]], [gaelle_id]]
                          or round_of(c)["queue"] == [[gaelle_id]] and round_of(c)["partners"] == [ids["David"]],
                          "Gaëlle at the end of the queue")
            assert round_of(lead)["skipped"] == [ids["Emma"]]
            await lead.activity("bringBack", participant=ids["Emma"])
            await lead.activity("extend", seconds=60)
            await chloe.activity("finish")
            await david.activity("finish")
            await all_see(everyone, lambda c: floor(c) == ids["Emma"], "Emma, brought back")
            await emma.activity("finish")
            await gaelle.activity("finish")
            await all_see(everyone, lambda c: floor(c) is None and "next" not in round_of(c), "everyone heard")

            # Headings, grouping, then the round ends; speaking times are the facilitator's.
            await lead.activity("addHeading", title="Acteurs")
            await lead.wait_for(lambda c: round_of(c)["headings"], what="the heading")
            heading = round_of(lead)["headings"][0]["id"]
            await lead.activity("group", card=first_card, heading=heading)
            await lead.activity("endRound")
            await all_see(everyone, lambda c: not c.view["activity"]["view"]["running"], "the round ended")
            outcomes = {turn["speaker"]: turn["outcome"] for turn in round_of(lead)["turns"]}
            assert outcomes[ids["Bruno"]] == "passed" and outcomes[ids["Farid"]] == "spoke" and len(outcomes) == 7
            assert all("ms" in turn for turn in round_of(lead)["turns"])
            assert all("ms" not in turn for turn in round_of(ana)["turns"])
            live = olga.view["activity"]["view"]

            minutes = api(server, "GET", f"/api/sessions/{created['id']}/minutes").body.decode()
            for expected in [f"### Tour de table 1 — {THEME}", "- Farid : ", "- Bruno : a passé son tour",
                             "#### Acteurs", "- Partir des usages des habitants — Farid (+3)",
                             "- Noté : la mairie comme tiers de confiance — Farid"]:
                assert expected in minutes, f"{expected!r} not in:\n{minutes}"

        # The round, rebuilt from its log by a new server process, is what clients saw.
        server.stop()
        again = start_server(atelier_factory, data_dir=data_dir)
        async with Clients(again) as clients:
            viewer = await clients.new("viewer")
            await viewer.join(created["joinCode"], "Relecture", role="observer")
            assert viewer.view["activity"]["view"] == live

    run(body(), timeout=120)


def test_the_server_clock_ends_a_timebox_and_the_floor_passes_on(atelier_factory, tmp_path):
    """A 15-second timebox with auto_advance: without anyone sending anything, the server
    says the time is up and gives the floor to the next speaker, in the log with its time."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "rapide.yaml").write_text(
        'title: "Rapide"\nlocale: fr\nagenda:\n'
        '  - title: "Météo"\n    activity: theme-round\n    timebox_minutes: 5\n'
        '    settings: {themes: "Météo", seconds_per_speaker: 15, auto_advance: true}\n',
        encoding="utf-8")

    async def body():
        server = atelier_factory("serve", env=server_env(), args=["--templates-dir", str(templates)])
        created = create_session(server, "rapide")
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN, name="Claire")
            ana = await clients.new("Ana")
            await ana.join(created["joinCode"], "Ana")
            bruno = await clients.new("Bruno")
            await bruno.join(created["joinCode"], "Bruno")
            await lead.activity("startRound", theme="Météo")
            await lead.activity("next")
            await ana.wait_for(lambda c: floor(c) == by_name(c, "Ana"), what="Ana has the floor")
            given = round_of(ana)["floor"]
            assert given["deadline"] - given["since"] == 15_000
            started = time.monotonic()
            await bruno.wait_for(lambda c: floor(c) == by_name(c, "Bruno"), timeout=25, what="the floor passed on by itself")
            assert time.monotonic() - started >= 13  # not before the deadline (less the wait for Ana's view)
            turn = round_of(lead)["turns"][0]
            assert turn["outcome"] == "spoke" and turn["ms"] == 15_000  # ended at its deadline
            log = api(server, "GET", f"/api/sessions/{created['id']}/log").body.decode()
            assert '"timeUp"' in log

    run(body(), timeout=90)
