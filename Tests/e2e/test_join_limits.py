"""Joins per address: a room behind one address (a venue's Wi-Fi, a NAT) joins together,
guessing codes, tokens or invites does not (docs/protocol.md, "Limits")."""

from __future__ import annotations

import asyncio

from session_client import TRAINER_TOKEN, Clients, create_session, run, start_server
from test_hostile import SETTLE, Unchanged, assert_single_error, exchange


def test_too_many_joins_from_one_address(atelier_factory):
    limited = start_server(atelier_factory, limits={"joins_per_minute": 4})

    async def body():
        created = create_session(limited)
        async with Clients(limited) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN)  # 1
            ana = await clients.new("ana")
            await ana.join(created["joinCode"], "Ana")  # 2
            failed = await clients.new("failed")
            await failed.join("ZZZZZZ" if created["joinCode"] != "ZZZZZZ" else "YYYYYY", "X",
                              expect_error="not_found")  # 3: failed attempts count too
            again = await clients.new("ana-again")
            await again.resume_from(ana)  # 4: resumes count too
            await asyncio.sleep(SETTLE)
            witnesses = Unchanged([lead, ana, again])
            extra = await clients.new("extra")
            for message in [{"type": "join", "code": created["joinCode"], "name": "Extra"},
                            {"type": "facilitate", "session": created["id"], "token": TRAINER_TOKEN},
                            {"type": "resume", "session": created["id"], "participant": ana.participant,
                             "token": ana.token, "epoch": 1, "seq": 0}]:
                answers = await exchange(extra, message)
                assert_single_error(answers, "rate_limited", None, f"{message['type']} number 5+ in a minute")
            assert not extra.welcomed
            await extra.command("raiseHand", expect_error="unauthorized")
            await witnesses.check("refused joins")
            await ana.command("raiseHand")  # members already in are unaffected
            await lead.wait_for(lambda c: c.view["hands"] == [ana.participant], what="Ana's hand")

    run(body())


def test_a_room_behind_one_address_joins_together_with_the_defaults(atelier_factory):
    """Forty people behind one address (a venue's Wi-Fi) all join within seconds with the
    default limits: only failed attempts are limited per address, not a room joining."""
    room = start_server(atelier_factory, default_join_limits=True)

    async def body():
        created = create_session(room)
        async with Clients(room) as clients:
            people = [await clients.new(f"p{index}") for index in range(40)]
            await asyncio.gather(*(person.join(created["joinCode"], f"Personne {index}")
                                   for index, person in enumerate(people)))
            assert all(person.welcomed for person in people)

    run(body())


def test_guessing_join_codes_locks_the_address_out_for_a_minute(atelier_factory):
    guarded = start_server(atelier_factory, limits={"failed_joins_per_minute": 3})

    async def body():
        created = create_session(guarded)
        wrong = "ZZZZZZ" if created["joinCode"] != "ZZZZZZ" else "YYYYYY"
        async with Clients(guarded) as clients:
            ana = await clients.new("ana")
            await ana.join(created["joinCode"], "Ana")  # a success does not count
            for attempt in range(3):
                guess = await clients.new(f"guess-{attempt}")
                await guess.join(wrong, "X", expect_error="not_found")
            # The limit is reached: even the right code waits, and nothing is bound.
            late = await clients.new("late")
            answers = await exchange(late, {"type": "join", "code": created["joinCode"], "name": "Late"})
            assert_single_error(answers, "rate_limited", None, "a join after three wrong codes")
            assert not late.welcomed
            await ana.command("raiseHand")  # members already in are unaffected
    run(body())
    assert "failed joins from one address reached the limit" in guarded.output()
