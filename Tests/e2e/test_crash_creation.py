"""kill -9 while sessions are created and joined: a session is there whole, or not at all.

Creating a session (``POST /api/sessions``) stores its record, its lease and its first
event (``sessionCreated``) in one transaction and answers 201 only after the commit; a join
is answered (``welcome``) only once its ``participantJoined`` event is committed. These tests
SIGKILL the server at random moments under a storm of creations, then of joins, and start it
again each time on the same store, with both stores: SQLite (the default, ``atelier.sqlite``
in the data directory) and PostgreSQL (``--store URL``, a fresh database per test; skipped
unless ``ATELIER_TEST_POSTGRES_URL`` is set, as in ``test_postgres_nodes.py``).

After every restart the server must listen within ``RESTART_LIMIT_S`` seconds and
``/healthz`` must say "ok": no session may have been damaged (the server sets a damaged one
aside and says "degraded"). At the end:

* creations: every 201 answer is listed once by ``GET /api/sessions`` and joinable by its
  code; the listing is exactly what the store holds; in the store every session starts with
  its ``sessionCreated`` event at seq 1 and its events are dense 1…last_seq; no request
  created two sessions; nothing was set aside;
* joins: every welcomed join is in its session's log exactly once (one
  ``participantJoined`` with its participant id and name) and in a fresh observer's view;
  no join attempt created two members; seqs are dense; nothing was set aside.

The server runs ``UPTIME_S`` (uniform) between two kills. Four creator threads POST in a
loop, slowly, and flat out for the last ``BURST_S`` before each kill, so that every kill cuts
creations in flight while the store keeps a few hundred sessions (each restart restores
them all); twelve joiner tasks join over WebSocket continuously. A request in flight when the
server dies is unacknowledged: what it did may or may not be there afterwards, but if it is
there it must be whole. The random choices (kill moments, pauses, which session a join goes
to) come from one seed, ``ATELIER_CRASH_SEED`` (default below). Each test prints a one-line
JSON report. About 2 minutes for both stores with a debug build.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import sqlite3
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import websockets

from atelier_e2e import SUBPROTOCOL, ServerStartError, http_get, ws_connect
from session_client import PATHWAYS_DIR, TEMPLATES_DIR, SessionClient, api, create_session, run, server_env
from test_postgres_nodes import psql, with_database

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("ATELIER_CRASH_SEED", "20261203"))
POSTGRES_URL = os.environ.get("ATELIER_TEST_POSTGRES_URL", "")
STORE_FILE = "atelier.sqlite"
UPTIME_S = (0.2, 1.5)           # how long the server runs between two kills (uniform)
RESTART_LIMIT_S = 5.0           # from starting the process to its "listening on" line
CREATION_KILLS = 20             # SIGKILLs under creations (one more once the storm is over)
CREATORS = 4                    # client threads POSTing /api/sessions
BURST_S = 0.05                  # the creators go flat out for the last BURST_S before each kill...
TRICKLE_PAUSE_S = 2.0           # ...and otherwise wait up to this long between two requests (uniform): every
                                # kill lands among creations in flight, yet the store keeps a few hundred sessions
                                # (a restart restores them all, and must still listen within RESTART_LIMIT_S)
JOIN_KILLS = 10                 # SIGKILLs under joins (one more once the storm is over)
JOIN_SESSIONS = 3
JOINERS = 12                    # asyncio tasks joining over WebSocket
JOIN_PAUSE_S = 0.02             # at most this long between two joins of one joiner (uniform)
CHECK_CONCURRENCY = 8           # joins at once when checking that every created session is joinable


# --------------------------------------------------------------------------
# The store under test
# --------------------------------------------------------------------------


@dataclass
class Store:
    kind: str                   # "sqlite" or "postgres"
    data_dir: Path
    url: str | None = None      # the PostgreSQL database, for "postgres"

    def args(self) -> list[str]:
        args = ["--templates-dir", str(TEMPLATES_DIR), "--pathways-dir", str(PATHWAYS_DIR)]
        return args + ["--store", self.url] if self.url else args


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    """The default SQLite store in the data directory, or a fresh PostgreSQL database."""
    data_dir = tmp_path / "data"
    if request.param == "sqlite":
        yield Store("sqlite", data_dir)
        return
    if not POSTGRES_URL:
        pytest.skip("ATELIER_TEST_POSTGRES_URL is not set: no PostgreSQL server "
                    "(`make test` starts a throwaway cluster and sets it)")
    name = f"atelier_crash_{uuid.uuid4().hex}"
    psql(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    try:
        yield Store("postgres", data_dir, with_database(POSTGRES_URL, name))
    finally:
        psql(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Contents:
    """What the store holds: live sessions, their events, and what was set aside."""

    sessions: dict[str, dict] = field(default_factory=dict)           # id → {"last_seq", "metadata"}
    events: dict[str, list[tuple[int, dict | None]]] = field(default_factory=lambda: defaultdict(list))
    set_aside: list[str] = field(default_factory=list)                # "id: reason"


def parse_json(raw) -> dict | None:
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return None


def read_store(store: Store) -> Contents:
    """The store's contents, read straight from the SQLite file or with psql (server stopped)."""
    contents = Contents()
    if store.kind == "sqlite":
        db = sqlite3.connect(f"file:{store.data_dir / STORE_FILE}?mode=ro", uri=True)
        try:
            for sid, last_seq, metadata in db.execute("SELECT id, last_seq, metadata FROM sessions"):
                contents.sessions[sid] = {"last_seq": last_seq, "metadata": parse_json(metadata)}
            for sid, seq, payload in db.execute("SELECT session_id, seq, payload FROM events ORDER BY session_id, seq"):
                contents.events[sid].append((seq, parse_json(payload)))
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'set_aside_sessions'").fetchone():
                contents.set_aside = [f"{sid}: {reason}" for sid, reason in
                                      db.execute("SELECT id, reason FROM set_aside_sessions")]
        finally:
            db.close()
        return contents

    # PostgreSQL: one JSON document a row (payloads as JSON strings, parsed here, so that a
    # payload that is not JSON shows up as a problem instead of failing the query).
    rows = psql(store.url, "SELECT json_build_object('id', id, 'last_seq', last_seq, "
                           "'metadata', convert_from(metadata, 'UTF8'))::text FROM sessions")
    for line in filter(None, rows.splitlines()):
        row = json.loads(line)
        contents.sessions[row["id"]] = {"last_seq": row["last_seq"], "metadata": parse_json(row["metadata"])}
    rows = psql(store.url, "SELECT json_build_object('s', session_id, 'q', seq, "
                           "'p', convert_from(payload, 'UTF8'))::text FROM events ORDER BY session_id, seq")
    for line in filter(None, rows.splitlines()):
        row = json.loads(line)
        contents.events[row["s"]].append((row["q"], parse_json(row["p"])))
    if psql(store.url, "SELECT to_regclass('set_aside_sessions') IS NOT NULL") == "t":
        rows = psql(store.url, "SELECT json_build_object('id', id, 'reason', reason)::text FROM set_aside_sessions")
        contents.set_aside = [f"{r['id']}: {r['reason']}" for r in map(json.loads, filter(None, rows.splitlines()))]
    return contents


