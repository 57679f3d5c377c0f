"""What the restart and data-file tests share: a server on a data directory, stopping it,
and a workshop whose acknowledged commands and views the tests check afterwards."""

from __future__ import annotations

import copy
from pathlib import Path

from atelier_e2e import REPO_WEB_ROOT
from session_client import TEMPLATES_DIR, TRAINER_TOKEN, Clients, SessionClient, all_see, api, create_session, start_server

STORE_FILE = "atelier.sqlite"
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


