"""Recovery of the durable event store across restarts (docs/protocol.md, "seq, epoch and resume").

A workshop runs on ``atelier serve``; the server is stopped (SIGTERM) or killed
(SIGKILL) and started again on the same ``--data-dir``. What was acknowledged
and shown before must still be there: the session is listed, members resume
with their tokens and get exactly their gap (presence changes) or a snapshot of
what they last saw, a running timer elapses at its stored deadline, and a
retried command id is answered as a duplicate. A data file that is not a
readable store, or a data directory already in use, stops ``serve`` with a
non-zero exit and the file as it was.
"""

from __future__ import annotations

import copy
import random
import sqlite3
import time
from pathlib import Path

import pytest

from atelier_e2e import REPO_WEB_ROOT, run_cli, wait_until
from session_client import (
    TEMPLATES_DIR,
    TRAINER_TOKEN,
    Clients,
    SessionClient,
    all_see,
    api,
    create_session,
    run,
    server_env,
    start_server,
    shared,
)

STORE_FILE = "atelier.sqlite"
SIGTERM_ROUNDS = 6
TIMER_SECONDS = 6  # long enough to restart before the deadline, even with a debug build on a busy machine


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def serve(factory, data_dir: Path, limits: dict | None = None, snapshot_every: int | None = None):
    """``atelier serve`` (the repository's templates, the e2e trainer token) on ``data_dir``;
    ``snapshot_every`` sets ``store.snapshot_every``."""
    env = {"ATELIER_STORE_SNAPSHOT_EVERY": str(snapshot_every)} if snapshot_every else None
    return start_server(factory, limits=limits, env=env, data_dir=data_dir)


def serve_args(data_dir: Path) -> list[str]:
    """Arguments for a ``serve`` run with ``run_cli`` (expected to exit by itself)."""
    return ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", str(data_dir),
            "--web-root", str(REPO_WEB_ROOT), "--templates-dir", str(TEMPLATES_DIR)]


def stop(server, how: str) -> None:
    """Stops the server with SIGTERM (graceful, must exit 0) or SIGKILL."""
    if how == "sigterm":
        code = server.stop()
        assert code == 0, f"SIGTERM should exit 0, got {code}\n{server.describe()}"
    else:
        server.kill()
        assert server.proc.returncode == -9, server.proc.returncode


def without_presence(view: dict) -> dict:
    """The view with every member's ``online`` flag removed."""
    result = copy.deepcopy(view)
    for member in result.get("members", {}).values():
        member.pop("online", None)
    return result


def presence_only(patch: dict) -> bool:
    """Whether a shared patch changes nothing but members' ``online`` flags."""
    members = patch.get("members")
    return (set(patch) == {"members"} and isinstance(members, dict) and bool(members)
            and all(isinstance(m, dict) and set(m) == {"online"} for m in members.values()))


def listed(server, session_id: str) -> dict | None:
    response = api(server, "GET", "/api/sessions")
    assert response.status == 200, response.text
    return next((s for s in response.json() if s["id"] == session_id), None)


class Held:
    """What a client keeps across a lost connection: identity, token, epoch, seq and view."""

    def __init__(self, client: SessionClient):
        self.label = client.label
        self.session, self.participant, self.token = client.session, client.participant, client.token
        self.epoch, self.seq, self.view = client.epoch, client.seq, copy.deepcopy(client.view)

    async def resume(self, clients: Clients, label: str, **kwargs) -> tuple[SessionClient, dict]:
        client = await clients.new(label)
        resumed = await client.resume(self.session, self.participant, self.token, self.epoch, self.seq,
                                      view=self.view, **kwargs)
        return client, resumed


