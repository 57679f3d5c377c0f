"""Hostile and malformed ``atelier.v1`` traffic against a real ``atelier serve``.

Each case checks four things (docs/protocol.md, "Errors"):

1. the sender gets exactly the documented error (code, and the command ``id`` when
   one could be read) and nothing else;
2. the connection stays open and served: a ``ping`` afterwards gets its ``pong``;
3. nothing is corrupted: the facilitator's view is unchanged;
4. other clients are unaffected: they receive no frame at all.

Every frame any client receives is also validated against docs/schema/.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass

import pytest

from atelier_e2e import REPO_WEB_ROOT, start_atelier
from session_client import (
    TEMPLATES_DIR,
    TRAINER_TOKEN,
    Clients,
    SessionClient,
    all_see,
    create_session,
    run,
    server_env,
    start_server,
)

# Longer than the server's flush interval (50 ms by default): a patch caused by a hostile
# frame would have been sent by then.
SETTLE = 0.15
BIG = 60_000  # characters: a string that fits in the 64 KiB frame limit


# --------------------------------------------------------------------------
# One server for the whole module (each test still gets its own session)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_server(atelier_bin, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile")
    process = start_atelier(
        "serve", workdir=workdir, env=server_env(), name="serve-hostile",
        args=["--data-dir", str(workdir / "data"), "--web-root", str(REPO_WEB_ROOT),
              "--templates-dir", str(TEMPLATES_DIR)])
    yield process
    died = process.proc.poll() is not None
    description = process.describe()
    process.stop()
    if died:
        pytest.fail("atelier exited on its own during the hostile tests:\n" + description, pytrace=False)


@pytest.fixture
def server(shared_server):
    yield shared_server
    assert shared_server.proc.poll() is None, (
        "atelier died during this test:\n" + shared_server.describe())


@dataclass
class Arena:
    """A session with a lead facilitator, a participant bystander and an observer, plus the
    attacker's connection (a participant, or not bound to any session)."""
    created: dict
    lead: SessionClient
    bystander: SessionClient
    watcher: SessionClient
    attacker: SessionClient

    @property
    def witnesses(self) -> list[SessionClient]:
        return [self.lead, self.bystander, self.watcher]


async def open_arena(clients: Clients, server, *, attacker_joins: bool = True) -> Arena:
    created = create_session(server)
    lead = await clients.new("lead")
    await lead.facilitate(created["id"], token=TRAINER_TOKEN)
    bystander = await clients.new("bystander")
    await bystander.join(created["joinCode"], "Bystander")
    watcher = await clients.new("watcher")
    await watcher.join(created["joinCode"], "Watcher", role="observer")
    attacker = await clients.new("attacker")
    members = 3
    if attacker_joins:
        await attacker.join(created["joinCode"], "Mallory")
        members = 4
    arena = Arena(created, lead, bystander, watcher, attacker)
    # Joins are flushed at once: once everyone lists everyone, nothing is pending.
    await all_see([*arena.witnesses] + ([attacker] if attacker_joins else []),
                  lambda c: len(c.view["members"]) == members, "everyone listed")
    return arena


async def exchange(attacker: SessionClient, payload) -> list[dict]:
    """Sends one frame and returns what came back before the pong of a following ping (the
    server answers a connection's messages in order, so every direct answer is in there)."""
    mark = attacker.mark()
    await attacker.send(payload if isinstance(payload, str) else json.dumps(payload))
    await attacker.ping()
    return [f for f in attacker.since(mark) if f["type"] != "pong"]


def brief(frames: list[dict]) -> str:
    return "[" + ", ".join(json.dumps(f, ensure_ascii=False)[:240] for f in frames) + "]"


def assert_single_error(answers: list[dict], code: str, command_id: str | None, what: str) -> None:
    assert len(answers) == 1 and answers[0]["type"] == "error", (
        f"{what}: expected one {code} error, got {brief(answers)}")
    error = answers[0]
    assert error["code"] == code, f"{what}: expected {code}, got {error}"
    if command_id is None:
        assert "id" not in error, f"{what}: no command id could be read, yet the error has one: {error}"
    else:
        assert error.get("id") == command_id, f"{what}: the error should echo id {command_id!r}: {error}"
    assert len(json.dumps(error)) < 1024, f"{what}: the error must not echo large input ({len(json.dumps(error))} bytes)"


