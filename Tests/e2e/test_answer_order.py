"""End-to-end: the order of a member's answers when commands are pipelined.

Commands sent back to back without waiting go through the session's inbox, taken in
turns by its host; acks wait for their commit. Every answer to a bound connection (ack,
error, pong) must still come in the order of the messages (docs/protocol.md).
"""

from __future__ import annotations

import json

from session_client import Clients, all_see, api, run
from test_sessions import open_workshop, server  # noqa: F401  (the fixture)


def test_pipelined_commands_of_several_members_are_answered_in_order_then_the_pong(server):
    """Commands sent back to back without waiting (the session's inbox takes them in turns):
    each member's answers come in the order sent (a refusal in its place, not before the
    acks of earlier commands still being committed), acks with increasing seqs, the pong
    after them all; a close right after a burst still stores the burst."""
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana", "Bruno", "Chloé"))
            await lead.command("goToStep", index=1)  # Briefing: markReady / markNotReady
            await all_see(people, lambda c: c.view["agenda"]["current"] == 1, "the Briefing step")
            marks = {person.label: person.mark() for person in people}
            bursts = {}
            for person in people:
                sent = []
                for index in range(12):
                    intent = {"kind": "markReady" if index % 2 == 0 else "markNotReady"}
                    if index == 5:  # refused by the engine (a participant may not move the agenda)
                        frame = {"type": "command", "id": f"{person.label}-{index}", "intent": {"kind": "nextStep"}}
                    elif index == 8:  # refused when read (no such intent)
                        frame = {"type": "command", "id": f"{person.label}-{index}", "intent": {"kind": "nope"}}
                    else:
                        frame = {"type": "command", "id": f"{person.label}-{index}",
                                 "intent": {"kind": "activity", "intent": intent}}
                    sent.append(frame["id"])
                    await person.send(frame)
                await person.send({"type": "ping"})
                bursts[person.label] = sent
            for person in people:
                pong = await person.next_frame("pong", after=marks[person.label], what="the pong after the burst")
                answers = [f for f in person.since(marks[person.label]) if f["type"] in ("ack", "error", "pong")]
                assert answers[-1] is pong, "the pong answers after every command sent before it"
                ids = [f.get("id") for f in answers[:-1]]
                assert ids == bursts[person.label], f"{person.label}: answers in the order sent"
                refused = answers[5]
                assert refused["type"] == "error" and refused["code"] == "forbidden"
                assert answers[8]["type"] == "error" and answers[8]["code"] == "bad_request"
                seqs = [f["seq"] for f in answers[:-1] if f["type"] == "ack"]
                assert len(seqs) == 10 and seqs == sorted(set(seqs)), "one new event each, in order"
            # A burst then an immediate close: every command of it is stored before the close.
            ana = people[0]
            last = None
            for index in range(10):
                last = f"late-{index}"
                await ana.send({"type": "command", "id": last,
                                "intent": {"kind": "activity", "intent": {"kind": "markReady"}}})
            await ana.close()
            await lead.wait_for(lambda c: c.view["members"][people[0].participant]["online"] is False,
                                what="Ana offline after her burst")
            response = api(server, "GET", f"/api/sessions/{created['id']}/log")
            lines = [json.loads(line) for line in response.body.decode().splitlines() if line.strip()]
            commands = [line.get("command") for line in lines]
            assert [c for c in commands if c and c.startswith("late-")] == [f"late-{i}" for i in range(10)]
            presence = [i for i, line in enumerate(lines) if "presenceChanged" in json.dumps(line.get("event"))]
            assert presence and presence[-1] > commands.index("late-9"), "the close comes after the burst"

    run(body())