async def run_workshop(server, clients: Clients, no_ops: int = 0):
    """Creates a session; a lead and three participants act. Returns what each client holds once
    everyone has seen everything, with the acks and the timer deadline. The clients stay connected
    (the caller stops the server under them). ``no_ops``: Ana then raises her raised hand again
    that many times (more events, nothing to see)."""
    created = create_session(server)
    acks: dict[str, dict] = {}
    lead = await clients.new("lead")
    await lead.facilitate(created["id"], token=TRAINER_TOKEN)
    people = []
    for name in ("Ana", "Bruno", "Chloé"):
        person = await clients.new(name.lower())
        await person.join(created["joinCode"], name)
        people.append(person)
    ana, bruno, chloe = people
    everyone = [lead, *people]
    await all_see(everyone, lambda c: len(c.view["members"]) == 4, "every member")

    acks["move-1"] = await lead.command("goToStep", index=1, command_id="move-1")
    acks["brief-1"] = await lead.command(
        "activity", intent={"kind": "updateInstructions", "text": "Lisez la **page 3**",
                            "link": "https://example.org/p3"}, command_id="brief-1")
    acks["ready-ana"] = await ana.command("activity", intent={"kind": "markReady"}, command_id="ready-ana")
    acks["ready-bruno"] = await bruno.command("activity", intent={"kind": "markReady"}, command_id="ready-bruno")
    acks["unready-bruno"] = await bruno.command("activity", intent={"kind": "markNotReady"},
                                                command_id="unready-bruno")
    acks["ready-chloe"] = await chloe.command("activity", intent={"kind": "markReady"}, command_id="ready-chloe")
    acks["hand-chloe"] = await chloe.command("raiseHand", command_id="hand-chloe")
    acks["hand-ana"] = await ana.command("raiseHand", command_id="hand-ana")
    # A command that changes nothing is acknowledged too (and must be remembered as such).
    acks["hand-ana-again"] = await ana.command("raiseHand", command_id="hand-ana-again")
    acks["timer-1"] = await lead.command("startTimer", seconds=TIMER_SECONDS, command_id="timer-1")
    for round in range(no_ops):
        await ana.command("raiseHand", command_id=f"hand-ana-again-{round}")

    last = max(ack["seq"] for ack in acks.values())
    await all_see(everyone, lambda c: c.seq >= last and c.view["timer"]["status"] == "running",
                  "every change shown to everyone")
    expected_ready = sorted([ana.participant, chloe.participant])
    for client in everyone:
        view = client.view
        assert view["agenda"]["current"] == 1, view["agenda"]
        assert view["activity"]["view"]["ready"] == expected_ready, view["activity"]
        assert view["activity"]["view"]["link"] == "https://example.org/p3"
        assert view["hands"] == [chloe.participant, ana.participant], view["hands"]
        assert all(m["online"] for m in view["members"].values())
    deadline = lead.view["timer"]["deadline"]
    held = {client.label: Held(client) for client in everyone}
    return created, held, acks, deadline


# --------------------------------------------------------------------------
# Restart after SIGTERM / SIGKILL
# --------------------------------------------------------------------------


@pytest.mark.parametrize("how,snapshot_every", [("sigterm", None), ("sigkill", None), ("sigkill", 10)],
                         ids=["sigterm", "sigkill", "sigkill-after-snapshots"])