class Unchanged:
    """Remembers what clients hold; ``check()`` asserts the witnesses received nothing since, and
    the senders nothing but direct answers (errors, acks, pongs): no view change for anyone."""

    def __init__(self, witnesses: list[SessionClient], senders: list[SessionClient] = ()):
        self.clients = [*witnesses, *senders]
        self.senders = list(senders)
        self.marks = [c.mark() for c in self.clients]
        self.views = [json.dumps(c.view, sort_keys=True) for c in self.clients]

    async def check(self, what: str, settle: float = SETTLE) -> None:
        await asyncio.sleep(settle)
        for client, mark, view in zip(self.clients, self.marks, self.views):
            client.raise_violations()
            frames = client.since(mark)
            if client in self.senders:
                frames = [f for f in frames if f["type"] in ("snapshot", "patch", "welcome")]
            assert frames == [], f"{what}: {client.label} received {brief(frames)}"
            assert json.dumps(client.view, sort_keys=True) == view, f"{what}: {client.label}'s view changed"


# --------------------------------------------------------------------------
# The catalogue of malformed frames
# --------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    payload: object  # a dict (sent as JSON) or a str (sent as is)
    code: str = "bad_request"
    id: str | None = None  # the command id the error must echo


CODE, SESSION, INVITE = "<join code>", "<session id>", "<facilitator invite>"


def substitute(payload, created: dict):
    """The payload with CODE, SESSION and INVITE replaced by the session's values."""
    values = {CODE: created["joinCode"], SESSION: created["id"], INVITE: created["facilitatorInvite"]}
    if isinstance(payload, dict):
        return {key: substitute(value, created) for key, value in payload.items()}
    if isinstance(payload, list):
        return [substitute(value, created) for value in payload]
    return values.get(payload, payload) if isinstance(payload, str) else payload


def cmd(intent, id="h1", **extra):
    return {"type": "command", "id": id, "intent": intent, **extra}


