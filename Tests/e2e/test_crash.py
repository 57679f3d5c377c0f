"""The kill -9 crash test: acknowledged means durable, retried means once.

Several sessions, each with a facilitator and participants, send commands
continuously (Briefing markReady/markNotReady toggles, raised and lowered
hands, the facilitator's agenda moves and instruction edits), each with a
unique command id, keeping a window of unacknowledged commands. Every ack
(command id → seq) is recorded. The server is killed with SIGKILL at random
moments (at least ``KILLS`` times) and started again on the same data
directory; every client reconnects with ``resume`` and sends its
unacknowledged commands again, with the same ids.

At the end (all commands acknowledged, everyone up to date), the server is
killed once more and restarted, and:

* the log (read straight from the SQLite file with Python's ``sqlite3``) has
  dense seqs 1…last_seq in every session;
* every acknowledged command is in the log exactly once, its events ending at
  its acknowledged seq, or, when it changed nothing (markReady when already
  ready: the agenda moved under it), the log replayed up to its acknowledged
  seq shows that it was indeed a no-op there;
* nothing in the log was done by a command its member did not send;
* with a snapshot every 40 events, kills also land while snapshots are written;
  a session then restarts from its latest whole snapshot and the log after it;
* every client of a session ends with the same shared view, and a fresh
  observer's snapshot after the restart equals what the facilitator was last
  shown (``me``, presence and the observer itself aside).

The random choices (what to send, when to kill) come from one seed:
``ATELIER_CRASH_SEED`` (default below). Runs in well under three minutes.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import random
import sqlite3
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import websockets

from session_client import (
    TEMPLATES_DIR,
    TRAINER_TOKEN,
    SessionClient,
    create_session,
    run,
    server_env,
    shared,
)

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("ATELIER_CRASH_SEED", "20261128"))
SESSIONS = 3
PARTICIPANTS = 8                # per session, plus one facilitator
KILLS = 24                      # SIGKILLs under load (one more after the drain)
UPTIME_S = (0.3, 2.0)           # how long the server runs between kills (uniform)
PARTICIPANT_WINDOW = 3          # unacknowledged commands a participant keeps in flight
FACILITATOR_WINDOW = 1
PAUSE_S = 0.02                  # at most this long between two sends of one client (uniform)
STEPS = 3                       # the "accueil" template's agenda
LIMITS = {"messages_per_second": 10000, "message_burst": 10000,
          "updates_per_second": 5}  # fewer, larger patches: each merged view is schema-checked by the client
SNAPSHOT_EVERY = 40             # snapshots are written often, so kills land during them too
STORE_FILE = "atelier.sqlite"


# --------------------------------------------------------------------------
# The server, killed and restarted
# --------------------------------------------------------------------------


class Server:
    """The current ``atelier serve`` on the one data directory; ``up`` is set while it listens."""

    def __init__(self, factory, data_dir: Path):
        self.factory = factory
        self.data_dir = data_dir
        self.process = None
        self.generation = 0
        self.up = asyncio.Event()
        self.restart_seconds: list[float] = []

    def _start(self):
        env = server_env(LIMITS, {"ATELIER_STORE_SNAPSHOT_EVERY": str(SNAPSHOT_EVERY)})
        return self.factory("serve", env=env, args=["--templates-dir", str(TEMPLATES_DIR)],
                            data_dir=self.data_dir)

    async def start(self) -> None:
        began = time.monotonic()
        self.process = await asyncio.to_thread(self._start)
        self.restart_seconds.append(time.monotonic() - began)
        self.generation += 1
        self.up.set()

    def kill(self) -> None:
        self.up.clear()
        self.process.kill()
        assert self.process.proc.returncode == -9, self.process.proc.returncode


# --------------------------------------------------------------------------
# Clients that survive the server
# --------------------------------------------------------------------------


class CrashClient(SessionClient):
    """A SessionClient (schema checks, merged view) that reports every frame to its member."""

    owner: "Member | None" = None

    def _apply(self, frame: dict) -> None:
        super()._apply(frame)
        if self.owner is not None:
            self.owner.on_frame(frame)

    def _notify(self) -> None:
        super()._notify()
        if self.owner is not None:
            self.owner.changed.set()


class Member:
    """One facilitator or participant: sends commands, records acks, reconnects after a kill."""

    def __init__(self, label: str, role: str, seed: int):
        self.label = label
        self.role = role
        self.rng = random.Random(seed)
        self.window = FACILITATOR_WINDOW if role == "facilitator" else PARTICIPANT_WINDOW
        self.client: CrashClient | None = None
        self.connections: list[CrashClient] = []
        self.session = self.participant = self.token = None
        self.epoch = 1
        self.changed = asyncio.Event()
        self.counter = 0
        self.intents: dict[str, dict] = {}        # every command id sent → its intent
        self.pending: dict[str, dict] = {}        # sent, not yet answered (insertion order = send order)
        self.sends: Counter = Counter()           # command id → times sent
        self.acks: dict[str, int] = {}            # command id → acknowledged seq (first ack)
        self.duplicates: set[str] = set()
        self.problems: list[str] = []
        self.resume_modes: Counter = Counter()
        # What the next command is (each flag flips when its command is generated).
        self.ready = False
        self.hand = False
        self.step = 0
        self.link = False

    # -- frames ---------------------------------------------------------------

    def on_frame(self, frame: dict) -> None:
        kind, command = frame.get("type"), frame.get("id")
        if kind == "ack":
            seq = frame["seq"]
            if command not in self.intents:
                self.problems.append(f"{self.label}: ack for a command never sent: {frame}")
            elif command in self.acks and self.acks[command] != seq:
                self.problems.append(f"{self.label}: {command} acknowledged at seq {self.acks[command]}, "
                                     f"then at seq {seq}: {frame}")
            self.acks.setdefault(command, seq)
            if frame.get("duplicate"):
                self.duplicates.add(command)
            self.pending.pop(command, None)
        elif kind == "error":
            self.problems.append(f"{self.label}: error {frame} (intent {self.intents.get(command)})")
            self.pending.pop(command, None)

    # -- commands ---------------------------------------------------------------

    def next_intent(self) -> dict:
        if self.role == "facilitator":
            if self.rng.random() < 0.5:
                self.step = self.rng.choice([s for s in range(STEPS) if s != self.step])
                return {"kind": "goToStep", "index": self.step}
            self.link = not self.link
            text = f"{self.label} says {self.counter}"
            link = f"https://example.org/{self.label}/{self.counter}" if self.link else ""
            return {"kind": "activity", "intent": {"kind": "updateInstructions", "text": text, "link": link}}
        if self.rng.random() < 0.6:
            self.ready = not self.ready
            return {"kind": "activity", "intent": {"kind": "markReady" if self.ready else "markNotReady"}}
        self.hand = not self.hand
        return {"kind": "raiseHand"} if self.hand else {"kind": "lowerHand"}

    async def send(self, command: str) -> None:
        self.sends[command] += 1
        try:
            await self.client.send({"type": "command", "id": command, "intent": self.intents[command]})
        except (websockets.ConnectionClosed, OSError):
            pass  # still pending: sent again after the reconnection

    async def wait_changed(self, timeout: float) -> None:
        """Waits for a frame or a close since the last ``changed.clear()``."""
        try:
            await asyncio.wait_for(self.changed.wait(), timeout)
        except asyncio.TimeoutError:
            pass

    # -- connections --------------------------------------------------------------

    async def connect(self, server: Server) -> CrashClient:
        client = await CrashClient.connect(server.process, self.label)
        client.owner = self
        self.connections.append(client)
        return client

    async def bind(self, server: Server, created: dict) -> None:
        """First connection: facilitate (trainer token) or join by code."""
        client = await self.connect(server)
        if self.role == "facilitator":
            await client.facilitate(created["id"], token=TRAINER_TOKEN, name=self.label)
        else:
            await client.join(created["joinCode"], self.label)
        self.client = client
        self.session, self.participant, self.token, self.epoch = (client.session, client.participant, client.token,
                                                                  client.epoch)

    async def reconnect(self, server: Server) -> None:
        """Resumes with the seq and view last held, once the server is back; resends what is pending."""
        while True:
            await server.up.wait()
            try:
                client = await self.connect(server)
            except Exception:  # refused, reset or cut during the handshake: the server died again
                await asyncio.sleep(0.05)
                continue
            held = self.client
            try:
                resumed = await client.resume(self.session, self.participant, self.token, self.epoch, held.seq,
                                              view=held.view, timeout=15)
            except (AssertionError, websockets.ConnectionClosed, OSError):
                await asyncio.sleep(0)
                if client.closed or client.ws.state is not websockets.State.OPEN:  # killed again while resuming
                    continue
                raise
            self.client = client
            self.resume_modes[resumed["mode"]] += 1
            for command in list(self.pending):
                await self.send(command)
            return

    async def run(self, server: Server, stop: asyncio.Event) -> None:
        """Sends commands until ``stop``, then until everything sent is answered."""
        while True:
            self.changed.clear()  # before looking: a frame arriving from here on wakes the wait below
            if self.client.closed:
                await self.reconnect(server)
                continue
            if stop.is_set():
                if not self.pending:
                    return
            else:
                while len(self.pending) < self.window:
                    self.counter += 1
                    command = f"{self.label}-{self.counter}"
                    self.intents[command] = self.next_intent()
                    self.pending[command] = self.intents[command]
                    await self.send(command)
            await self.wait_changed(0.5)
            if PAUSE_S:
                await asyncio.sleep(self.rng.uniform(0, PAUSE_S))

    def violations(self) -> list[str]:
        return [v for client in self.connections for v in client.violations]

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.connections), return_exceptions=True)


# --------------------------------------------------------------------------
# Reading and replaying the log
# --------------------------------------------------------------------------


def read_log(store: Path) -> tuple[dict[str, int], dict[str, list[tuple[int, dict]]]]:
    """(session id → last_seq, session id → [(seq, payload)] in seq order), straight from SQLite."""
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        last = dict(db.execute("SELECT id, last_seq FROM sessions"))
        events: dict[str, list] = defaultdict(list)
        for session, seq, payload in db.execute("SELECT session_id, seq, payload FROM events ORDER BY session_id, seq"):
            events[session].append((seq, json.loads(payload)))
    db.close()
    return last, events


class Replay:
    """The parts of a session's state that decide whether a command changes anything."""

    def __init__(self):
        self.step = 0
        self.ready: dict[int, set[str]] = defaultdict(set)
        self.hands: list[str] = []

    def apply(self, event: dict) -> None:
        (kind, body), = event.items()
        if kind == "stepChanged":
            self.step = body["index"]
        elif kind == "handRaised" and body["id"] not in self.hands:
            self.hands.append(body["id"])
        elif kind == "handLowered" and body["id"] in self.hands:
            self.hands.remove(body["id"])
        elif kind == "activity":
            (inner, value), = body["event"].items()
            ready = self.ready[body["step"]]
            if inner == "readyMarked":
                ready.add(value["_0"])
            elif inner == "readyCleared":
                ready.discard(value["_0"])
            elif inner == "readyReset":
                ready.clear()

    def is_noop(self, actor: str, intent: dict) -> bool:
        kind = intent["kind"]
        if kind == "raiseHand":
            return actor in self.hands
        if kind == "lowerHand":
            return actor not in self.hands
        if kind == "goToStep":
            return intent["index"] == self.step
        if kind == "activity":
            inner = intent["intent"]["kind"]
            if inner == "markReady":
                return actor in self.ready[self.step]
            if inner == "markNotReady":
                return actor not in self.ready[self.step]
        return False  # updateInstructions always records an event