def test_session_survives_a_restart(atelier_factory, tmp_path, how, snapshot_every):
    """With ``snapshot_every`` 10 the session restarts from a snapshot taken after the retried
    commands: their ids come back from the log (snapshots do not carry them)."""
    data_dir = tmp_path / "data"

    async def body():
        first = serve(atelier_factory, data_dir, snapshot_every=snapshot_every)
        async with Clients(first) as old:
            created, held, acks, deadline = await run_workshop(first, old, no_ops=20 if snapshot_every else 0)
            before = listed(first, created["id"])
            assert before is not None and before["members"] == 4
            last_acked = max(ack["seq"] for ack in acks.values())
            stop(first, how)  # with everyone connected
        stopped_at = time.time() * 1000
        if snapshot_every:
            snapshots = sqlite3.connect(data_dir / "atelier.sqlite").execute(
                "SELECT seq FROM snapshots WHERE session_id = ?", (created["id"],)).fetchall()
            assert snapshots and snapshots[0][0] > max(acks[key]["seq"] for key in ("move-1", "ready-ana")), (
                f"precondition: a snapshot after the retried commands, got {snapshots}")
        second = serve(atelier_factory, data_dir, snapshot_every=snapshot_every)
        restarted_at = time.time() * 1000
        assert restarted_at < deadline - 1000, (
            f"precondition: the restart ({restarted_at - stopped_at:.0f} ms) should finish well before the "
            f"timer's deadline; raise TIMER_SECONDS on this machine")

        # The session is listed, as it was, with everyone offline (nobody is connected yet).
        session = listed(second, created["id"])
        assert session is not None, f"session {created['id']} missing after restart"
        for key in ("title", "template", "locale", "joinCode", "createdAt", "currentStep", "steps"):
            assert session[key] == before[key], (key, session, before)
        assert session["members"] == 4
        assert session["seq"] >= last_acked, "acknowledged events must survive the restart"
        wait_until(lambda: listed(second, created["id"])["online"] == 0, 5,
                   message="every member marked offline after the restart")

        async with Clients(second) as clients:
            # Ana resumes with what she held: same epoch, her last seq, her view.
            ana_held = held["ana"]
            ana, resumed = await ana_held.resume(clients, "ana-back")
            assert resumed["welcome"] == {"type": "welcome", "session": created["id"],
                                          "participant": ana_held.participant, "role": "participant",
                                          "epoch": ana_held.epoch}, resumed["welcome"]
            # Either the gap or a snapshot; both must bring back what she saw, presence aside (that the
            # gap is only presence changes is checked by test_resume_after_restart_is_exactly_the_gap).
            if resumed["mode"] == "snapshot":
                snapshot = resumed["frames"][-1]
                assert snapshot["epoch"] == ana_held.epoch and snapshot["seq"] >= ana_held.seq
            assert all(f["seq"] > ana_held.seq for f in resumed["frames"] if f["type"] == "patch")
            assert without_presence(ana.view) == without_presence(ana_held.view), (
                "after a restart Ana must see what she last saw, presence aside")
            assert ana.epoch == ana_held.epoch

            await ana.wait_for(lambda c: c.view["members"][ana_held.participant]["online"] is True,
                               what="Ana online again")
            # Her merged view is the session's view: equal to a fresh snapshot at the same seq.
            fresh = await clients.new("ana-fresh")
            fresh_resume = await fresh.resume(created["id"], ana_held.participant, ana_held.token, ana_held.epoch, 0)
            assert fresh_resume["mode"] == "snapshot"
            await ana.wait_for(lambda c: c.seq >= fresh.seq, what="Ana at the fresh snapshot's seq")
            await fresh.wait_for(lambda c: c.seq >= ana.seq, what="the fresh view at Ana's seq")
            assert ana.view == fresh.view, "Ana's merged view differs from a fresh snapshot at the same seq"

            # The timer still runs with the stored deadline, then elapses at that deadline.
            assert ana.view["timer"] == {"status": "running", "durationMs": TIMER_SECONDS * 1000,
                                         "deadline": deadline}, ana.view["timer"]
            await ana.wait_for(lambda c: c.view["timer"]["status"] == "elapsed", TIMER_SECONDS + 5,
                               "the timer to elapse after the restart")
            seen_at = time.time() * 1000
            assert seen_at >= deadline - 100, f"elapsed {deadline - seen_at:.0f} ms before its deadline"
            assert seen_at <= deadline + 2000, f"elapsed {seen_at - deadline:.0f} ms after its deadline"
            assert ana.view["timer"] == {"status": "elapsed", "durationMs": TIMER_SECONDS * 1000, "remainingMs": 0}

            # Retried command ids are answered from the log: the original seq, nothing done again.
            lead, _ = await held["lead"].resume(clients, "lead-back")
            bruno, _ = await held["bruno"].resume(clients, "bruno-back")
            mark = ana.mark()
            retry = await lead.command("goToStep", index=2, command_id="move-1")
            assert retry == {"type": "ack", "id": "move-1", "seq": acks["move-1"]["seq"], "duplicate": True}
            retry = await ana.command("activity", intent={"kind": "markNotReady"}, command_id="ready-ana")
            assert retry == {"type": "ack", "id": "ready-ana", "seq": acks["ready-ana"]["seq"], "duplicate": True}
            retry = await bruno.command("activity", intent={"kind": "markReady"}, command_id="unready-bruno")
            assert retry == {"type": "ack", "id": "unready-bruno", "seq": acks["unready-bruno"]["seq"],
                             "duplicate": True}
            await lead.wait_for(lambda c: c.seq >= ana.seq, what="the lead up to date")
            assert [f for f in ana.since(mark) if f["type"] == "patch" and "members" not in f["patch"]] == [], (
                "retried commands must not change anything")
            assert ana.view["agenda"]["current"] == 1
            assert ana.view["activity"]["view"]["ready"] == sorted([ana_held.participant,
                                                                    held["chloé"].participant])
            assert shared(ana.view) == shared(lead.view)

            # A new command id works as usual after the restart.
            ack = await bruno.command("activity", intent={"kind": "markReady"}, command_id="ready-bruno-2")
            assert "duplicate" not in ack and ack["seq"] > session["seq"]
            await lead.wait_for(lambda c: bruno.participant in c.view["activity"]["view"]["ready"],
                                what="Bruno ready after the restart")

    run(body())


