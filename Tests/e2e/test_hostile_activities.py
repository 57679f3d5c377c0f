"""Hostile and malformed intents for the theme round and the vote, against a real server:
each gets exactly its documented error (with the command id, without echoing large input),
the connection stays served, and nobody else receives anything (no view changed)."""

from __future__ import annotations

import json

import pytest

from session_client import TRAINER_TOKEN, Clients, all_see, create_session, run
from test_hostile import BIG, Unchanged, assert_single_error, cmd, exchange, server, shared_server  # noqa: F401  (fixtures)

MAX = 9_223_372_036_854_775_807


async def arena(clients, server, template: str, setup, ready):
    created = create_session(server, template)
    lead = await clients.new("lead")
    await lead.facilitate(created["id"], token=TRAINER_TOKEN)
    speaker = await clients.new("speaker")
    await speaker.join(created["joinCode"], "Speaker")
    attacker = await clients.new("attacker")
    await attacker.join(created["joinCode"], "Mallory")
    watcher = await clients.new("watcher")
    await watcher.join(created["joinCode"], "Watcher", role="observer")
    everyone = [lead, speaker, attacker, watcher]
    await all_see(everyone, lambda c: len(c.view["members"]) == 4, "everyone listed")
    await setup(lead)
    await all_see(everyone, ready, "the setup seen by all")
    await all_see(everyone, lambda c: c.seq == lead.seq, "nothing pending")
    return {"lead": lead, "attacker": attacker, "watcher": watcher, "speaker": speaker}


async def round_running(lead):
    await lead.command("nextStep")
    await lead.activity("startRound", theme="Tiers lieux & dialogue territorial")
    await lead.activity("next")  # the speaker (p2) has the floor
    await lead.activity("post", text="Une carte")


def act(kind, **fields):
    return {"kind": "activity", "intent": {"kind": kind, **fields}}


ROUND_CASES = [
    ("attacker", act("post", text="Pas mon tour"), "invalid_state"),
    ("attacker", act("post"), "bad_request"),
    ("attacker", act("post", text=7), "bad_request"),
    ("attacker", act("finish"), "invalid_state"),
    ("attacker", act("next"), "forbidden"),
    ("attacker", act("move", participant="p2", position=10 ** 12), "forbidden"),
    ("attacker", act("extend", seconds=MAX), "forbidden"),
    ("attacker", act("giveFloor", participant="x" * 1000), "forbidden"),
    ("attacker", act("pair", participant="p2", partner="p2"), "forbidden"),
    ("attacker", act("startRound", theme="x" * BIG), "forbidden"),
    ("attacker", act("dot", card=-1), "not_found"),
    ("attacker", act("dot", card=MAX), "not_found"),
    ("attacker", act("dot", card="1"), "bad_request"),
    ("attacker", act("removeCard", card=1), "forbidden"),
    ("watcher", act("dot", card=1), "forbidden"),
    ("lead", act("startRound", theme="Encore"), "invalid_state"),
    ("lead", act("extend", seconds=10 ** 12), "bad_request"),
    ("lead", act("move", participant="p3", position=-1), "bad_request"),
    ("lead", act("giveFloor", participant="x" * 1000), "not_found"),
    ("lead", act("skip", participant="p999"), "not_found"),
    ("lead", act("bringBack", participant="p4"), "not_found"),  # the observer
    ("lead", act("addHeading", title="   "), "bad_request"),
    ("lead", act("addHeading", title="x" * BIG), "too_large"),
    ("lead", act("renameHeading", heading=999, title="Rubrique"), "not_found"),
    ("lead", act("group", card=1, heading=MAX), "not_found"),
    ("lead", act("pair", participant="p2", partner="p4"), "not_found"),  # p4 is the observer
]


@pytest.mark.parametrize("who, intent, code", ROUND_CASES, ids=[f"{w}-{json.dumps(i)[:70]}" for w, i, _ in ROUND_CASES])
def test_theme_round_refusals(server, who, intent, code):
    async def body():
        async with Clients(server) as clients:
            people = await arena(clients, server, "thematique", round_running,
                                 lambda c: len(c.view["activity"]["view"]["rounds"][0]["cards"]) == 1
                                 if c.view["activity"]["view"].get("rounds") else False)
            sender = people[who]
            unchanged = Unchanged([c for c in people.values() if c is not sender], senders=[sender])
            answers = await exchange(sender, cmd(intent, id="tr-1"))
            assert_single_error(answers, code, "tr-1", f"{who} sending {json.dumps(intent)[:80]}")
            await unchanged.check(f"{who} sending {json.dumps(intent)[:80]}")

    run(body())


async def vote_open(lead):
    await lead.activity("open")


def cast(ballot, seal="sceau-0123456789abcdef"):
    intent = {"ballot": ballot}
    if seal is not None:
        intent["seal"] = seal
    return act("cast", **intent)


OPTION = "Un tiers lieu partagé"
VOTE_CASES = [
    ("attacker", cast({"grades": {OPTION: "Bien"}}, seal=None), "bad_request"),
    ("attacker", cast({"grades": {OPTION: "Bien"}}, seal="../../etc/passwd"), "bad_request"),
    ("attacker", cast({"grades": {OPTION: "Bien"}}, seal="s" * 10_000), "bad_request"),
    ("attacker", cast({"grades": {OPTION: "Bien"}}, seal="sceau-é-0123456789abcdef"), "bad_request"),
    ("attacker", cast({"ranking": [OPTION]}), "bad_request"),
    ("attacker", cast({"grades": {"x" * BIG: "Bien"}}), "bad_request"),
    ("attacker", cast({"grades": {OPTION: "Génial"}}), "bad_request"),
    ("attacker", cast("A"), "bad_request"),
    ("attacker", cast({"dots": {OPTION: MAX}}), "bad_request"),
    ("attacker", cast({}), "bad_request"),
    ("attacker", act("open"), "forbidden"),
    ("attacker", act("close"), "forbidden"),
    ("attacker", act("publish"), "forbidden"),
    ("watcher", cast({"grades": {OPTION: "Bien"}}), "forbidden"),
    ("lead", cast({"grades": {OPTION: "Bien"}}), "forbidden"),  # participants vote
    ("lead", act("open"), "invalid_state"),  # already open
    ("lead", act("publish"), "invalid_state"),  # not closed yet
    ("lead", act("draft", question="Autre ?", options=["A", "B"]), "invalid_state"),
    ("lead", act("open", minutes=10 ** 9), "invalid_state"),
]


@pytest.mark.parametrize("who, intent, code", VOTE_CASES, ids=[f"{w}-{json.dumps(i)[:70]}" for w, i, _ in VOTE_CASES])
def test_vote_refusals(server, who, intent, code):
    async def body():
        async with Clients(server) as clients:
            people = await arena(clients, server, "decision", vote_open,
                                 lambda c: c.view["activity"]["view"]["phase"] == "open")
            sender = people[who]
            unchanged = Unchanged([c for c in people.values() if c is not sender], senders=[sender])
            answers = await exchange(sender, cmd(intent, id="vote-1"))
            assert_single_error(answers, code, "vote-1", f"{who} sending {json.dumps(intent)[:80]}")
            await unchanged.check(f"{who} sending {json.dumps(intent)[:80]}")

    run(body())
