"""A secret vote over real WebSockets: 50 voters cast sealed ballots; a spy participant
records every frame it receives, through a reconnect and after the results, and finds no
other voter's choice; the facilitator sees who voted, never how; the trainer's log
download holds no choice next to a voter, and the operator's stored log stores sealed
ballots without their sender; `atelier tally` on the step's export gives the published
result. Every frame is validated against docs/schema (the vote's own schema too)."""

from __future__ import annotations

import json
import random
import secrets

from atelier_e2e import run_cli
from session_client import TRAINER_TOKEN, Clients, SessionClient, all_see, api, create_session, run, start_server

OPTIONS = ["Un tiers lieu partagé", "Un club d'entreprises engagées", "Un fonds territorial"]


def vote(client) -> dict:
    return client.view["activity"]["view"]


def test_fifty_secret_ballots_and_a_spy_that_learns_nothing(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    ballots_file = tmp_path / "ballots.json"

    async def body():
        server = start_server(atelier_factory, data_dir=data_dir)
        created = create_session(server, "decision", "Décision de mars")
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN, name="Claire")
            spy = await clients.new("spy")
            await spy.join(created["joinCode"], "Espion")
            voters = []
            for n in range(50):
                voter = await clients.new(f"v{n}")
                await voter.join(created["joinCode"], f"Votant {n}")
                voters.append(voter)
            await all_see([lead, spy], lambda c: len(c.view["members"]) == 52, "52 members")
            view = vote(lead)
            assert view["method"] == "majority-judgment" and view["secret"] is True and view["phase"] == "draft"

            # The template's majority judgment, with the French scale of grades.
            await spy.activity("open", expect_error="forbidden")
            await lead.activity("open")
            await all_see(voters[:5] + [spy], lambda c: vote(c)["phase"] == "open", "the vote open")

            rng = random.Random(7)
            grades = view["grades"]
            choices: dict[str, dict] = {}
            seals: dict[str, str] = {}
            for voter in voters:
                ballot = {"grades": {option: rng.choice(grades[:5]) for option in OPTIONS}}
                seal = secrets.token_urlsafe(16)
                await voter.activity("cast", ballot=ballot, seal=seal)
                choices[voter.participant] = ballot
                seals[voter.participant] = seal
            # A second seal from someone who voted is refused; a stolen seal too.
            await voters[0].activity("cast", ballot=choices[voters[0].participant], seal=secrets.token_urlsafe(16), expect_error="conflict")
            await spy.activity("cast", ballot={"grades": {OPTIONS[0]: "Bien"}}, seal=seals[voters[1].participant], expect_error="conflict")
            await spy.activity("cast", ballot={"grades": {OPTIONS[0]: "Bien"}}, seal="spy-" + secrets.token_urlsafe(16))
            # Changing one's ballot with the same seal is allowed.
            changed = {"grades": {option: "Excellent" for option in OPTIONS}}
            await voters[1].activity("cast", ballot=changed, seal=seals[voters[1].participant])
            choices[voters[1].participant] = changed

            # The facilitator sees who voted, never how; the spy sees a count.
            await lead.wait_for(lambda c: vote(c)["turnout"] == 51, what="51 ballots")
            assert len(vote(lead)["voted"]) == 51 and "voted" not in vote(spy)
            assert "results" not in vote(spy)

            # The spy drops its connection and resumes mid-vote.
            spy.cut()
            again = await clients.new("spy-again")
            resumed = await again.resume_from(spy)
            assert resumed["welcome"]["type"] == "welcome"
            assert again.view["me"].get("activity") == {"voted": True}

            await lead.activity("close")
            await lead.activity("publish")
            await all_see([again, *voters[:3]], lambda c: vote(c)["phase"] == "published", "the results")
            results = vote(again)["results"]
            assert results["counted"] == 51 and "ballots" not in results

            # Everything the spy received, before and after the reconnect: no other voter's choice.
            received = json.dumps(spy.frames + again.frames, ensure_ascii=False)
            for participant, seal in seals.items():
                assert seal not in received, "a seal reached the spy"
            for frame in spy.frames + again.frames:
                text = json.dumps(frame, ensure_ascii=False)
                assert '"grades": {"' not in text, "a ballot (a grade per option) reached the spy"
                assert '"ballots": [' not in text and '"voted": [' not in text and "sealed" not in text

            # The trainer's log download: sealed ballots keep their kind, lose their content and sender.
            log = api(server, "GET", f"/api/sessions/{created['id']}/log").body.decode().splitlines()
            sealed = [json.loads(line) for line in log if "sealedBallotCast" in line]
            assert len(sealed) == 52  # 51 first casts and one change
            for envelope in sealed:
                assert "actor" not in envelope and "command" not in envelope, envelope
                assert envelope["event"]["activity"]["event"] == {"sealedBallotCast": {}}, envelope
            for line in log:
                assert not any(seal in line for seal in seals.values())

            # The step's export is the ballots file; atelier tally recounts it to the same result.
            export = api(server, "GET", f"/api/sessions/{created['id']}/steps/0/export")
            assert export.status == 200, export.text
            ballots_file.write_bytes(export.body)
            published = results

        # The operator's stored log: sealed ballots stored without sender.
        server.stop()
        stored = run_cli(["sessions", "export-log", created["id"], "--data-dir", str(data_dir)])
        assert stored.returncode == 0, stored.stderr
        sealed_stored = [json.loads(line) for line in stored.stdout.splitlines() if "sealedBallotCast" in line]
        assert len(sealed_stored) == 52 and all("actor" not in e and "command" not in e for e in sealed_stored)
        assert all(e["event"]["activity"]["event"]["sealedBallotCast"]["ballot"] for e in sealed_stored)

        counted = run_cli(["tally", str(ballots_file)])
        assert counted.returncode == 0, counted.stderr
        tally = json.loads(counted.stdout)
        assert tally["method"] == "majority-judgment"
        assert tally["winner"] == published.get("winner")
        assert [[t] if isinstance(t, str) else t for t in tally["ranking"]] == \
            [[t] if isinstance(t, str) else t for t in published["ranking"]]

    run(body(), timeout=150)


def test_a_bad_ballots_file_is_named_and_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"method": "schulze", "options": ["A", "B"], "ballots": [{"count": 2, "ranking": ["A", "Z"]}]}')
    result = run_cli(["tally", str(bad)])
    assert result.returncode == 2
    assert 'ballot 1: unknown option "Z"' in result.stderr
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"method": "irv", "options": ["M", "N", "C", "K"], "ballots": [
        {"count": 42, "ranking": ["M", "N", "C", "K"]}, {"count": 26, "ranking": ["N", "C", "K", "M"]},
        {"count": 15, "ranking": ["C", "K", "N", "M"]}, {"count": 17, "ranking": ["K", "C", "N", "M"]}]}))
    result = run_cli(["tally", str(good)])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["winner"] == "K"