def check_log(store: Path, sessions: dict[str, list[Member]]) -> tuple[list[str], Counter]:
    """Every acknowledged command exactly once at its seq (or a genuine no-op there); dense seqs."""
    problems: list[str] = []
    stats: Counter = Counter()
    last_seq, events = read_log(store)
    for session, members in sessions.items():
        log = events.get(session, [])
        seqs = [seq for seq, _ in log]
        if seqs != list(range(1, len(seqs) + 1)) or last_seq.get(session) != len(seqs):
            missing = sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))
            problems.append(f"{session}: seqs are not 1…{last_seq.get(session)} (missing {missing[:20]})")
        problems += [f"{session}: row seq {seq} holds payload seq {p['seq']}" for seq, p in log if p["seq"] != seq]
        stats["events"] += len(log)

        by_member = {m.participant: m for m in members}
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for seq, payload in log:
            if payload.get("command") is not None:
                groups[(payload["actor"], payload["command"])].append(seq)
        for (actor, command), where in groups.items():
            member = by_member.get(actor)
            if member is None or command not in member.intents:
                problems.append(f"{session}: seq {where} done by {actor}/{command}, a command never sent")
                continue
            if where != list(range(where[0], where[-1] + 1)):
                problems.append(f"{session}: {member.label} {command} is in the log more than once: seqs {where}")
            if command not in member.acks:
                problems.append(f"{session}: {member.label} {command} is in the log (seqs {where}) but was never "
                                "acknowledged")
            elif member.acks[command] != where[-1]:
                problems.append(f"{session}: {member.label} {command} acknowledged at seq {member.acks[command]} "
                                f"but logged at seqs {where}")

        # Acknowledged commands that left no event must have been no-ops where they were decided.
        noops = sorted(((seq, member, command) for member in members for command, seq in member.acks.items()
                        if (member.participant, command) not in groups), key=lambda noop: noop[0])
        replay, position = Replay(), 0
        for seq, member, command in noops:
            while position < len(log) and log[position][0] <= seq:
                replay.apply(log[position][1]["event"])
                position += 1
            if seq > len(log):
                problems.append(f"{session}: {member.label} {command} acknowledged at seq {seq}, past the log's end")
            elif not replay.is_noop(member.participant, member.intents[command]):
                problems.append(
                    f"{session}: {member.label} {command} {member.intents[command]} was acknowledged at seq {seq} "
                    "but is not in the log, and it was not a no-op there: an acknowledged command was lost")
            stats["noops"] += 1
        stats["acknowledged"] += sum(len(m.acks) for m in members)
    return problems, stats


