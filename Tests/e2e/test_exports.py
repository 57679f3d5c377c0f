"""What a trainer sends afterwards: the contributions as CSV (read back by Python's csv
module with accents, commas and quotes intact), the minutes in Markdown and as a printable
HTML page during the session, and the same from the command line once the server stopped —
`atelier export` in every format and `atelier replay` equal to the replay API."""

from __future__ import annotations

import csv
import datetime
import io
import json

from atelier_e2e import run_cli
from session_client import TRAINER_TOKEN, Clients, all_see, api, by_name, create_session, run, start_server

CARD = 'Un lieu « neutre », ouvert à tous — même le "dimanche"'


def test_contributions_csv_minutes_and_the_command_line(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    state: dict = {}

    async def body():
        server = start_server(atelier_factory, data_dir=data_dir)
        created = create_session(server, "thematique", "Séance thématique d'hiver")
        session = created["id"]
        state["session"] = session
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(session, token=TRAINER_TOKEN, name="Claire")
            aicha = await clients.new("aicha")
            await aicha.join(created["joinCode"], "Aïcha Benali")
            await all_see([lead, aicha], lambda c: len(c.view["members"]) == 2, "two members")
            await lead.command("nextStep")
            await lead.activity("startRound", theme="Tiers lieux & dialogue territorial")
            await lead.activity("next")
            await aicha.activity("post", text=CARD)
            await aicha.activity("finish")
            await lead.wait_for(lambda c: len(c.view["activity"]["view"]["rounds"][0]["cards"]) == 1, what="the card")

            # During the session: the CSV and both forms of the minutes.
            response = api(server, "GET", f"/api/sessions/{session}/contributions")
            assert response.status == 200 and response.headers.get("content-type") == "text/csv; charset=utf-8"
            assert response.body.startswith(b"\xef\xbb\xbf")
            rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
            assert rows[0] == ["Étape", "Activité", "Type", "Auteur", "Texte", "Détail"]
            assert rows[1] == ["2. Tour de table thématique", "Tour de table", "card", "Aïcha Benali", CARD, "Tiers lieux & dialogue territorial · +0"]
            state["csv"] = response.body

            minutes = api(server, "GET", f"/api/sessions/{session}/minutes").body.decode()
            assert minutes.startswith("# Séance thématique d'hiver\n\nSéance du ")
            assert "| 2. Tour de table thématique |" in minutes and "| 3. Constats et enseignements | — | non abordée |" in minutes
            assert "**Participants** (1) : Aïcha Benali" in minutes
            page = api(server, "GET", f"/api/sessions/{session}/minutes?format=html")
            assert page.status == 200 and page.headers.get("content-type") == "text/html; charset=utf-8"
            html = page.body.decode()
            assert "<h1>Séance thématique d&#39;hiver</h1>" in html or "<h1>Séance thématique d'hiver</h1>" in html
            assert "@media print" in html and "<script" not in html

            timeline = api(server, "GET", f"/api/sessions/{session}/timeline").json()
            state["last"] = timeline["lastSeq"]
            state["member"] = by_name(lead, "Aïcha Benali")
            state["replay"] = api(server, "GET", f"/api/sessions/{session}/replay?seq={timeline['lastSeq']}&as={state['member']}").json()
        server.stop()

    run(body(), timeout=60)
    session = state["session"]

    def cli(*args):
        result = run_cli([*args, "--data-dir", str(data_dir)])
        assert result.returncode == 0, result.stderr
        return result

    exported = tmp_path / "contributions.csv"
    cli("export", session, "--format", "csv", "-o", str(exported))
    assert exported.read_bytes() == state["csv"]
    assert cli("export", session, "--format", "md").stdout.startswith("# Séance thématique d'hiver")
    assert "@media print" in cli("export", session, "--format", "html").stdout
    lines = cli("export", session, "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[0])["format"] == "atelier.log" and len(lines) >= state["last"] + 1  # + presence at the close

    replayed = json.loads(cli("replay", session, "--at", str(state["last"]), "--as", state["member"]).stdout)
    assert replayed["view"] == state["replay"]["view"] and replayed["seq"] == state["last"]
    moment = datetime.datetime.fromtimestamp(state["replay"]["at"] / 1000 + 1, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    by_time = json.loads(cli("replay", session, "--at", moment, "--as", "participant").stdout)
    assert by_time["seq"] >= state["last"] and "activity" in by_time["view"]  # the last event at or before that second
    refused = run_cli(["export", session, "--format", "pdf", "--data-dir", str(data_dir)])
    assert refused.returncode == 2 and "md, html, jsonl, csv" in refused.stderr