def event_kind(payload: dict | None) -> tuple[str | None, dict]:
    """(kind, body) of a stored envelope's event, e.g. ("participantJoined", {"id": …, "name": …})."""
    event = (payload or {}).get("event")
    if isinstance(event, dict) and len(event) == 1:
        (kind, body), = event.items()
        return kind, body if isinstance(body, dict) else {}
    return None, {}


def whole_session_problems(contents: Contents) -> list[str]:
    """Every live session starts with its sessionCreated at seq 1 and has dense seqs; nothing set aside."""
    problems = [f"set aside (damaged): {entry}" for entry in contents.set_aside]
    for sid, record in sorted(contents.sessions.items()):
        log = contents.events.get(sid, [])
        seqs = [seq for seq, _ in log]
        if not log:
            problems.append(f"{sid}: a session record without any event (last_seq {record['last_seq']}): "
                            "half created")
            continue
        if seqs != list(range(1, len(seqs) + 1)) or record["last_seq"] != len(seqs):
            missing = sorted(set(range(1, max(seqs[-1], record["last_seq"]) + 1)) - set(seqs))
            problems.append(f"{sid}: events are not dense 1…last_seq ({record['last_seq']}): "
                            f"{len(seqs)} events, first {seqs[0]}, missing {missing[:10]}")
        first_seq, first = log[0]
        kind, body = event_kind(first)
        if first_seq != 1 or kind != "sessionCreated":
            problems.append(f"{sid}: the log starts with {kind or first!r} at seq {first_seq}, "
                            "not sessionCreated at seq 1")
        elif (body.get("setup") or {}).get("id") != sid:
            problems.append(f"{sid}: its sessionCreated event is for {(body.get('setup') or {}).get('id')!r}")
        problems += [f"{sid}: event row seq {seq} does not hold a JSON envelope of seq {seq}: {payload!r:.200}"
                     for seq, payload in log if not isinstance(payload, dict) or payload.get("seq") != seq]
        if not isinstance(record["metadata"], dict):
            problems.append(f"{sid}: its metadata is not JSON")
    problems += [f"{sid}: {len(log)} events of a session that has no record"
                 for sid, log in contents.events.items() if sid not in contents.sessions]
    return problems