def check_gap(resumed: dict, held: Held) -> None:
    """A resume answered with patches: they follow ``held.seq``, the shared ones are the presence
    changes only, and the last one carries ``me``."""
    frames = resumed["frames"]
    gap, me_patch = frames[:-1], frames[-1]
    assert all(f["type"] == "patch" and f["seq"] > held.seq for f in frames), frames
    bad = [f for f in gap if not presence_only(f["patch"])]
    assert not bad, (
        f"after a restart the patches missed by {held.label} (seq {held.seq}) must be the presence changes "
        f"only, nothing it already held; got {bad}")
    assert set(me_patch["patch"]) == {"me"} and me_patch["patch"]["me"] == held.view["me"], me_patch


@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
def test_resume_after_restart_is_exactly_the_gap(atelier_factory, tmp_path, how):
    """docs/protocol.md: a resume gets exactly the missed patches (nothing the client already had) or a
    snapshot. After a restart, what Ana missed is the presence changes."""
    data_dir = tmp_path / "data"

    async def body():
        first = serve(atelier_factory, data_dir)
        async with Clients(first) as old:
            created, held, acks, _ = await run_workshop(first, old)
            stop(first, how)
        second = serve(atelier_factory, data_dir)
        async with Clients(second) as clients:
            ana, resumed = await held["ana"].resume(clients, "ana-back")
            if resumed["mode"] == "patches":
                check_gap(resumed, held["ana"])
            else:
                assert without_presence(resumed["frames"][-1]["view"]) == without_presence(held["ana"].view)

    run(body())


def test_resume_after_a_crash_of_a_member_who_missed_changes(atelier_factory, tmp_path):
    """Bruno's connection drops; while he is away the link is removed and the timer reset; the server
    is killed and restarted. Resuming with what he held must bring him to the current view (a
    snapshot, or patches that delete what is gone), never leave the old link or deadline behind."""
    data_dir = tmp_path / "data"

    async def body():
        first = serve(atelier_factory, data_dir)
        async with Clients(first) as old:
            created, held, acks, _ = await run_workshop(first, old)
            bruno = next(c for c in old.all if c.label == "bruno")
            lead = next(c for c in old.all if c.label == "lead")
            bruno.cut()
            await lead.wait_for(lambda c: c.view["members"][bruno.participant]["online"] is False,
                                what="Bruno offline")
            await lead.command("activity", intent={"kind": "updateInstructions", "text": "Sans lien"})
            await lead.command("resetTimer")
            await lead.wait_for(lambda c: "link" not in c.view["activity"]["view"]
                                and c.view["timer"]["status"] == "idle", what="link and deadline gone")
            stop(first, "sigkill")
        second = serve(atelier_factory, data_dir)
        async with Clients(second) as clients:
            back, resumed = await held["bruno"].resume(clients, "bruno-back")
            fresh = await clients.new("bruno-fresh")
            await fresh.resume(created["id"], held["bruno"].participant, held["bruno"].token, 1, 0)
            await back.wait_for(lambda c: c.seq >= fresh.seq, what="Bruno at the fresh snapshot's seq")
            assert back.view == fresh.view, (
                f"after the restart Bruno's resumed view ({resumed['mode']}) differs from the session's view:\n"
                f"resumed: {back.view['activity']['view']} {back.view['timer']}\n"
                f"fresh:   {fresh.view['activity']['view']} {fresh.view['timer']}")

    run(body())


@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
def test_noop_command_retried_after_restart_is_a_duplicate(atelier_factory, tmp_path, how):
    """docs/protocol.md, "Idempotency": a retry gets the original ack with ``duplicate: true`` and the
    same seq; a command that changed nothing (raising a raised hand) is acknowledged like any other,
    so its retry must be answered the same way after a restart too."""
    data_dir = tmp_path / "data"

    async def body():
        first = serve(atelier_factory, data_dir)
        async with Clients(first) as old:
            created, held, acks, _ = await run_workshop(first, old)
            stop(first, how)
        second = serve(atelier_factory, data_dir)
        async with Clients(second) as clients:
            ana, _ = await held["ana"].resume(clients, "ana-back")
            retry = await ana.command("raiseHand", command_id="hand-ana-again")
            assert retry == {"type": "ack", "id": "hand-ana-again", "seq": acks["hand-ana-again"]["seq"],
                             "duplicate": True}, (
                "a no-op command retried after a restart must get its original ack "
                f"(seq {acks['hand-ana-again']['seq']}, duplicate), got {retry}")

    run(body())


