"""Recovery of the durable event store across restarts (docs/protocol.md, "seq, epoch and resume").

A workshop runs on ``atelier serve``; the server is stopped (SIGTERM) or killed
(SIGKILL) and started again on the same ``--data-dir``. What was acknowledged
and shown before must still be there: the session is listed, members resume
with their tokens and get exactly their gap (presence changes) or a snapshot of
what they last saw, a running timer elapses at its stored deadline, and a
retried command id is answered as a duplicate (also when the session restarts
from a snapshot taken after it). Unreadable data files: test_data_files.py.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from atelier_e2e import wait_until
from recovery_support import (
    TIMER_SECONDS,
    Held,
    listed,
    presence_only,
    run_workshop,
    serve,
    stop,
    without_presence,
)
from session_client import Clients, create_session, run, shared

SIGTERM_ROUNDS = 6

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
    assert me_patch["seq"] == gap[-1]["seq"], "`me` comes with the seq of the last missed patch"
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
            # Whichever way the resume was answered, the presence changes reach Ana: she alone is online.
            await ana.wait_for(
                lambda c: {pid: m["online"] for pid, m in c.view["members"].items()}
                == {pid: pid == ana.participant for pid in c.view["members"]},
                what="Ana alone online after the restart")

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


