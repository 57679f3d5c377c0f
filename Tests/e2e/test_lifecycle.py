"""The data lifecycle on a real store: `atelier sessions list / export-log / import-log /
erase / purge`, run against the data directory a real server wrote."""

from __future__ import annotations

import json

from atelier_e2e import run, run_cli
from session_client import SessionClient, create_session, start_server


def populated_data_dir(atelier_factory, tmp_path):
    """A server writes a session with two members and a ready mark, then stops."""
    data_dir = tmp_path / "data"
    server = start_server(atelier_factory, args=["--data-dir", str(data_dir)])
    created = create_session(server, title="Cohorte Val de Loire")

    async def scenario():
        ana = await SessionClient.connect(server, "ana")
        await ana.join(created["joinCode"], "Ana Durand")
        leo = await SessionClient.connect(server, "leo")
        await leo.join(created["joinCode"], "Léo Martin")
        await ana.command("activity", intent={"kind": "markReady"})
        await ana.close()
        await leo.close()

    run(scenario())
    server.stop()
    return created, data_dir


def cli(*args, data_dir):
    return run_cli(["sessions", *args, "--data-dir", str(data_dir)])


def test_list_export_erase_import_and_purge(atelier_factory, tmp_path):
    created, data_dir = populated_data_dir(atelier_factory, tmp_path)

    listed = cli("list", "--json", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    sessions = json.loads(listed.stdout)
    assert [s["id"] for s in sessions] == [created["id"]]
    assert sessions[0]["title"] == "Cohorte Val de Loire" and sessions[0]["epoch"] == 1
    events = sessions[0]["events"]
    assert events >= 5, sessions

    exported = tmp_path / "log.jsonl"
    result = cli("export-log", created["id"], "-o", str(exported), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    lines = exported.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "atelier.log"
    assert [json.loads(line)["seq"] for line in lines[1:]] == list(range(1, events + 1))
    assert "Ana Durand" in exported.read_text()

    erased = cli("erase", created["id"], "p1", "--remove-texts", data_dir=data_dir)
    assert erased.returncode == 0, erased.stderr
    after = cli("export-log", created["id"], data_dir=data_dir).stdout
    assert "Ana Durand" not in after and "Participant 1" in after and "Léo Martin" in after
    assert json.loads(cli("list", "--json", data_dir=data_dir).stdout)[0]["epoch"] == 2

    other = tmp_path / "other"
    imported = cli("import-log", str(exported), data_dir=other)
    assert imported.returncode == 0, imported.stderr
    again = cli("import-log", str(exported), data_dir=other)
    assert again.returncode != 0 and "--replace" in again.stderr
    replaced = cli("import-log", str(exported), "--replace", data_dir=other)
    assert replaced.returncode == 0 and "epoch 2" in replaced.stdout

    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(lines[:2] + lines[3:]) + "\n")
    refused = cli("import-log", str(damaged), data_dir=tmp_path / "third")
    assert refused.returncode != 0 and "seq" in refused.stderr

    dry = cli("purge", "--older-than", "0s", "--dry-run", data_dir=other)
    assert dry.returncode == 0 and created["id"] in dry.stdout
    kept = cli("purge", "--older-than", "30d", data_dir=other)
    assert "deleted 0" in kept.stdout
    purged = cli("purge", "--older-than", "0s", data_dir=other)
    assert purged.returncode == 0 and created["id"] in purged.stdout
    assert json.loads(cli("list", "--json", data_dir=other).stdout) == []


def test_writing_commands_refuse_a_data_dir_in_use(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    server = start_server(atelier_factory, args=["--data-dir", str(data_dir)])
    created = create_session(server)
    refused = cli("purge", "--older-than", "0s", data_dir=data_dir)
    assert refused.returncode == 2 and "in use" in refused.stderr
    listed = cli("list", "--json", data_dir=data_dir)
    assert listed.returncode == 0 and created["id"] in listed.stdout
    server.stop()