# --------------------------------------------------------------------------
# The server, killed and started again
# --------------------------------------------------------------------------


class Server:
    """``atelier serve`` on one store; ``up`` is set while it listens. Every start must listen
    within RESTART_LIMIT_S and answer /healthz with status "ok"."""

    def __init__(self, factory, store: Store):
        self.factory = factory
        self.store = store
        self.process = None
        self.up = threading.Event()
        self.kills = 0
        self.restart_seconds: list[float] = []

    def start(self) -> None:
        began = time.monotonic()
        try:
            self.process = self.factory("serve", env=server_env(), args=self.store.args(),
                                        data_dir=self.store.data_dir)
        except ServerStartError as error:
            raise AssertionError(f"[{self.store.kind}, seed {SEED}] the server did not start again after "
                                 f"{self.kills} kills: {error}") from None
        seconds = time.monotonic() - began
        self.restart_seconds.append(seconds)
        assert seconds < RESTART_LIMIT_S, (
            f"[{self.store.kind}, seed {SEED}] the server took {seconds:.2f}s to listen after {self.kills} kills "
            f"(limit {RESTART_LIMIT_S}s; earlier starts {[round(s, 2) for s in self.restart_seconds[:-1]]})\n"
            f"{self.process.describe(10)}")
        health = http_get(self.process, "/healthz")
        assert health.status == 200 and health.json().get("status") == "ok", (
            f"[{self.store.kind}, seed {SEED}] after {self.kills} kills /healthz answered {health.status} "
            f"{health.text[:300]} (a session was damaged?)\n{self.process.describe(20)}")
        self.up.set()

    def kill(self) -> None:
        self.up.clear()
        self.process.kill()
        self.kills += 1
        assert self.process.proc.returncode == -9, (
            f"the server had exited on its own ({self.process.proc.returncode}) before kill -9\n"
            f"{self.process.describe()}")

    def stop(self) -> None:
        """SIGTERM: the store is closed cleanly before it is read."""
        self.up.clear()
        code = self.process.stop()
        assert code == 0, f"SIGTERM should exit 0, got {code}\n{self.process.describe()}"

    def close(self) -> None:
        """Whatever happened: no server left on the store (the fixture drops the database next)."""
        self.up.clear()
        if self.process is not None:
            self.process.kill()


def report_line(name: str, report: dict) -> None:
    print(f"\n{name} report: {json.dumps(report)}")


# --------------------------------------------------------------------------
# 1. A storm of session creations
# --------------------------------------------------------------------------


