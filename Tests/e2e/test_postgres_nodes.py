"""Two ``atelier serve`` nodes on one PostgreSQL database: each session has one host.

Node A creates a session and hosts it; node B, started on the same database, refuses
joins to it with ``conflict`` naming node A; once A is gone (stopped, or killed) node B
takes the session over when the next member comes to it, with everything A wrote. A node
that loses its lease connection while it runs stops serving the session (4002) and its
members resume on the other node.

Needs ``ATELIER_TEST_POSTGRES_URL`` (a server where its user may create databases);
``make test`` starts a throwaway cluster (scripts/postgres-test-cluster.sh) and sets it.
Each test gets a database of its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from glob import glob

import pytest

from session_client import PATHWAYS_DIR, TEMPLATES_DIR, Clients, create_session, run, server_env

POSTGRES_URL = os.environ.get("ATELIER_TEST_POSTGRES_URL", "")

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="ATELIER_TEST_POSTGRES_URL is not set: no PostgreSQL server for the multi-node tests "
           "(`make test` starts a throwaway cluster and sets it)",
)


def psql(url: str, sql: str) -> str:
    """Runs one statement with psql and returns its unaligned output."""
    binary = shutil.which("psql") or next(iter(sorted(glob("/usr/lib/postgresql/*/bin/psql"), reverse=True)), None)
    assert binary, "psql not found (install the Debian package 'postgresql')"
    done = subprocess.run([binary, "--no-psqlrc", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"psql {sql!r} failed: {done.stderr}"
    return done.stdout.strip()


def with_database(url: str, name: str) -> str:
    """``url`` naming database ``name`` instead."""
    head, sep, query = url.partition("?")
    scheme, _, rest = head.partition("://")
    authority = rest.split("/", 1)[0]
    return f"{scheme}://{authority}/{name}" + (sep + query if sep else "")


@pytest.fixture
def database():
    """A fresh database on the test server, dropped afterwards."""
    name = f"atelier_e2e_{uuid.uuid4().hex}"
    psql(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    yield with_database(POSTGRES_URL, name)
    psql(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_node(factory, node: str, store: str, data_dir):
    """``atelier serve`` as node ``node`` on the PostgreSQL ``store``, with its own data directory."""
    return factory("serve", env=server_env(env={"ATELIER_SERVER_NODE_NAME": node}), data_dir=data_dir,
                   args=["--templates-dir", str(TEMPLATES_DIR), "--pathways-dir", str(PATHWAYS_DIR), "--store", store])


def wait_for_no_leases(store: str, timeout: float = 10.0) -> None:
    """Waits until no connection holds an advisory lock (a session lease) in ``store``."""
    deadline = time.monotonic() + timeout
    while True:
        held = psql(store, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
        if held == "0":
            return
        assert time.monotonic() < deadline, f"{held} session leases still held {timeout}s after the node went"
        time.sleep(0.05)


def members(client) -> set[str]:
    return {member["name"] for member in client.view["members"].values()}


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_a_session_moves_to_another_node_once_its_host_is_gone(atelier_factory, database, tmp_path, how):
    node_a = start_node(atelier_factory, "node-a", database, tmp_path / "node-a")
    created = create_session(node_a, "accueil", title="Two nodes")
    code = created["joinCode"]

    async def on_node_a():
        async with Clients(node_a) as clients:
            people = []
            for name in ("Ana", "Bruno"):
                person = await clients.new(name)
                await person.join(code, name)
                people.append(person)
            await people[0].wait_for(lambda c: {"Ana", "Bruno"} <= members(c), what="both members in the view")

    run(on_node_a())
    assert psql(database, "SELECT node FROM session_owners WHERE session_id = '%s'" % created["id"]) == "node-a"

    node_b = start_node(atelier_factory, "node-b", database, tmp_path / "node-b")

    async def refused_on_node_b():
        async with Clients(node_b) as clients:
            chloe = await clients.new("chloe")
            answer = await chloe.join(code, "Chloé", expect_error="conflict")
            assert "node-a" in answer["message"], f"the conflict should name the host: {answer}"

    run(refused_on_node_b())

    if how == "stopped":
        assert node_a.stop(signal.SIGTERM) == 0, node_a.describe()
    else:
        node_a.kill()
    wait_for_no_leases(database)

    async def hosted_on_node_b():
        async with Clients(node_b) as clients:
            chloe = await clients.new("chloe")
            welcome = await chloe.join(code, "Chloé")
            assert welcome["session"] == created["id"]
            await chloe.wait_for(lambda c: {"Ana", "Bruno", "Chloé"} <= members(c),
                                 what="the members who joined on node A, and Chloé")
            online = {m["name"]: m["online"] for m in chloe.view["members"].values()}
            assert online["Ana"] is False and online["Bruno"] is False and online["Chloé"] is True, online

    run(hosted_on_node_b())
    assert psql(database, "SELECT node FROM session_owners WHERE session_id = '%s'" % created["id"]) == "node-b"


def test_a_node_that_loses_its_lease_hands_the_session_over(atelier_factory, database, tmp_path):
    node_a = start_node(atelier_factory, "node-a", database, tmp_path / "node-a")
    node_b = start_node(atelier_factory, "node-b", database, tmp_path / "node-b")
    created = create_session(node_a, "accueil", title="Lease lost")

    async def body():
        async with Clients(node_a) as on_a, Clients(node_b) as on_b:
            ana = await on_a.new("ana")
            await ana.join(created["joinCode"], "Ana")
            first = await ana.command("raiseHand", command_id="hand-1")

            # Node A's lease connection dies (as if the database restarted it): node A may not
            # write to the session any more, and stops serving it.
            terminated = psql(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                                        "WHERE locktype = 'advisory' AND granted")
            assert terminated == "1", f"one lease connection should hold the lock, got {terminated}"
            wait_for_no_leases(database)
            refused = await ana.command("lowerHand", command_id="lower-1", expect_error="internal")
            assert "lease" in refused["message"], refused
            code, reason = await ana.wait_closed()
            assert code == 4002, (code, reason)

            # Ana resumes on node B, which takes the session over with what A committed.
            back = await on_b.new("ana-on-b")
            resumed = await back.resume_from(ana)
            assert resumed["welcome"]["session"] == created["id"]
            assert back.view["hands"] == [ana.participant], back.view["hands"]
            retry = await back.command("raiseHand", command_id="hand-1")
            assert retry == {"type": "ack", "id": "hand-1", "seq": first["seq"], "duplicate": True}, retry
            await back.command("lowerHand", command_id="lower-1")
            await back.wait_for(lambda c: c.view["hands"] == [], what="the hand lowered on node B")
            assert psql(database, "SELECT node FROM session_owners WHERE session_id = '%s'" % created["id"]) == "node-b"

            # Node A, with a new lease connection, now names node B instead of serving the session.
            late = await on_a.new("late")
            answer = await late.join(created["joinCode"], "Late", expect_error="conflict")
            assert "node-b" in answer["message"], answer

    run(body())


def test_a_cohort_is_one_on_every_node(atelier_factory, database, tmp_path):
    """What one node writes to a cohort, the other sees at once: a member added on node A
    has their page and enters a séance on node B; concurrent edits of the plan from both
    nodes all land, none lost."""
    from test_cohorts import build_cohort, member_api, open_planned
    from session_client import api

    node_a = start_node(atelier_factory, "node-a", database, tmp_path / "node-a")
    node_b = start_node(atelier_factory, "node-b", database, tmp_path / "node-b")
    cohort, keys = build_cohort(node_a)
    assert [c["id"] for c in api(node_b, "GET", "/api/cohorts").json()] == [cohort["id"]]
    page = member_api(node_b, "GET", "/api/me", keys["Chloé"])
    assert page.status == 200 and page.json()["territory"]["name"] == "Les Mureaux"
    # Edits from both nodes, alternating: every one lands on the one log.
    for index in range(4):
        node = node_a if index % 2 == 0 else node_b
        added = api(node, "POST", f"/api/cohorts/{cohort['id']}/plan", {"title": f"En plus {index}", "template": "seance-parcours"})
        assert added.status == 201, added.text
    titles = [s["title"] for s in api(node_a, "GET", f"/api/cohorts/{cohort['id']}").json()["plan"]]
    assert titles[-4:] == ["En plus 0", "En plus 1", "En plus 2", "En plus 3"]
    opened = open_planned(node_b, cohort["id"], "s1")

    async def enter_on_b():
        async with Clients(node_b) as clients:
            chloe = await clients.new("chloe")
            assert (await chloe.enter(opened["joinCode"], keys["Chloé"]))["participant"] == "m3"
    run(enter_on_b())
    assert api(node_a, "GET", f"/api/cohorts/{cohort['id']}").json()["plan"][0]["sessionID"] == opened["id"]
