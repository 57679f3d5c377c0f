"""Replay equals live: a co-development session and a secret vote run over real
WebSockets while every client records its frames; afterwards, the view the replay API
gives at each frame's seq, for that member, equals what the member had merged live. The
client's private notes appear only in the client's own replay; a secret ballot in none.
The timeline lists the session's markers."""

from __future__ import annotations

import copy
import json
import secrets
from urllib.parse import quote

from session_client import TRAINER_TOKEN, Clients, all_see, api, by_name, create_session, merge_patch, run, start_server

NOTES = "Appeler la CCI lundi, sans le dire au groupe"


def lived(client) -> dict[int, dict]:
    """The member's merged view after each seq it received (the last frame of a seq wins)."""
    view, seen = None, {}
    for frame in client.frames:
        if frame.get("type") == "snapshot":
            view = copy.deepcopy(frame["view"])
        elif frame.get("type") == "patch" and view is not None:
            view = merge_patch(view, frame["patch"])
        else:
            continue
        seen[frame["seq"]] = copy.deepcopy(view)
    return seen


def replay(server, session: str, seq: int, who: str) -> dict:
    response = api(server, "GET", f"/api/sessions/{session}/replay?seq={seq}&as={quote(who)}")
    assert response.status == 200, response.text
    return response.json()


def test_replay_gives_every_member_what_they_saw_live(atelier_factory):
    async def body():
        server = start_server(atelier_factory)
        created = create_session(server, "codeveloppement", "Codev rejoué")
        session = created["id"]
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(session, token=TRAINER_TOKEN, name="Claire")
            aicha = await clients.new("aicha")
            await aicha.join(created["joinCode"], "Aïcha")
            bruno = await clients.new("bruno")
            await bruno.join(created["joinCode"], "Bruno")
            olga = await clients.new("olga")
            await olga.join(created["joinCode"], "Olga", role="observer")
            everyone = [lead, aicha, bruno, olga]
            await all_see(everyone, lambda c: len(c.view["members"]) == 4, "four members")
            await lead.command("nextStep")
            await aicha.activity("propose", text="Remobiliser les entreprises")
            await all_see(everyone, lambda c: len(c.view["activity"]["view"]["proposals"]) == 1, "the proposal")
            await lead.activity("pickProposal", proposal=lead.view["activity"]["view"]["proposals"][0]["id"])
            await aicha.activity("writeNotes", text=NOTES)
            await lead.activity("nextPhase")
            await lead.command("startTimer", seconds=300)
            await bruno.command("raiseHand")
            await lead.activity("nextPhase")
            await bruno.activity("post", cardKind="question", text="Depuis quand ?")
            await all_see(everyone, lambda c: len(c.view["activity"]["view"]["cards"]) == 1, "the question")
            last = lead.seq

            compared = 0
            for client in everyone:
                member = client.participant
                for seq, view in lived(client).items():
                    again = replay(server, session, seq, member)
                    assert again["view"] == view, f"{client.label} at seq {seq}:\nlive   {json.dumps(view, ensure_ascii=False)[:600]}\nreplay {json.dumps(again['view'], ensure_ascii=False)[:600]}"
                    compared += 1
            assert compared >= 12, compared  # coalesced: one frame may carry several events

            # The client's notes: in her own replay only.
            client_id = by_name(lead, "Aïcha")
            assert replay(server, session, last, client_id)["view"]["me"]["activity"]["notes"] == NOTES
            for who in ["facilitator", "participant", "observer", "projector", by_name(lead, "Bruno"), lead.participant]:
                assert NOTES not in json.dumps(replay(server, session, last, who), ensure_ascii=False), who

            timeline = api(server, "GET", f"/api/sessions/{session}/timeline").json()
            kinds = [marker["kind"] for marker in timeline["markers"]]
            assert timeline["lastSeq"] == last
            assert "stepChanged" in kinds and "phaseEntered" in kinds and "timerStarted" in kinds
            assert [m["name"] for m in timeline["members"]] == ["Claire", "Aïcha", "Bruno", "Olga"]

            # Refusals: a seq out of range, an unknown member, no token.
            assert api(server, "GET", f"/api/sessions/{session}/replay?seq={last + 1}&as=participant").status == 400
            assert api(server, "GET", f"/api/sessions/{session}/replay?seq=1&as=p99").status == 404
            assert api(server, "GET", f"/api/sessions/{session}/replay?seq=1", token=None).status == 401
            assert api(server, "GET", "/api/sessions/nope/timeline").status == 404

    run(body(), timeout=90)


def test_a_secret_ballot_stays_secret_in_replay(atelier_factory):
    async def body():
        server = start_server(atelier_factory)
        created = create_session(server, "decision", "Vote rejoué")
        session = created["id"]
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(session, token=TRAINER_TOKEN, name="Claire")
            voters = []
            for name in ["Ana", "Bruno", "Chloé"]:
                voter = await clients.new(name)
                await voter.join(created["joinCode"], name)
                voters.append(voter)
            await lead.activity("open")
            for voter, grade in zip(voters, ["Excellent", "Passable", "À rejeter"]):
                await voter.activity("cast", ballot={"grades": {"Un tiers lieu partagé": grade}}, seal=secrets.token_urlsafe(16))
            await lead.activity("close")
            await lead.activity("publish")
            await lead.wait_for(lambda c: c.view["activity"]["view"]["phase"] == "published", what="published")
            last = lead.seq
            checked = 0
            for seq in range(1, last + 1):
                for who in ["facilitator", "participant", *[v.participant for v in voters]]:
                    response = api(server, "GET", f"/api/sessions/{session}/replay?seq={seq}&as={who}")
                    if response.status == 404:
                        continue  # a voter before they joined
                    text = json.dumps(response.json()["view"], ensure_ascii=False)
                    assert '"grades": {"' not in text and "sealed" not in text, (seq, who)
                    checked += 1
            assert checked > 3 * last

    run(body(), timeout=60)


def test_the_playback_stream_folds_to_the_replay_views(atelier_factory):
    async def body():
        server = start_server(atelier_factory)
        created = create_session(server, "accueil", "Flux")
        session = created["id"]
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(session, token=TRAINER_TOKEN, name="Claire")
            ana = await clients.new("ana")
            await ana.join(created["joinCode"], "Ana")
            await ana.command("activity", intent={"kind": "markReady"})
            await lead.command("startTimer", seconds=120)
            await lead.command("nextStep")
            await ana.wait_for(lambda c: c.view["agenda"]["current"] == 1, what="step 2")
            last = lead.seq
            response = api(server, "GET", f"/api/sessions/{session}/replay/stream?from=1&as={ana.participant}")
            assert response.status == 404  # Ana had not joined at seq 1
            start = next(seq for seq in range(1, last + 1)
                         if api(server, "GET", f"/api/sessions/{session}/replay?seq={seq}&as={ana.participant}").status == 200)
            lines = [json.loads(line) for line in api(server, "GET", f"/api/sessions/{session}/replay/stream?from={start}&to={last}&as={ana.participant}").body.decode().splitlines()]
            assert lines[0]["seq"] == start and "view" in lines[0]
            view = lines[0]["view"]
            for line in lines[1:]:
                view = merge_patch(view, line["patch"])
                assert view == replay(server, session, line["seq"], ana.participant)["view"], line["seq"]
            assert view == replay(server, session, last, ana.participant)["view"]
            assert len(lines) >= 3

    run(body(), timeout=60)