class Creations:
    """What the creator threads sent and were answered."""

    def __init__(self):
        self.lock = threading.Lock()
        self.titles: list[str] = []                  # every title POSTed (one request each)
        self.acknowledged: list[dict] = []           # every 201: id, joinCode, title
        self.lost: Counter = Counter()               # requests without an answer, by exception
        self.cut = 0                                 # of which sent, then cut by the kill (not refused)
        self.refused: list[str] = []                 # answers other than 201

    def creator(self, index: int, server: Server, stop: threading.Event, burst: threading.Event,
                rng: random.Random) -> None:
        count = 0
        while not stop.is_set():
            if not server.up.wait(0.05):
                continue
            burst.wait(rng.uniform(0, TRICKLE_PAUSE_S))     # no pause once the burst before a kill began
            process = server.process
            count += 1
            title = f"Crash c{index} n{count}"
            with self.lock:
                self.titles.append(title)
            try:
                response = api(process, "POST", "/api/sessions", {"template": "accueil", "title": title})
            except (OSError, http.client.HTTPException) as error:   # the server died under the request
                with self.lock:
                    self.lost[type(error).__name__] += 1
                    if not isinstance(error, ConnectionRefusedError):   # sent, then cut: it was in flight
                        self.cut += 1
                continue
            with self.lock:
                if response.status == 201:
                    body = response.json()
                    self.acknowledged.append({"id": body["id"], "joinCode": body["joinCode"], "title": title})
                else:
                    self.refused.append(f"{title}: {response.status} {response.text[:200]}")


async def joinable(server: Server, sessions: list[dict]) -> list[str]:
    """Joins every session by its code (a few at once); the problems found."""
    problems: list[str] = []
    gate = asyncio.Semaphore(CHECK_CONCURRENCY)

    async def check(session: dict) -> None:
        async with gate:
            client = await SessionClient.connect(server.process, f"check-{session['id']}")
            try:
                welcome = await client.join(session["joinCode"], "Vérification", timeout=15)
                if welcome.get("session") != session["id"]:
                    problems.append(f"{session['id']}: its code {session['joinCode']} joined {welcome}")
                elif client.view["session"]["title"] != session["title"]:
                    problems.append(f"{session['id']}: title {client.view['session']['title']!r}, "
                                    f"created as {session['title']!r}")
            except AssertionError as error:
                problems.append(f"{session['id']}: joining by code {session['joinCode']} failed: {error}")
            finally:
                await client.close()
            problems.extend(client.violations)

    await asyncio.gather(*(check(session) for session in sessions))
    return problems


@pytest.mark.timeout(200)
def test_kill_9_during_a_storm_of_session_creations(atelier_factory, store):
    rng = random.Random(SEED)
    server = Server(atelier_factory, store)
    creations = Creations()
    stop, burst = threading.Event(), threading.Event()
    threads = [threading.Thread(target=creations.creator, name=f"creator-{i}", daemon=True,
                                args=(i, server, stop, burst, random.Random(rng.getrandbits(32))))
               for i in range(CREATORS)]
    report: dict = {"store": store.kind, "seed": SEED}
    began = time.monotonic()
    try:
        server.start()
        for thread in threads:
            thread.start()
        kills_in_flight = 0     # kills that cut at least one creation request
        for _ in range(CREATION_KILLS):
            uptime = rng.uniform(*UPTIME_S)
            time.sleep(uptime - BURST_S)
            burst.set()
            time.sleep(BURST_S)
            cut_before = creations.cut
            server.kill()
            burst.clear()
            server.start()      # listens within the limit, /healthz "ok"
            kills_in_flight += creations.cut > cut_before
        stop.set()
        for thread in threads:
            thread.join(30)
            assert not thread.is_alive(), f"{thread.name} still running 30 s after the storm"
        storm_seconds = time.monotonic() - began

        # Once more, with every acknowledged creation in: acknowledged means durable.
        server.kill()
        server.start()
        acknowledged = creations.acknowledged
        listing = api(server.process, "GET", "/api/sessions")
        assert listing.status == 200, listing.text[:300]
        listed = Counter(s["id"] for s in listing.json())
        problems = [f"{sid} listed {n} times" for sid, n in listed.items() if n > 1]
        problems += [f"{a['id']} ({a['title']}) was acknowledged (201) but is not listed after the restart"
                     for a in acknowledged if a["id"] not in listed]
        problems += run(joinable(server, [a for a in acknowledged if a["id"] in listed]), timeout=120)
        server.stop()

        # The store itself.
        contents = read_store(store)
        problems += whole_session_problems(contents)
        if set(listed) != set(contents.sessions):
            problems.append(f"the listing and the store differ: listed only "
                            f"{sorted(set(listed) - set(contents.sessions))[:10]}, "
                            f"stored only {sorted(set(contents.sessions) - set(listed))[:10]}")
        sent = set(creations.titles)
        titles = Counter((record["metadata"] or {}).get("title") for record in contents.sessions.values())
        problems += [f"{n} sessions titled {title!r}: one request created several sessions"
                     for title, n in titles.items() if n > 1]
        problems += [f"a session titled {title!r} that no request asked for" for title in titles if title not in sent]
        for a in acknowledged:
            record = contents.sessions.get(a["id"])
            if record is None:
                problems.append(f"{a['id']} ({a['title']}) was acknowledged but is not in the store")
            elif ((record["metadata"] or {}).get("title"), (record["metadata"] or {}).get("joinCode")) != (
                    a["title"], a["joinCode"]):
                problems.append(f"{a['id']} was acknowledged as {a['title']!r} / {a['joinCode']}, "
                                f"stored as {record['metadata']}")
        problems += [f"answered other than 201: {refused}" for refused in creations.refused]

        report.update(
            kills=server.kills, storm_seconds=round(storm_seconds, 1), requests=len(creations.titles),
            acknowledged=len(acknowledged), unanswered=dict(creations.lost), kills_in_flight=kills_in_flight,
            unacknowledged_but_stored=len(set(contents.sessions) - {a["id"] for a in acknowledged}),
            sessions_in_store=len(contents.sessions), refused=len(creations.refused),
            restart_seconds_max=round(max(server.restart_seconds), 3), problems=len(problems))
        report_line("creation crash test", report)
        assert not problems, f"[{store.kind}, seed {SEED}] {len(problems)} problems:\n  " + "\n  ".join(problems[:25])
        assert server.kills > CREATION_KILLS and len(acknowledged) >= CREATION_KILLS, report
    finally:
        stop.set()
        burst.set()
        server.up.set()         # wakes the creators so that they see `stop`
        server.close()