MALFORMED = [
    # Not a JSON object.
    Case("not json", "hello"),
    Case("empty text", ""),
    Case("whitespace", "   "),
    Case("truncated object", '{"type":"ping"'),
    Case("two objects", '{"type":"ping"}{"type":"ping"}'),
    Case("json array", '["ping"]'),
    Case("json array of an object", '[{"type":"ping"}]'),
    Case("json number", "42"),
    Case("json string", '"ping"'),
    Case("json null", "null"),
    Case("json true", "true"),
    Case("10,000 nested arrays", "[" * 10_000),
    Case("10,000 nested arrays, closed", "[" * 10_000 + "]" * 10_000),
    Case("10,000 nested objects", '{"a":' * 10_000 + "1" + "}" * 10_000),
    Case("number out of range", '{"type":"ping","n":1e400}'),
    Case("lone surrogate", '{"type":"ping","x":"\\ud800"}'),
    # The type.
    Case("missing type", {}),
    Case("type under another key", {"kind": "ping"}),
    Case("type null", {"type": None}),
    Case("type number", {"type": 1}),
    Case("type array", {"type": ["ping"]}),
    Case("type object", {"type": {"ping": True}}),
    Case("type bool", {"type": True}),
    Case("unknown type", {"type": "hello"}),
    Case("type in capitals", {"type": "PING"}),
    Case("a server type", {"type": "welcome", "session": "s1", "participant": "p1", "role": "facilitator"}),
    Case("another server type", {"type": "snapshot", "seq": 1, "view": {}}),
    Case("huge unknown type", {"type": "x" * BIG}),
    # join.
    Case("join without code", {"type": "join", "name": "M"}),
    Case("join code number", {"type": "join", "code": 123456, "name": "M"}),
    Case("join code null", {"type": "join", "code": None, "name": "M"}),
    Case("join code 33 characters", {"type": "join", "code": "A" * 33, "name": "M"}),
    Case("join huge code", {"type": "join", "code": "A" * BIG, "name": "M"}),
    Case("join without name", {"type": "join", "code": "ABCDEF"}),
    Case("join name number", {"type": "join", "code": "ABCDEF", "name": 5}),
    Case("join name array", {"type": "join", "code": "ABCDEF", "name": ["M"]}),
    Case("join name 1001 characters", {"type": "join", "code": "ABCDEF", "name": "M" * 1001}),
    Case("join huge name", {"type": "join", "code": "ABCDEF", "name": "M" * BIG}),
    # (CODE, SESSION and INVITE are replaced by the arena session's real values, so that only
    # the malformed field can be the reason for a refusal.)
    Case("join role facilitator", {"type": "join", "code": CODE, "name": "M", "role": "facilitator"}),
    Case("join role cofacilitator", {"type": "join", "code": CODE, "name": "M", "role": "cofacilitator"}),
    Case("join role in capitals", {"type": "join", "code": CODE, "name": "M", "role": "Observer"}),
    Case("join role number", {"type": "join", "code": CODE, "name": "M", "role": 5}),
    Case("join role array", {"type": "join", "code": CODE, "name": "M", "role": ["observer"]}),
    Case("join role object", {"type": "join", "code": CODE, "name": "M", "role": {"observer": True}}),
    # facilitate.
    Case("facilitate without session", {"type": "facilitate", "token": TRAINER_TOKEN}),
    Case("facilitate session number", {"type": "facilitate", "session": 7, "token": TRAINER_TOKEN}),
    Case("facilitate without token or invite", {"type": "facilitate", "session": SESSION}),
    Case("facilitate token number", {"type": "facilitate", "session": SESSION, "token": 123}),
    Case("facilitate invite array", {"type": "facilitate", "session": SESSION, "invite": ["x"]}),
    Case("facilitate token of 257 characters", {"type": "facilitate", "session": SESSION, "token": "t" * 257}),
    Case("facilitate name number", {"type": "facilitate", "session": SESSION, "token": TRAINER_TOKEN, "name": 5}),
    Case("facilitate token number beside an invite",
         {"type": "facilitate", "session": SESSION, "token": 123, "invite": INVITE}),
    # resume.
    Case("resume without token", {"type": "resume", "session": "s1", "participant": "p1", "epoch": 1, "seq": 1}),
    Case("resume participant number",
         {"type": "resume", "session": "s1", "participant": 1, "token": "t", "epoch": 1, "seq": 1}),
    Case("resume epoch string",
         {"type": "resume", "session": "s1", "participant": "p1", "token": "t", "epoch": "1", "seq": 1}),
    Case("resume epoch fraction",
         {"type": "resume", "session": "s1", "participant": "p1", "token": "t", "epoch": 1.5, "seq": 1}),
    Case("resume without seq", {"type": "resume", "session": "s1", "participant": "p1", "token": "t", "epoch": 1}),
    Case("resume negative seq",
         {"type": "resume", "session": "s1", "participant": "p1", "token": "t", "epoch": 1, "seq": -1}),
    Case("resume seq null",
         {"type": "resume", "session": "s1", "participant": "p1", "token": "t", "epoch": 1, "seq": None}),
    Case("resume seq beyond 64 bits",
         {"type": "resume", "session": "s1", "participant": "p1", "token": "t", "epoch": 1, "seq": 10 ** 30}),
    # command: the id.
    Case("command without id", {"type": "command", "intent": {"kind": "raiseHand"}}),
    Case("command empty id", cmd({"kind": "raiseHand"}, id="")),
    Case("command id number", cmd({"kind": "raiseHand"}, id=7)),
    Case("command id null", cmd({"kind": "raiseHand"}, id=None)),
    Case("command id 65 characters", cmd({"kind": "raiseHand"}, id="i" * 65)),
    Case("command huge id", cmd({"kind": "raiseHand"}, id="i" * BIG)),
    # command: the intent (the id is known, so it is echoed).
    Case("command without intent", {"type": "command", "id": "h1"}, id="h1"),
    Case("intent null", cmd(None), id="h1"),
    Case("intent string", cmd("raiseHand"), id="h1"),
    Case("intent array", cmd([{"kind": "raiseHand"}]), id="h1"),
    Case("intent without kind", cmd({}), id="h1"),
    Case("intent kind number", cmd({"kind": 3}), id="h1"),
    Case("intent kind null", cmd({"kind": None}), id="h1"),
    Case("unknown intent kind", cmd({"kind": "dance"}), id="h1"),
    Case("intent kind in capitals", cmd({"kind": "NextStep"}), id="h1"),
    Case("huge intent kind", cmd({"kind": "k" * BIG}), id="h1"),
    Case("goToStep without index", cmd({"kind": "goToStep"}), id="h1"),
    Case("goToStep index string", cmd({"kind": "goToStep", "index": "1"}), id="h1"),
    Case("goToStep index fraction", cmd({"kind": "goToStep", "index": 1.5}), id="h1"),
    Case("goToStep index bool", cmd({"kind": "goToStep", "index": True}), id="h1"),
    Case("startTimer seconds string", cmd({"kind": "startTimer", "seconds": "10"}), id="h1"),
    Case("startTimer seconds array", cmd({"kind": "startTimer", "seconds": [10]}), id="h1"),
    Case("extendTimer without seconds", cmd({"kind": "extendTimer"}), id="h1"),
    Case("extendTimer seconds string", cmd({"kind": "extendTimer", "seconds": "5"}), id="h1"),
    Case("setRole without participant", cmd({"kind": "setRole", "role": "observer"}), id="h1"),
    Case("setRole participant number", cmd({"kind": "setRole", "participant": 2, "role": "observer"}), id="h1"),
    Case("setRole without role", cmd({"kind": "setRole", "participant": "p2"}), id="h1"),
    Case("setRole unknown role", cmd({"kind": "setRole", "participant": "p2", "role": "king"}), id="h1"),
    Case("setRole role number", cmd({"kind": "setRole", "participant": "p2", "role": 1}), id="h1"),
    Case("handOver without participant", cmd({"kind": "handOver"}), id="h1"),
    Case("handOver participant null", cmd({"kind": "handOver", "participant": None}), id="h1"),
    Case("remove participant number", cmd({"kind": "remove", "participant": 2}), id="h1"),
    Case("lowerHand participant number", cmd({"kind": "lowerHand", "participant": 2}), id="h1"),
    Case("lowerHand participant array", cmd({"kind": "lowerHand", "participant": ["p2"]}), id="h1"),
    Case("activity without intent", cmd({"kind": "activity"}), id="h1"),
    Case("activity intent string", cmd({"kind": "activity", "intent": "markReady"}), id="h1"),
    Case("activity intent null", cmd({"kind": "activity", "intent": None}), id="h1"),
    Case("activity intent array", cmd({"kind": "activity", "intent": [{"kind": "markReady"}]}), id="h1"),
]