# --------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------


def comparable(view: dict, *, drop_member: str | None = None) -> dict:
    """Shared slices without ``session.template``, presence, and (optionally) one member."""
    result = shared(view)
    members = result.get("members", {})
    members.pop(drop_member, None)
    for member in members.values():
        member.pop("online", None)
    return result


def differences(a, b, name_a: str = "one", name_b: str = "other", path: str = "") -> str:
    """The paths where two JSON values differ, with both values (short)."""
    found: list[str] = []

    def walk(x, y, where):
        if isinstance(x, dict) and isinstance(y, dict):
            for key in sorted(set(x) | set(y)):
                walk(x.get(key, "<absent>"), y.get(key, "<absent>"), f"{where}.{key}" if where else key)
        elif x != y:
            found.append(f"{where}: {name_a} {json.dumps(x)[:120]} / {name_b} {json.dumps(y)[:120]}")

    walk(a, b, path)
    return "; ".join(found[:10])


async def settle(members: list[Member], timeout: float = 20.0) -> int:
    """Waits until every client of a session holds the same seq for a moment; returns it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        seqs = {m.client.seq for m in members}
        if len(seqs) == 1:
            await asyncio.sleep(0.3)
            if {m.client.seq for m in members} == seqs:
                return seqs.pop()
        if loop.time() > deadline:
            raise AssertionError(f"clients did not settle on one seq: {[(m.label, m.client.seq) for m in members]}")
        await asyncio.sleep(0.05)


# --------------------------------------------------------------------------
# The test
# --------------------------------------------------------------------------


@pytest.mark.timeout(300)
def test_acknowledged_commands_survive_repeated_kill_9(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    rng = random.Random(SEED)
    report: dict = {"seed": SEED}

    async def body():
        server = Server(atelier_factory, data_dir)
        await server.start()
        sessions: dict[str, list[Member]] = {}
        everyone: list[Member] = []
        try:
            for s in range(SESSIONS):
                created = create_session(server.process, title=f"Crash {s}")
                members = [Member(f"s{s}-lead", "facilitator", rng.getrandbits(32))]
                members += [Member(f"s{s}-p{p}", "participant", rng.getrandbits(32)) for p in range(PARTICIPANTS)]
                for member in members:
                    await member.bind(server, created)
                sessions[created["id"]] = members
                everyone += members

            # Load, and SIGKILL at random moments.
            stop = asyncio.Event()
            started = time.monotonic()
            workers = [asyncio.create_task(m.run(server, stop), name=m.label) for m in everyone]
            kills = []
            for _ in range(KILLS):
                await asyncio.sleep(rng.uniform(*UPTIME_S))
                for worker in workers:  # a client that failed fails the test now, with its reason
                    if worker.done():
                        worker.result()
                kills.append(sum(len(m.pending) for m in everyone))
                server.kill()
                await server.start()
            load_seconds = time.monotonic() - started

            # Drain: no new commands; everything sent gets its answer.
            stop.set()
            done, running = await asyncio.wait(workers, timeout=60)
            assert not running, "commands still unanswered 60 s after the load stopped: " + ", ".join(
                f"{m.label} {list(m.pending)[:3]}" for m in everyone if m.pending)
            for worker in done:
                worker.result()

            # Everyone of a session ends with the same view; the facilitator's is what was last shown.
            view_problems: list[str] = []
            last_shown, last_seq = {}, {}
            for session, members in sessions.items():
                await settle(members)
                lead = members[0]
                for member in members[1:]:
                    if shared(member.client.view) != shared(lead.client.view):
                        view_problems.append(
                            f"session {session}: {member.label} and {lead.label} show different views at seq "
                            f"{lead.client.seq}: " + differences(shared(member.client.view), shared(lead.client.view)))
                    me = member.client.view["me"]
                    if me["handRaised"] != (member.participant in lead.client.view["hands"]):
                        view_problems.append(f"session {session}: {member.label}'s me.handRaised disagrees with "
                                             f"hands {lead.client.view['hands']}")
                last_shown[session] = copy.deepcopy(lead.client.view)
                last_seq[session] = lead.client.seq

            # One last kill, with everything acknowledged and shown; a fresh observer sees the same.
            server.kill()
            await server.start()
            observers = []
            for session, members in sessions.items():
                observer = await CrashClient.connect(server.process, f"observer-{session}")
                observers.append(observer)
                code = last_shown[session]["session"]["joinCode"]
                await observer.join(code, "Observer", role="observer", timeout=15)
                rebuilt = comparable(observer.view, drop_member=observer.participant)
                shown = comparable(last_shown[session])
                if rebuilt != shown:
                    view_problems.append(
                        f"session {session}: the state rebuilt after the last restart (a fresh observer's snapshot) "
                        f"differs from what every client was last shown (seq {last_seq[session]}): "
                        + differences(rebuilt, shown, "rebuilt", "shown"))
                # The facilitator resumes from what it held and converges on the same view.
                lead = members[0]
                await lead.reconnect(server)
                await lead.client.wait_for(lambda c: c.seq >= observer.seq, 10, "the facilitator up to date")
                await observer.wait_for(lambda c: c.seq >= lead.client.seq, 10, "the observer up to date")
                if comparable(lead.client.view) != comparable(observer.view):
                    view_problems.append(
                        f"session {session}: the facilitator's view after resuming differs from a fresh snapshot: "
                        + differences(comparable(lead.client.view), comparable(observer.view), "resumed", "fresh"))
            for observer in observers:
                await observer.close()
            server.process.stop()

            # The log, straight from the SQLite file.
            protocol_problems = [p for m in everyone for p in m.problems]
            protocol_problems += [v for m in everyone for v in m.violations()]
            protocol_problems += [v for o in observers for v in o.violations]
            log_problems, stats = check_log(data_dir / STORE_FILE, sessions)
            report.update(
                kills=len(kills) + 1, load_seconds=round(load_seconds, 1),
                pending_at_kills=kills, acknowledged=stats["acknowledged"], events=stats["events"],
                noops=stats["noops"], duplicates=sum(len(m.duplicates) for m in everyone),
                resent=sum(1 for m in everyone for c, n in m.sends.items() if n > 1),
                resumes=dict(sum((m.resume_modes for m in everyone), Counter())),
                restart_seconds_max=round(max(server.restart_seconds), 3),
                log_problems=len(log_problems), protocol_problems=len(protocol_problems),
                view_problems=len(view_problems))
            print(f"\ncrash test report: {json.dumps(report)}")
            sections = [(f"the log ({stats['acknowledged']} acknowledged commands checked)", log_problems),
                        ("protocol (acks, errors, frames)", protocol_problems), ("views", view_problems)]
            failed = [f"{title}: {len(found)} problems\n  " + "\n  ".join(found[:15])
                      for title, found in sections if found]
            assert not failed, f"seed {SEED}, {report['kills']} kills:\n" + "\n".join(failed)
            assert report["kills"] > KILLS and stats["acknowledged"] > 1000, report
        finally:
            await asyncio.gather(*(m.close() for m in everyone), return_exceptions=True)

    run(body(), timeout=280)