# --------------------------------------------------------------------------
# 2. A storm of joins
# --------------------------------------------------------------------------


class Joins:
    """What the joiner tasks sent and were answered."""

    def __init__(self, sessions: list[dict]):
        self.sessions = sessions
        self.names: dict[str, str] = {}                  # every name sent → the session it was sent to
        self.welcomed: dict[str, tuple[str, str]] = {}   # name → (session, participant id)
        self.lost: Counter = Counter()                   # attempts without an answer, by exception
        self.conflicts = 0                               # "conflict" answers (PostgreSQL: the old lease)
        self.problems: list[str] = []

    async def joiner(self, index: int, server: Server, stop: asyncio.Event, rng: random.Random) -> None:
        count = 0
        while not stop.is_set():
            if not server.up.is_set():
                await asyncio.sleep(0.02)
                continue
            process = server.process
            try:
                ws = await ws_connect(process.ws_url + "/ws", subprotocols=[SUBPROTOCOL], open_timeout=5)
            except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as error:
                self.lost[f"connect {type(error).__name__}"] += 1
                await asyncio.sleep(0.02)
                continue
            count += 1
            name = f"j{index}-{count}"
            session = self.sessions[rng.randrange(len(self.sessions))]
            self.names[name] = session["id"]
            try:
                await ws.send(json.dumps({"type": "join", "code": session["joinCode"], "name": name}))
                while True:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    if frame.get("type") == "welcome":
                        if frame.get("session") != session["id"]:
                            self.problems.append(f"{name}: joined {session['id']} but welcomed to {frame}")
                        self.welcomed[name] = (frame.get("session"), frame.get("participant"))
                        break
                    if frame.get("type") == "error":
                        if frame.get("code") == "conflict":
                            self.conflicts += 1
                        else:
                            self.problems.append(f"{name}: join refused: {frame}")
                        break
            except (OSError, asyncio.TimeoutError, websockets.ConnectionClosed) as error:
                self.lost[type(error).__name__] += 1    # the server died under the join
            finally:
                try:
                    await asyncio.wait_for(ws.close(), 5)
                except (OSError, asyncio.TimeoutError, websockets.WebSocketException):
                    ws.transport.abort()
            await asyncio.sleep(rng.uniform(0, JOIN_PAUSE_S))