@pytest.mark.parametrize("case", MALFORMED, ids=[c.label for c in MALFORMED])
@pytest.mark.parametrize("bound", [True, False], ids=["participant", "unbound"])
def test_malformed_frame_gets_bad_request_and_harms_nothing(server, case, bound):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server, attacker_joins=bound)
            witnesses = Unchanged(arena.witnesses, senders=[arena.attacker])
            answers = await exchange(arena.attacker, substitute(case.payload, arena.created))
            assert_single_error(answers, case.code, case.id, case.label)
            await witnesses.check(case.label)
            if bound:  # the attacker is still itself and still works
                await arena.attacker.command("raiseHand")
                await arena.lead.wait_for(lambda c: c.view["hands"] == [arena.attacker.participant],
                                          what="the attacker's hand after the bad frame")

    run(body())


# --------------------------------------------------------------------------
# Well-formed but refused: identity, roles, state
# --------------------------------------------------------------------------


def test_commands_before_joining_are_unauthorized(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server, attacker_joins=False)
            witnesses = Unchanged(arena.witnesses, senders=[arena.attacker])
            for intent in [{"kind": "raiseHand"}, {"kind": "nextStep"}, {"kind": "startTimer", "seconds": 5},
                           {"kind": "remove", "participant": arena.bystander.participant},
                           {"kind": "activity", "intent": {"kind": "markReady"}}]:
                answers = await exchange(arena.attacker, cmd(intent, id="early"))
                assert_single_error(answers, "unauthorized", "early", f"{intent} before joining")
            # Naming a session and a member in the command does not bind anything.
            answers = await exchange(arena.attacker, cmd({"kind": "nextStep"}, id="early", session=arena.created["id"],
                                                         participant=arena.lead.participant, role="facilitator"))
            assert_single_error(answers, "unauthorized", "early", "a command naming a session and a member")
            await witnesses.check("commands before joining")

    run(body())


