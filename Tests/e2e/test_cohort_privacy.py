"""A member's data, theirs: they download everything Atelier holds about them; a trainer
erases a member, who is pseudonymised everywhere — in the cohort's stored log and in every
séance they took part in, served or not — while the séances still replay and the others
stay connected where the member never was. Real server, real clients, the SQLite file read."""

from __future__ import annotations

import sqlite3

import pytest

from session_client import TRAINER_TOKEN, Clients, api, run, start_server
from test_cohort_journey import first_session
from test_cohorts import build_cohort, member_api, open_planned


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def test_a_member_exports_their_data_and_is_erased_everywhere(atelier_factory, data):
    server = start_server(atelier_factory, data_dir=data)
    cohort, keys = build_cohort(server)
    first = open_planned(server, cohort["id"], "s1")
    run(first_session(server, first, keys))
    other = open_planned(server, cohort["id"], "s2")  # Bruno never comes to this one
    assert member_api(server, "POST", "/api/me/subjects", keys["Bruno"], {"text": "Mon sujet confidentiel sur la mairie"}).status == 201
    items = member_api(server, "GET", "/api/me", keys["Bruno"]).json()["actions"]
    assert member_api(server, "POST", "/api/me/actions", keys["Bruno"],
                      {"key": items[0]["key"], "status": "in-progress", "note": "Note personnelle de Bruno"}).status == 200

    exported = member_api(server, "GET", "/api/me/export", keys["Bruno"])
    assert exported.status == 200 and "attachment" in exported.header("content-disposition")
    mine = exported.json()
    assert mine["format"] == "atelier-member-export/1" and mine["me"]["name"] == "Bruno" and mine["territoryName"] == "Pays d'Aix"
    assert [s["text"] for s in mine["subjects"]] == ["Mon sujet confidentiel sur la mairie"]
    assert [r["note"] for r in mine["reviews"]] == ["Note personnelle de Bruno"]
    assert len(mine["actions"]) == 2
    seance = next(s for s in mine["seances"] if s["planned"] == "s1")
    assert seance["attended"] is True
    # What he did and wrote as co-client is in his events (the contributions credit the client).
    written = [e["event"] for e in seance["events"]]
    assert any("Trois entreprises partenaires se retirent du tiers lieu." in str(event) for event in written)
    assert any("Rencontrer la communauté de communes" in str(event) for event in written)
    assert next(s for s in mine["seances"] if s["planned"] == "s2")["attended"] is False
    assert "keyHash" not in exported.text and keys["Bruno"].split(".")[-1] not in exported.text

    async def erase_while_connected():
        async with Clients(server) as clients:
            chloe_first = await clients.new("chloe-s1")
            await chloe_first.enter(first["joinCode"], keys["Chloé"])
            chloe_other = await clients.new("chloe-s2")
            await chloe_other.enter(other["joinCode"], keys["Chloé"])
            erased = api(server, "DELETE", f"/api/cohorts/{cohort['id']}/members/m2")
            assert erased.status == 200, erased.text
            # The séance Bruno was in is rebuilt: its clients are told to reconnect (4002).
            code, _ = await chloe_first.wait_closed(timeout=5)
            assert code == 4002
            back = await clients.new("chloe-back")
            await back.enter(first["joinCode"], keys["Chloé"])
            assert back.view["members"]["m2"]["name"] == "Membre 2"
            case = back.view["activity"]["view"] if back.view["activity"]["id"] == "peer-consultation" else None
            assert case is None or case.get("summary", "") == ""
            # The other séance, where Bruno never was, kept its connection.
            assert await chloe_other.ping()
    run(erase_while_connected())

    assert member_api(server, "GET", "/api/me", keys["Bruno"]).status == 401
    view = api(server, "GET", f"/api/cohorts/{cohort['id']}").json()
    assert view["territories"][0]["members"][1] == {"id": "m2", "name": "Membre 2", "territory": "t1", "erased": True}
    assert api(server, "GET", f"/api/cohorts/{cohort['id']}").json()["proposals"] == []
    # Erasing again finishes or repeats the work without harm.
    assert api(server, "DELETE", f"/api/cohorts/{cohort['id']}/members/m2").status == 200
    # The replay of the séance still works, and shows no trace of Bruno's words.
    minutes = api(server, "GET", f"/api/sessions/{first['id']}/minutes").text
    assert "Bruno" not in minutes and "Trois entreprises partenaires se retirent" not in minutes
    timeline = api(server, "GET", f"/api/sessions/{first['id']}/replay?seq=1").json()
    last = api(server, "GET", f"/api/sessions/{first['id']}/replay?seq={timeline['lastSeq']}&as=facilitator")
    assert last.status == 200 and last.json()["view"]["members"]["m2"]["name"] == "Membre 2"
    assert "Trois entreprises partenaires se retirent" not in last.text
    server.stop()

    # Nothing of Bruno's is left in the stored file: not his name, his subject or his note.
    database = sqlite3.connect(data / "atelier.sqlite")
    stored = "\n".join(row[0] for table in ("events", "cohort_events") for row in database.execute(f"SELECT payload FROM {table}"))
    for secret in ('"Bruno"', "Mon sujet confidentiel", "Note personnelle de Bruno", "Trois entreprises partenaires se retirent"):
        assert secret not in stored, secret
    assert '"Awa"' in stored
