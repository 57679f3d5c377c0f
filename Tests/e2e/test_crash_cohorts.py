"""kill -9 while cohorts are built and their séances opened: a cohort is there whole.

A cohort created from a pathway is stored with its whole plan in one transaction; opening a
planned séance stores the session, then records it in the plan, and a crash between the two
is mended at the next start (the session's record names its planned séance). Under a storm
of creations, territories, members and openings, the server is SIGKILLed at random moments
and started again on the same store (SQLite, and PostgreSQL when ATELIER_TEST_POSTGRES_URL is
set). After every restart it must listen and say "ok"; at the end every acknowledged cohort,
member and opening is there, every cohort has its whole plan, and every séance a cohort's
plan does not record is one whose opening was never acknowledged — and the next start
records it."""

from __future__ import annotations

import http.client
import json
import random
import sqlite3
import threading
import time

import pytest

from session_client import api
from test_crash_creation import SEED, Server, report_line, store  # noqa: F401  (fixture)
from test_postgres_nodes import psql

pytestmark = pytest.mark.slow

KILLS = 8
UPTIME_S = (0.3, 1.2)
WORKERS = 3
PATHWAY_SESSIONS = 10


def stored_openings(store) -> dict[str, tuple[str, str]]:
    """Séances the store holds that name a cohort: session id → (cohort, planned)."""
    rows: list[tuple[str, str]] = []
    if store.kind == "sqlite":
        db = sqlite3.connect(f"file:{store.data_dir / 'atelier.sqlite'}?mode=ro", uri=True)
        try:
            rows = list(db.execute("SELECT id, metadata FROM sessions"))
        finally:
            db.close()
    else:
        out = psql(store.url, "SELECT id || '|' || convert_from(metadata, 'UTF8') FROM sessions")
        rows = [tuple(line.split("|", 1)) for line in out.splitlines() if line]
    found = {}
    for sid, metadata in rows:
        meta = json.loads(metadata)
        if meta.get("cohort"):
            found[sid] = (meta["cohort"], meta["planned"])
    return found


def test_kill_9_while_cohorts_are_built_loses_nothing_acknowledged(atelier_factory, store):
    server = Server(atelier_factory, store)
    rng = random.Random(SEED)
    acknowledged = {"cohorts": set(), "members": set(), "openings": {}}
    lock = threading.Lock()
    stop = threading.Event()

    def worker(index: int) -> None:
        local = random.Random(SEED + index)
        while not stop.is_set():
            if not server.up.wait(0.2):
                continue
            try:
                created = api(server.process, "POST", "/api/cohorts",
                              {"name": f"Cohorte {index}-{local.randrange(10**6)}", "pathway": "co-construction-territoriale",
                               "starts": "2027-01-04"})
                if created.status != 201:
                    continue
                cid = created.json()["id"]
                with lock:
                    acknowledged["cohorts"].add(cid)
                if api(server.process, "POST", f"/api/cohorts/{cid}/territories", {"name": "Pays d'Aix"}).status != 201:
                    continue
                member = api(server.process, "POST", f"/api/cohorts/{cid}/members", {"territory": "t1", "name": "Awa"})
                if member.status != 201:
                    continue
                with lock:
                    acknowledged["members"].add((cid, member.json()["member"]["id"]))
                opened = api(server.process, "POST", f"/api/cohorts/{cid}/plan/s1/open")
                if opened.status == 201:
                    with lock:
                        acknowledged["openings"][opened.json()["id"]] = (cid, "s1")
            except (OSError, ValueError, http.client.HTTPException):
                continue  # the server died under the request (or mid-answer): unacknowledged

    threads = [threading.Thread(target=worker, args=(index,), daemon=True) for index in range(WORKERS)]
    try:
        server.start()
        for thread in threads:
            thread.start()
        for _ in range(KILLS):
            time.sleep(rng.uniform(*UPTIME_S))
            server.kill()
            server.start()
        time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(10)
        cohorts = {c["id"]: c for c in api(server.process, "GET", "/api/cohorts").json()}
        views = {cid: api(server.process, "GET", f"/api/cohorts/{cid}").json() for cid in cohorts}
        server.stop()
        openings = stored_openings(store)
    finally:
        stop.set()
        server.close()

    assert acknowledged["cohorts"] and acknowledged["openings"], f"the storm acknowledged nothing: {acknowledged}"
    missing = acknowledged["cohorts"] - set(cohorts)
    assert not missing, f"[{store.kind}, seed {SEED}] acknowledged cohorts lost: {missing}"
    partial = {cid: len(view["plan"]) for cid, view in views.items() if len(view["plan"]) != PATHWAY_SESSIONS}
    assert not partial, f"[{store.kind}, seed {SEED}] cohorts without their whole plan: {partial}"
    for cid, member in acknowledged["members"]:
        assert any(m["id"] == member for t in views[cid]["territories"] for m in t["members"]), (cid, member)
    for sid, (cid, planned) in acknowledged["openings"].items():
        recorded = next(s for s in views[cid]["plan"] if s["id"] == planned)
        assert recorded.get("sessionID") == sid, f"[{store.kind}] acknowledged opening {sid} not in the plan: {recorded}"
    # Every séance stored for a cohort is the one its plan records: mended at a start when the
    # crash fell between the two writes (the last start mends what the last kill cut).
    unrecorded = [sid for sid, (cid, planned) in openings.items()
                  if next(s for s in views[cid]["plan"] if s["id"] == planned).get("sessionID") != sid]
    report_line("cohort crash", {
        "store": store.kind, "seed": SEED, "kills": server.kills, "cohorts": len(cohorts),
        "acknowledged_cohorts": len(acknowledged["cohorts"]), "acknowledged_openings": len(acknowledged["openings"]),
        "stored_openings": len(openings), "unrecorded_after_last_start": len(unrecorded),
        "restart_s_max": round(max(server.restart_seconds), 2)})
    assert not unrecorded, f"[{store.kind}, seed {SEED}] séances stored but never recorded in their plan: {unrecorded}"