@pytest.mark.timeout(170)
def test_kill_9_during_a_storm_of_joins(atelier_factory, store):
    rng = random.Random(SEED + 1)
    server = Server(atelier_factory, store)
    report: dict = {"store": store.kind, "seed": SEED}

    async def body() -> None:
        await asyncio.to_thread(server.start)
        sessions = [create_session(server.process, "accueil", title=f"Joins {s}") for s in range(JOIN_SESSIONS)]
        joins = Joins(sessions)
        stop = asyncio.Event()
        began = time.monotonic()
        workers = [asyncio.create_task(joins.joiner(i, server, stop, random.Random(rng.getrandbits(32))),
                                       name=f"joiner-{i}") for i in range(JOINERS)]
        try:
            for _ in range(JOIN_KILLS):
                await asyncio.sleep(rng.uniform(*UPTIME_S))
                for worker in workers:      # a joiner that failed fails the test now, with its reason
                    if worker.done():
                        worker.result()
                server.kill()
                await asyncio.to_thread(server.start)
            stop.set()
            done, running = await asyncio.wait(workers, timeout=30)
            assert not running, "joiners still running 30 s after the storm"
            for worker in done:
                worker.result()
        finally:
            stop.set()
            for worker in workers:
                worker.cancel()
        storm_seconds = time.monotonic() - began

        # Once more, with every welcomed join in; then a fresh observer's view of each session.
        server.kill()
        await asyncio.to_thread(server.start)
        problems = list(joins.problems)
        observers = {f"Observer {s}" for s in range(len(sessions))}
        for name, session in zip(sorted(observers), sessions):
            observer = await SessionClient.connect(server.process, f"observer-{session['id']}")
            try:
                await observer.join(session["joinCode"], name, role="observer", timeout=15)
                members = observer.view["members"]
                for name, (sid, participant) in joins.welcomed.items():
                    if sid != session["id"]:
                        continue
                    if participant not in members:
                        problems.append(f"{sid}: {name} ({participant}) was welcomed but is not a member after "
                                        "the restart")
                    elif members[participant]["name"] != name:
                        problems.append(f"{sid}: member {participant} is called {members[participant]['name']!r}, "
                                        f"welcomed as {name!r}")
                sent_here = {n for n, sid in joins.names.items() if sid == session["id"]}
                problems += [f"{session['id']}: member {pid} {m['name']!r} was never sent here" for pid, m in
                             members.items() if pid != observer.participant and m["name"] not in sent_here]
            finally:
                await observer.close()
            problems += observer.violations
        await asyncio.to_thread(server.stop)

        # The log: each welcomed join exactly once, no attempt twice, dense seqs.
        contents = await asyncio.to_thread(read_store, store)
        problems += whole_session_problems(contents)
        joined: dict[str, list[tuple[str, str, int]]] = defaultdict(list)   # name → [(session, participant, seq)]
        for sid, log in contents.events.items():
            for seq, payload in log:
                kind, event = event_kind(payload)
                if kind == "participantJoined":
                    joined[event.get("name")].append((sid, event.get("id"), seq))
        for name, (sid, participant) in joins.welcomed.items():
            found = joined.get(name, [])
            if [(s, p) for s, p, _ in found] != [(sid, participant)]:
                problems.append(f"{name}: welcomed as {participant} in {sid}, its participantJoined events: {found}")
        for name, found in joined.items():
            if name not in joins.welcomed and len(found) > 1:
                problems.append(f"{name}: one join attempt, {len(found)} participantJoined events: {found}")
            if name not in joins.names and name not in observers:
                problems.append(f"a participantJoined for {name!r}, never sent: {found}")

        report.update(
            kills=server.kills, storm_seconds=round(storm_seconds, 1), attempts=len(joins.names),
            welcomed=len(joins.welcomed), unanswered=dict(joins.lost), conflicts=joins.conflicts,
            unwelcomed_but_stored=sum(1 for n in joins.names if n not in joins.welcomed and n in joined),
            events=sum(len(log) for log in contents.events.values()),
            restart_seconds_max=round(max(server.restart_seconds), 3), problems=len(problems))
        report_line("join crash test", report)
        assert not problems, f"[{store.kind}, seed {SEED}] {len(problems)} problems:\n  " + "\n  ".join(problems[:25])
        assert server.kills > JOIN_KILLS and len(joins.welcomed) >= 10 * JOIN_KILLS, report

    try:
        run(body(), timeout=160)
    finally:
        server.close()