def test_spoofed_identity_fields_are_ignored(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            lead, bystander, attacker = arena.lead, arena.bystander, arena.attacker
            witnesses = Unchanged(arena.witnesses, senders=[attacker])
            spoof = {"participant": lead.participant, "role": "facilitator", "session": "s0ther", "token": TRAINER_TOKEN}
            answers = await exchange(attacker, cmd({"kind": "nextStep"}, id="spoof-1", **spoof))
            assert_single_error(answers, "forbidden", "spoof-1", "nextStep with spoofed top-level identity")
            answers = await exchange(attacker, cmd({"kind": "nextStep", **spoof}, id="spoof-2"))
            assert_single_error(answers, "forbidden", "spoof-2", "nextStep with spoofed identity in the intent")
            answers = await exchange(attacker, cmd({"kind": "setRole", "participant": attacker.participant,
                                                    "role": "cofacilitator"}, id="spoof-3", **spoof))
            assert_single_error(answers, "forbidden", "spoof-3", "self-promotion")
            await witnesses.check("spoofed commands")

            # raiseHand has no target: a participant field is ignored and the sender's own hand goes up.
            await attacker.command("raiseHand", participant=bystander.participant)
            await lead.wait_for(lambda c: c.view["hands"] == [attacker.participant], what="only the attacker's hand")
            await bystander.command("raiseHand")
            await lead.wait_for(lambda c: c.view["hands"] == [attacker.participant, bystander.participant],
                                what="two hands")
            await attacker.command("lowerHand", participant=bystander.participant, expect_error="forbidden")
            # An activity intent naming someone else still acts for the sender only.
            await attacker.activity("markReady", participant=bystander.participant)
            await lead.wait_for(lambda c: c.view["activity"]["view"]["ready"] == [attacker.participant],
                                what="only the attacker ready")
            assert lead.view["hands"] == [attacker.participant, bystander.participant]
            assert bystander.view["me"]["handRaised"] is True and bystander.view["me"]["role"] == "participant"

            # A join that names an existing member gets a new member, not that one.
            intruder = await clients.new("intruder")
            welcome = await intruder.join(arena.created["joinCode"], "Intruder")
            assert welcome["participant"] not in (lead.participant, bystander.participant, attacker.participant)
            # Another member's resume token does not open this member.
            other = await clients.new("other")
            await other.resume(arena.created["id"], lead.participant, attacker.token, 1, 0,
                               expect_error="unauthorized")
            await other.ping()

    run(body())


ROLE_REFUSALS = [
    # (who, intent, code)
    ("attacker", {"kind": "nextStep"}, "forbidden"),
    ("attacker", {"kind": "previousStep"}, "forbidden"),
    ("attacker", {"kind": "goToStep", "index": 1}, "forbidden"),
    ("attacker", {"kind": "startTimer", "seconds": 5}, "forbidden"),
    ("attacker", {"kind": "resetTimer"}, "forbidden"),
    ("attacker", {"kind": "setRole", "participant": "p2", "role": "observer"}, "forbidden"),
    ("attacker", {"kind": "handOver", "participant": "p2"}, "forbidden"),
    ("attacker", {"kind": "remove", "participant": "p2"}, "forbidden"),
    ("attacker", {"kind": "activity", "intent": {"kind": "updateInstructions", "text": "pwned"}}, "forbidden"),
    ("attacker", {"kind": "activity", "intent": {"kind": "resetReady"}}, "forbidden"),
    ("attacker", {"kind": "activity", "intent": {"kind": "dance"}}, "bad_request"),
    ("attacker", {"kind": "activity", "intent": {}}, "bad_request"),
    ("watcher", {"kind": "activity", "intent": {"kind": "markReady"}}, "forbidden"),
    ("watcher", {"kind": "raiseHand"}, "forbidden"),
    ("watcher", {"kind": "lowerHand"}, "forbidden"),
    ("lead", {"kind": "raiseHand"}, "forbidden"),
    ("lead", {"kind": "activity", "intent": {"kind": "markReady"}}, "forbidden"),
]


@pytest.mark.parametrize("who, intent, code", ROLE_REFUSALS,
                         ids=[f"{w}-{json.dumps(i)}" for w, i, _ in ROLE_REFUSALS])
def test_intent_refused_for_the_role_or_by_the_activity(server, who, intent, code):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            sender = {"attacker": arena.attacker, "watcher": arena.watcher, "lead": arena.lead}[who]
            others = [c for c in [*arena.witnesses, arena.attacker] if c is not sender]
            unchanged = Unchanged(others, senders=[sender])
            answers = await exchange(sender, cmd(intent, id="role-1"))
            assert_single_error(answers, code, "role-1", f"{who} sending {intent}")
            await unchanged.check(f"{who} sending {intent}")

    run(body())


STATE_REFUSALS = [
    ({"kind": "pauseTimer"}, "invalid_state"),
    ({"kind": "resumeTimer"}, "invalid_state"),
    ({"kind": "extendTimer", "seconds": 30}, "invalid_state"),
    ({"kind": "previousStep"}, "invalid_state"),
    ({"kind": "goToStep", "index": 3}, "not_found"),
    ({"kind": "goToStep", "index": -1}, "not_found"),
    ({"kind": "goToStep", "index": 10 ** 12}, "not_found"),
    ({"kind": "startTimer", "seconds": 0}, "bad_request"),
    ({"kind": "startTimer", "seconds": -5}, "bad_request"),
    ({"kind": "startTimer", "seconds": 86_401}, "bad_request"),
    ({"kind": "extendTimer", "seconds": 0}, "bad_request"),
    ({"kind": "setRole", "participant": "p999", "role": "observer"}, "not_found"),
    ({"kind": "setRole", "participant": "p3", "role": "facilitator"}, "bad_request"),
    ({"kind": "remove", "participant": "p999"}, "not_found"),
    ({"kind": "remove", "participant": "p1"}, "bad_request"),
    ({"kind": "handOver", "participant": "p1"}, "conflict"),
    ({"kind": "handOver", "participant": "p3"}, "invalid_state"),  # p3 is the observer
    ({"kind": "handOver", "participant": "x" * 1000}, "not_found"),
    ({"kind": "activity", "intent": {"kind": "updateInstructions", "text": "x" * 4001}}, "too_large"),
    ({"kind": "activity", "intent": {"kind": "updateInstructions", "text": "x" * BIG}}, "too_large"),
    ({"kind": "activity", "intent": {"kind": "updateInstructions", "text": "x", "link": "javascript:alert(1)"}},
     "bad_request"),
    ({"kind": "activity", "intent": {"kind": "updateInstructions", "text": "x", "link": "https://" + "a" * 500}},
     "too_large"),
    ({"kind": "activity", "intent": {"kind": "updateInstructions"}}, "bad_request"),
]


@pytest.mark.parametrize("intent, code", STATE_REFUSALS, ids=[json.dumps(i)[:80] for i, _ in STATE_REFUSALS])
def test_facilitator_intent_refused_in_this_state(server, intent, code):
    """The lead (p1) at step 0 with an idle timer; p2 bystander, p3 observer, p4 attacker."""
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            assert (arena.lead.participant, arena.watcher.participant) == ("p1", "p3")
            unchanged = Unchanged([arena.bystander, arena.watcher, arena.attacker], senders=[arena.lead])
            answers = await exchange(arena.lead, cmd(intent, id="state-1"))
            assert_single_error(answers, code, "state-1", f"lead sending {json.dumps(intent)[:80]}")
            await unchanged.check(f"lead sending {json.dumps(intent)[:80]}")

    run(body())


def test_refusals_that_depend_on_a_running_timer_or_the_last_step(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            lead = arena.lead
            await lead.command("startTimer", seconds=60)
            await lead.command("goToStep", index=2)
            await lead.command("startTimer", seconds=60)
            await arena.bystander.wait_for(lambda c: c.view["timer"]["status"] == "running"
                                           and c.view["agenda"]["current"] == 2, what="last step, running")
            await asyncio.sleep(SETTLE)
            unchanged = Unchanged([arena.bystander, arena.watcher, arena.attacker], senders=[lead])
            for intent, code in [({"kind": "nextStep"}, "invalid_state"),
                                 ({"kind": "startTimer", "seconds": 5}, "invalid_state"),
                                 ({"kind": "resumeTimer"}, "invalid_state")]:
                answers = await exchange(lead, cmd(intent, id="late-1"))
                assert_single_error(answers, code, "late-1", f"{intent} at the last step with a running timer")
            await unchanged.check("refused at the last step")

    run(body())


# --------------------------------------------------------------------------
# Joining twice, wrong credentials
# --------------------------------------------------------------------------


def test_joining_twice_on_one_connection_is_a_conflict(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            attacker, created = arena.attacker, arena.created
            witnesses = Unchanged(arena.witnesses, senders=[attacker])
            for message in [{"type": "join", "code": created["joinCode"], "name": "Again"},
                            {"type": "join", "code": created["joinCode"], "name": "Again", "role": "observer"},
                            {"type": "facilitate", "session": created["id"], "token": TRAINER_TOKEN},
                            {"type": "facilitate", "session": created["id"], "invite": created["facilitatorInvite"]},
                            {"type": "resume", "session": created["id"], "participant": attacker.participant,
                             "token": attacker.token, "epoch": 1, "seq": attacker.seq}]:
                answers = await exchange(attacker, message)
                assert_single_error(answers, "conflict", None, f"{message['type']} on a bound connection")
            await witnesses.check("joining twice")
            assert attacker.view["me"]["role"] == "participant"
            await attacker.command("nextStep", expect_error="forbidden")  # still the same participant

    run(body())


def test_wrong_credentials_are_refused(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            created = arena.created
            other_session = create_session(server)
            witnesses = Unchanged(arena.witnesses)
            stranger = await clients.new("stranger")
            cases = [
                ({"type": "facilitate", "session": created["id"], "invite": "not-the-invite"}, "unauthorized"),
                ({"type": "facilitate", "session": created["id"], "invite": other_session["facilitatorInvite"]},
                 "unauthorized"),
                ({"type": "facilitate", "session": created["id"], "token": "wrong-trainer-token-000"}, "unauthorized"),
                ({"type": "facilitate", "session": created["id"], "token": ""}, "unauthorized"),
                ({"type": "facilitate", "session": "snosuchsession", "token": TRAINER_TOKEN}, "not_found"),
                ({"type": "join", "code": "ABCDEF" if created["joinCode"] != "ABCDEF" else "ABCDEG", "name": "X"},
                 "not_found"),
                ({"type": "join", "code": "0O1IL!", "name": "X"}, "not_found"),
                ({"type": "join", "code": "", "name": "X"}, "not_found"),
                ({"type": "resume", "session": created["id"], "participant": arena.bystander.participant,
                  "token": "forged-token", "epoch": 1, "seq": 0}, "unauthorized"),
                ({"type": "resume", "session": created["id"], "participant": arena.bystander.participant,
                  "token": arena.attacker.token, "epoch": 1, "seq": 0}, "unauthorized"),
                ({"type": "resume", "session": created["id"], "participant": "p999",
                  "token": arena.attacker.token, "epoch": 1, "seq": 0}, "unauthorized"),
                ({"type": "resume", "session": other_session["id"], "participant": arena.attacker.participant,
                  "token": arena.attacker.token, "epoch": 1, "seq": 0}, "unauthorized"),
                ({"type": "resume", "session": "snosuchsession", "participant": "p1",
                  "token": arena.attacker.token, "epoch": 1, "seq": 0}, "not_found"),
            ]
            for message, code in cases:
                answers = await exchange(stranger, message)
                assert_single_error(answers, code, None, f"{message}")
            assert stranger.view is None and not stranger.welcomed, "nothing bound the stranger"
            await stranger.command("raiseHand", expect_error="unauthorized")
            await witnesses.check("wrong credentials")
            # A wrong trainer token with the right invite is still accepted (either credential suffices).
            helper = await clients.new("helper")
            welcome = await helper.facilitate(created["id"], token="wrong-trainer-token-000",
                                              invite=created["facilitatorInvite"])
            assert welcome["role"] == "cofacilitator"

    run(body())


# --------------------------------------------------------------------------
# Large and slow input
# --------------------------------------------------------------------------


def test_large_strings_within_the_frame_limit(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            lead, attacker = arena.lead, arena.attacker
            await lead.activity("updateInstructions", text="é" * 4000)  # the limit, in characters
            await attacker.wait_for(lambda c: c.view["activity"]["view"]["instructions"] == "é" * 4000,
                                    what="4,000-character instructions")
            name = await clients.new("long-name")
            await name.join(arena.created["joinCode"], "Ü" * 1000)  # accepted, then capped
            assert name.view["me"]["name"] == "Ü" * 60
            payload = cmd({"kind": "activity", "intent": {"kind": "markReady", "padding": "p" * BIG}}, id="pad")
            assert len(json.dumps(payload)) < 65536
            answers = await exchange(attacker, payload)  # unknown fields are ignored: accepted
            assert [a["type"] for a in answers] == ["ack"], answers
            await lead.wait_for(lambda c: c.view["activity"]["view"]["ready"] == [attacker.participant],
                                what="the padded intent's effect")

    run(body())


def test_frames_beyond_the_transport_limits_close_only_the_sender(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            pid = arena.attacker.participant
            await arena.attacker.send(json.dumps({"type": "ping", "pad": "x" * 70_000}))
            code, reason = await arena.attacker.wait_closed()
            assert code == 1009, f"a message over 64 KiB closes with 1009, got {code} {reason!r}"
            await all_see(arena.witnesses, lambda c: c.view["members"][pid]["online"] is False, "the sender offline")
            binary = await clients.new("binary")
            await binary.join(arena.created["joinCode"], "Binary")
            await binary.send(b"\x00\x01")
            code, reason = await binary.wait_closed()
            assert code == 1003, f"a binary message closes with 1003, got {code} {reason!r}"
            await arena.lead.ping()
            await arena.bystander.ping()
            await arena.bystander.command("raiseHand")
            await arena.lead.wait_for(lambda c: c.view["hands"] == [arena.bystander.participant],
                                      what="the session still works")

    run(body())


def test_deeply_nested_json_does_not_stall_other_clients(atelier_factory):
    """JSON nested 500 levels deep (about 1 KB, under the parser's depth limit) must be cheap to
    refuse or accept: the gateway handles every connection's messages in turn, so a slow parse
    delays every other client of the server."""
    dedicated = start_server(atelier_factory)

    async def body():
        async with Clients(dedicated) as clients:
            arena = await open_arena(clients, dedicated)
            await arena.bystander.ping()
            nested = '{"type":"ping","x":' + "[" * 500 + "]" * 500 + "}"
            mark = arena.attacker.mark()
            for _ in range(5):
                await arena.attacker.send(nested)
            await asyncio.sleep(0.3)  # the five messages have reached the server by now
            started = time.monotonic()
            await arena.bystander.ping(timeout=60)
            waited = time.monotonic() - started
            answered = len(arena.attacker.since(mark))
            assert waited < 1.0, (
                f"a bystander's ping sent 0.3 s after five 1 KB messages nested 500 deep from another "
                f"client waited {waited:.1f}s for its pong (the attacker had {answered} answers by then)")
            await arena.attacker.wait_for(lambda c: len(c.since(mark)) == 5, 30, "an answer to each nested message")

    run(body(), timeout=120)


# --------------------------------------------------------------------------
# Rate limits and capacity
# --------------------------------------------------------------------------


def test_message_flood_is_rate_limited_and_the_connection_survives(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            attacker = arena.attacker
            mark = attacker.mark()
            for _ in range(70):  # burst 40, 20 per second
                await attacker.send({"type": "ping"})
            await attacker.wait_for(lambda c: len(c.since(mark)) >= 70, what="an answer to each of 70 pings")
            answers = attacker.since(mark)
            pongs = [a for a in answers if a["type"] == "pong"]
            limited = [a for a in answers if a["type"] == "error"]
            assert len(pongs) + len(limited) == 70, answers
            # The burst is 40 messages and the join took one; a few more refill while sending.
            assert 35 <= len(pongs) <= 50, f"about 40 pings pass (the burst), got {len(pongs)}"
            assert limited and all(a["code"] == "rate_limited" and "id" not in a for a in limited), limited
            # A limited command is dropped: it is answered without its id, and has no effect.
            mark = attacker.mark()
            for n in range(40):  # (more than 100 refusals in a row would close the connection)
                await attacker.send(cmd({"kind": "raiseHand" if n % 2 == 0 else "lowerHand"}, id=f"f{n}"))
            await attacker.wait_for(lambda c: len(c.since(mark, "error")) + len(c.since(mark, "ack")) >= 40,
                                    what="an answer to each of 40 commands")
            assert all(e["code"] == "rate_limited" and "id" not in e for e in attacker.since(mark, "error"))
            await asyncio.sleep(1.5)  # the bucket refills
            await attacker.ping()
            await attacker.command("raiseHand", command_id="after-flood")
            await arena.lead.wait_for(lambda c: c.view["hands"] == [attacker.participant], what="one hand")
            await arena.bystander.ping()

    run(body())


def test_sustained_flood_is_closed_with_1008(server):
    async def body():
        async with Clients(server) as clients:
            arena = await open_arena(clients, server)
            pid = arena.attacker.participant
            # 39 pass (the burst less the join), the next 101 refusals in a row close the connection;
            # a few more in case the bucket refills meanwhile.
            frames = [json.dumps({"type": "ping"})] * 150
            try:
                for frame in frames:
                    await arena.attacker.send(frame)
            except Exception:
                pass  # closed while sending
            code, reason = await arena.attacker.wait_closed()
            assert code == 1008, f"more than 100 refusals in a row close with 1008, got {code} {reason!r}"
            await all_see(arena.witnesses, lambda c: c.view["members"][pid]["online"] is False, "the flooder offline")
            await arena.bystander.ping()

    run(body())


def test_session_full_is_a_conflict(atelier_factory):
    small = start_server(atelier_factory, limits={"max_participants": 3})

    async def body():
        created = create_session(small)
        async with Clients(small) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN)
            ana, bruno = await clients.new("ana"), await clients.new("bruno")
            await ana.join(created["joinCode"], "Ana")
            await bruno.join(created["joinCode"], "Bruno", role="observer")
            await lead.wait_for(lambda c: len(c.view["members"]) == 3, what="three members")
            await asyncio.sleep(SETTLE)
            witnesses = Unchanged([lead, ana, bruno])
            late = await clients.new("late")
            for message in [{"type": "join", "code": created["joinCode"], "name": "Late"},
                            {"type": "join", "code": created["joinCode"], "name": "Late", "role": "observer"},
                            {"type": "facilitate", "session": created["id"], "token": TRAINER_TOKEN}]:
                answers = await exchange(late, message)
                assert_single_error(answers, "conflict", None, f"{message} into a full session")
            await witnesses.check("a full session")
            # Offline members still count; a removed one frees the place.
            await ana.close()
            await lead.wait_for(lambda c: c.view["members"][ana.participant]["online"] is False, what="Ana offline")
            await late.join(created["joinCode"], "Late", expect_error="conflict")
            await lead.command("remove", participant=bruno.participant)
            welcome = await late.join(created["joinCode"], "Late")
            assert welcome["role"] == "participant"

    run(body())