def test_sigterm_stops_without_failed_commits(atelier_factory, tmp_path):
    """A graceful stop with members connected: their connections close (1001) and the server exits
    0 without logging failed commits (the store must outlive the session hosts' last writes: the
    members going offline). The race is timing-dependent, so the stop is repeated."""
    data_dir = tmp_path / "data"

    async def body():
        failures = []
        for round_ in range(SIGTERM_ROUNDS):
            server = serve(atelier_factory, data_dir)
            created = create_session(server)
            async with Clients(server) as clients:
                for index in range(12):
                    person = await clients.new(f"r{round_}-p{index}")
                    await person.join(created["joinCode"], f"Person {index}")
                stop(server, "sigterm")
            failures += [line for line in server.output().splitlines() if "commit failed" in line]
        assert not failures, (
            "the graceful stop logged failed commits (events written after the store was closed):\n"
            + "\n".join(failures))

    run(body())


# --------------------------------------------------------------------------
# Unreadable stores and a data directory in use
# --------------------------------------------------------------------------


def garbage(kind: str, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    noise = bytes(rng.getrandbits(8) for _ in range(64 * 1024))
    if kind == "random":
        return noise
    if kind == "sqlite-header":  # looks like SQLite at a glance, garbage after the magic string
        return b"SQLite format 3\x00" + noise[16:]
    if kind == "text":
        return b"this is not a database\n" * 1000
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["random", "sqlite-header", "text"])
def test_garbage_data_file_stops_serve_and_is_left_untouched(tmp_path, kind):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = data_dir / STORE_FILE
    content = garbage(kind)
    store.write_bytes(content)
    result = run_cli(serve_args(data_dir), env=server_env(), timeout=30)
    assert result.returncode != 0, f"serve started on a garbage store:\n{result.stdout}\n{result.stderr}"
    assert "listening on" not in result.stdout
    assert str(store) in result.stderr, f"the error must name the file {store}:\n{result.stderr}"
    assert store.read_bytes() == content, "the unreadable store must be left as it was, never replaced"


def test_corrupt_events_page_stops_serve_naming_the_file(atelier_factory, tmp_path):
    """A real store whose events table is damaged (the file still opens): serve must refuse to start,
    say which file is damaged, and not replace it with a fresh store."""
    data_dir = tmp_path / "data"

    async def body():
        server = serve(atelier_factory, data_dir)
        async with Clients(server) as clients:
            created, *_ = await run_workshop(server, clients)
            stop(server, "sigterm")
        return created

    created = run(body())
    store = data_dir / STORE_FILE
    with sqlite3.connect(store) as db:  # fold the WAL into the file so that the page below is the real one
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    db.close()
    with open(store, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(random.Random(11).randbytes(page_size))
    size = store.stat().st_size

    result = run_cli(serve_args(data_dir), env=server_env(), timeout=30)
    assert result.returncode != 0, f"serve started on a damaged store:\n{result.stdout}\n{result.stderr}"
    assert "listening on" not in result.stdout
    assert str(store) in result.stderr, f"the error must name the damaged file {store}:\n{result.stderr}"
    assert store.stat().st_size >= size, "the damaged store must not be replaced by a fresh one"
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        assert db.execute("SELECT id FROM sessions").fetchall() == [(created["id"],)], (
            "the damaged store must keep its sessions")


def test_second_server_on_the_same_data_dir_refuses(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    first = serve(atelier_factory, data_dir)
    created = create_session(first)
    store = data_dir / STORE_FILE
    result = run_cli(serve_args(data_dir), env=server_env(), timeout=30)
    assert result.returncode == 2, f"a second serve on {data_dir} should exit 2:\n{result.stdout}\n{result.stderr}"
    assert "in use" in result.stderr, result.stderr
    assert "listening on" not in result.stdout
    # The first server is unaffected and its store intact.
    assert first.proc.poll() is None
    assert listed(first, created["id"]) is not None
    assert store.exists()
