"""End-to-end tests of live sessions over the ``atelier.v1`` protocol (docs/protocol.md).

Real clients (``session_client.SessionClient``) against a real ``atelier serve``:
every frame they receive is validated against docs/schema/, and each keeps the
view document merged from snapshots and RFC 7386 patches.
"""

from __future__ import annotations

import asyncio
import json
import re
import time

import pytest

from atelier_e2e import REPO_ROOT
from session_client import (
    TRAINER_TOKEN,
    Clients,
    all_see,
    api,
    create_session,
    merge_patch,
    message_errors,
    run,
    shared,
    start_server,
    view_errors,
)


@pytest.fixture
def server(atelier_factory):
    return start_server(atelier_factory)


async def open_workshop(clients: Clients, server, names=("Ana", "Bruno", "Chloé", "David", "Emma"),
                        template="accueil"):
    """A session created over HTTP, its lead facilitator (trainer token) and participants."""
    created = create_session(server, template)
    lead = await clients.new("lead")
    await lead.facilitate(created["id"], token=TRAINER_TOKEN)
    people = []
    for index, name in enumerate(names):
        person = await clients.new(f"p{index}")
        await person.join(created["joinCode"], name)
        people.append(person)
    everyone = [lead, *people]
    await all_see(everyone, lambda c: len(c.view["members"]) == len(everyone), "every member in the view")
    return created, lead, people


# --------------------------------------------------------------------------
# The helpers and schemas themselves
# --------------------------------------------------------------------------


@pytest.mark.parametrize("target, patch, result", [
    # RFC 7386, Appendix A.
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
])
def test_merge_patch_helper_follows_rfc7386(target, patch, result):
    before = json.dumps(target)
    assert merge_patch(target, patch) == result
    assert json.dumps(target) == before, "merge_patch must not mutate its target"


def test_schemas_accept_real_shapes_and_reject_loose_ones():
    view = {
        "session": {"id": "sabcdefabcdef", "title": "T", "locale": "fr", "joinCode": "K7MQ2X"},
        "agenda": {"current": 0, "steps": [{"title": "A", "activity": "briefing", "timeboxSeconds": 300}]},
        "timer": {"status": "idle", "durationMs": 300000},
        "members": {"p1": {"name": "Ana", "role": "facilitator", "online": True, "order": 0}},
        "hands": [],
        "activity": {"id": "briefing", "step": 0, "module": "/activities/briefing/index.js",
                     "view": {"instructions": "", "ready": [], "readyCount": 0}},
        "me": {"id": "p1", "name": "Ana", "role": "facilitator", "handRaised": False},
    }
    assert view_errors(view) is None
    assert message_errors({"type": "snapshot", "seq": 3, "epoch": 1, "view": view}) is None
    bad_views = {
        "a null inside": merge_patch(view, {"timer": {"status": "running"}}) | {"hands": [None]},
        "running without deadline": merge_patch(view, {"timer": {"status": "running"}}),
        "idle with a deadline": merge_patch(view, {"timer": {"deadline": 5}}),
        "unknown slice": view | {"extra": {}},
        "missing slice": {k: v for k, v in view.items() if k != "hands"},
        "bad member id": merge_patch(view, {"members": {"x1": {"name": "X", "role": "observer", "online": True,
                                                                "order": 1}}}),
        "unknown role": merge_patch(view, {"me": {"role": "king"}}),
        "a module outside its activity's folder": merge_patch(view, {"activity": {"module": "/activities/briefing.js"}}),
        "a briefing view its own schema refuses": merge_patch(view, {"activity": {"view": {"readyCount": -1}}}),
        "a peer-consultation view its own schema refuses": merge_patch(view, {"activity": {
            "id": "peer-consultation", "module": "/activities/peer-consultation/index.js"}}),
    }
    for problem, bad in bad_views.items():
        assert view_errors(bad) is not None, f"view.json should reject a view with {problem}"
    bad_frames = [
        {"type": "error", "code": "teapot", "message": "x"},
        {"type": "error", "code": "conflict"},
        {"type": "ack", "id": "c1", "seq": 4, "duplicate": False},
        {"type": "ack", "id": "c1", "seq": 4, "extra": 1},
        {"type": "pong", "seq": 1},
        {"type": "welcome", "session": "sabc", "participant": "p1", "role": "facilitator"},
        {"type": "patch", "seq": 2, "patch": {}},
        {"type": "patch", "seq": 2, "patch": {"hands": None}},
        {"type": "patch", "seq": 0, "patch": {"hands": []}},
        {"type": "surprise"},
        ["pong"],
    ]
    for frame in bad_frames:
        assert message_errors(frame) is not None, f"server-message.json should reject {frame}"
    good_frames = [
        {"type": "pong"},
        {"type": "ack", "id": "c1", "seq": 4},
        {"type": "ack", "id": "c1", "seq": 4, "duplicate": True},
        {"type": "error", "code": "rate_limited", "message": "slow down"},
        {"type": "error", "code": "forbidden", "message": "no", "id": "c9"},
        {"type": "patch", "seq": 9, "patch": {"members": {"p2": None}, "timer": {"deadline": None}}},
        {"type": "welcome", "session": "sabc", "participant": "p1", "role": "observer", "epoch": 1},
    ]
    for frame in good_frames:
        assert message_errors(frame) is None, f"server-message.json should accept {frame}: {message_errors(frame)}"


def test_each_activity_is_one_folder_of_the_web_client():
    """web/activities/<id>/ holds the module the server names (index.js), its strings
    (i18n.json, every locale, keys activity.<id>.*) and its view's schema
    (view.schema.json), which view-activity.json references by relative path."""
    activities = REPO_ROOT / "web" / "activities"
    folders = sorted(path for path in activities.iterdir() if path.is_dir())
    assert {"briefing", "peer-consultation"} <= {path.name for path in folders}
    assert sorted(path.name for path in activities.iterdir() if path.is_file()) == [], "activity files belong in their folder"
    view_activity = json.loads((REPO_ROOT / "docs" / "schema" / "view-activity.json").read_text(encoding="utf-8"))
    references = {branch["if"]["properties"]["id"]["const"]: branch["then"]["properties"]["view"]["$ref"]
                  for branch in view_activity["allOf"]}
    assert sorted(references) == [path.name for path in folders]
    for folder in folders:
        assert (folder / "index.js").is_file()
        strings = json.loads((folder / "i18n.json").read_text(encoding="utf-8"))
        assert sorted(strings) == ["en", "fr"] and strings["fr"], folder.name
        assert strings["fr"].keys() == strings["en"].keys(), f"{folder.name}: fr and en differ"
        assert all(key.startswith(f"activity.{folder.name}.") for key in strings["fr"]), folder.name
        schema = folder / "view.schema.json"
        assert (REPO_ROOT / "docs" / "schema" / references[folder.name]).resolve() == schema.resolve()
        assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == \
            f"https://atelier.invalid/web/activities/{folder.name}/view.schema.json"


def test_protocol_doc_examples_match_the_schemas():
    """Every server message and view shown as JSON in docs/protocol.md is valid."""
    text = (REPO_ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, flags=re.S)
    checked = 0
    for block in blocks:
        try:
            documents = [json.loads(block)]
        except ValueError:
            documents = []
            for line in block.splitlines():
                try:
                    documents.append(json.loads(line))
                except ValueError:
                    pass  # an abridged example ("{…}")
        for document in documents:
            if document.get("type") in ("welcome", "snapshot", "patch", "ack", "error", "pong"):
                assert message_errors(document) is None, f"{document}: {message_errors(document)}"
                checked += 1
            elif "session" in document and "me" in document:
                assert view_errors(document) is None, f"the view example: {view_errors(document)}"
                checked += 1
    assert checked >= 12, f"only {checked} examples found in docs/protocol.md"


# --------------------------------------------------------------------------
# HTTP API
# --------------------------------------------------------------------------


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/templates"), ("GET", "/api/sessions"), ("POST", "/api/sessions"),
])
@pytest.mark.parametrize("token", [None, "wrong-token-0123456789", ""], ids=["no-token", "wrong-token", "empty"])
def test_http_api_needs_the_trainer_token(server, method, path, token):
    body = {"template": "accueil"} if method == "POST" else None
    response = api(server, method, path, body, token=token)
    assert response.status == 401, f"{method} {path} with token {token!r} answered {response.status}"
    assert response.json()["error"]["code"] == "unauthorized", response.text
    assert response.header("www-authenticate") == "Bearer"
    assert api(server, "GET", "/api/sessions").json() == [], "a refused POST must not create a session"


def test_http_api_templates_and_sessions(server):
    templates = api(server, "GET", "/api/templates")
    assert templates.status == 200
    ids = [t["id"] for t in templates.json()]
    shipped = sorted(path.stem for path in (REPO_ROOT / "config" / "templates").glob("*.yaml"))
    assert ids == shipped and {"accueil", "welcome", "codeveloppement", "troika", "wise-crowds"} <= set(ids), ids
    accueil = templates.json()[0]
    assert accueil["locale"] == "fr" and [s["timeboxSeconds"] for s in accueil["steps"]] == [300, 180, 300]

    created = api(server, "POST", "/api/sessions", {"template": "welcome", "title": "  Cohort \t 12  "})
    assert created.status == 201, created.text
    session = created.json()
    assert set(session) == {"id", "title", "joinCode", "joinPath", "facilitatorInvite", "facilitatorPath"}
    assert session["title"] == "Cohort 12", "titles are trimmed and their whitespace collapsed"
    assert session["joinPath"] == f"/join/{session['joinCode']}"
    assert session["facilitatorPath"] == f"/console#session={session['id']}&invite={session['facilitatorInvite']}"

    listed = api(server, "GET", "/api/sessions").json()
    assert [(s["id"], s["template"], s["members"], s["currentStep"], s["steps"]) for s in listed] == [
        (session["id"], "welcome", 0, 0, 3)]

    for body, status, code in [
        ({"template": "nope"}, 404, "not_found"),
        ({"title": "no template"}, 400, "bad_request"),
        ({"template": "accueil", "title": "   "}, 400, "bad_request"),
        ({"template": "accueil", "title": "x" * 201}, 400, "bad_request"),
        ({"template": 5}, 400, "bad_request"),
    ]:
        response = api(server, "POST", "/api/sessions", body)
        assert (response.status, response.json()["error"]["code"]) == (status, code), (body, response.text)
    response = api(server, "POST", "/api/sessions", raw_body=b"{not json")
    assert response.status == 400 and response.json()["error"]["code"] == "bad_request"
    assert len(api(server, "GET", "/api/sessions").json()) == 1, "refused requests must not create sessions"


# --------------------------------------------------------------------------
# Joining
# --------------------------------------------------------------------------


def test_join_welcome_then_snapshot_with_every_slice(server):
    async def body():
        created = create_session(server, "welcome")
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            welcome = await lead.facilitate(created["id"], token=TRAINER_TOKEN)
            assert welcome["role"] == "facilitator" and welcome["participant"] == "p1"
            assert welcome["session"] == created["id"] and welcome["epoch"] == 1 and welcome.get("token")
            assert [f["type"] for f in lead.frames] == ["welcome", "snapshot"]
            assert lead.view["me"] == {"id": "p1", "name": "Facilitator", "role": "facilitator", "handRaised": False}
            assert lead.view["session"]["template"] == "welcome", "facilitators see the template"

            ana = await clients.new("ana")
            welcome = await ana.join(created["joinCode"].lower(), "Ana")  # codes are case-insensitive
            assert welcome["role"] == "participant" and welcome["participant"] == "p2" and welcome.get("token")
            assert [f["type"] for f in ana.frames] == ["welcome", "snapshot"]
            view = ana.view
            assert set(view) == {"session", "agenda", "timer", "members", "hands", "activity", "me"}
            assert view["session"] == {"id": created["id"], "title": "Cohort welcome", "locale": "en",
                                       "joinCode": created["joinCode"]}, "participants do not see the template"
            assert view["agenda"]["current"] == 0
            assert [s["title"] for s in view["agenda"]["steps"]] == ["Welcome", "Ground rules", "Closing"]
            assert view["timer"] == {"status": "idle", "durationMs": 300000}
            assert view["members"] == {
                "p1": {"name": "Facilitator", "role": "facilitator", "online": True, "order": 0},
                "p2": {"name": "Ana", "role": "participant", "online": True, "order": 1},
            }
            assert view["hands"] == []
            assert view["activity"]["id"] == "briefing" and view["activity"]["step"] == 0
            assert view["activity"]["module"] == "/activities/briefing/index.js"
            assert view["activity"]["view"]["instructions"].startswith("Welcome to the workshop!")
            assert view["me"] == {"id": "p2", "name": "Ana", "role": "participant", "handRaised": False}
            await lead.wait_for(lambda c: "p2" in c.view["members"], what="the lead to see Ana join")
            assert ana.seq == lead.seq, "a joiner's snapshot and the others' patch describe the same seq"

            spaced = await clients.new("spaced")
            code = created["joinCode"]
            await spaced.join(f" {code[:3]}-{code[3:]} ", "Spaced")  # spaces and dashes are ignored
            watcher = await clients.new("watcher")
            welcome = await watcher.join(created["joinCode"], "Watcher", role="observer")
            assert welcome["role"] == "observer" and watcher.view["me"]["role"] == "observer"
            assert shared(watcher.view) == shared(ana.view) | {"members": watcher.view["members"]}

    run(body())


def test_display_names_are_cleaned_capped_and_made_unique(server):
    async def body():
        created = create_session(server)
        code = created["joinCode"]
        long_name = "É" * 100
        cases = [
            ("  Ana   Maria  ", "Ana Maria"),
            ("ana maria", "ana maria (2)"),            # unique case-insensitively
            ("Ana\tMaria\n", "Ana Maria (3)"),         # control whitespace separates words
            ("Zoé\u0007\u0000", "Zoé"),                 # other control characters go
            (long_name, "É" * 60),                      # capped at 60 characters
            (long_name, "É" * 56 + " (2)"),             # the suffix fits within 60
            ("A" * 59 + " BCD", "A" * 59),              # no trailing space after the cut
            ("Animation", "Animation (2)"),             # the fr facilitator's default name is taken
        ]
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN)
            assert lead.view["me"]["name"] == "Animation"
            people = []
            for index, (raw, expected) in enumerate(cases):
                person = await clients.new(f"n{index}")
                await person.join(code, raw)
                assert person.view["me"]["name"] == expected, f"join name {raw!r}"
                people.append(person)
            expected_names = {"Animation"} | {expected for _, expected in cases}
            await all_see([lead, *people], lambda c: {m["name"] for m in c.view["members"].values()} == expected_names,
                          "every member listed with the cleaned names")
            for raw in ["", "   ", "\u0000\u0001\u0002", "\n\t"]:
                refused = await clients.new("nameless")
                await refused.join(code, raw, expect_error="bad_request")
                await refused.ping()  # still open and usable

    run(body())


# --------------------------------------------------------------------------
# Agenda, timer, activity
# --------------------------------------------------------------------------


def test_agenda_moves_and_every_view_follows(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server)
            watcher = await clients.new("watcher")
            await watcher.join(created["joinCode"], "Watcher", role="observer")
            everyone = [lead, *people, watcher]
            await all_see(everyone, lambda c: len(c.view["members"]) == 7, "the observer listed")

            for intent, expected in [({"kind": "nextStep"}, 1), ({"kind": "goToStep", "index": 2}, 2),
                                     ({"kind": "previousStep"}, 1), ({"kind": "goToStep", "index": 0}, 0)]:
                ack = await lead.command(**intent)

                def follows(c, expected=expected, ack=ack):
                    return c.seq >= ack["seq"] and c.view["agenda"]["current"] == expected

                await all_see(everyone, follows, f"agenda step {expected} after {intent}")
                for client in everyone:
                    view = client.view
                    assert view["activity"]["step"] == expected, client
                    assert view["timer"] == {
                        "status": "idle", "durationMs": view["agenda"]["steps"][expected]["timeboxSeconds"] * 1000}
                assert len({json.dumps(shared(c.view), sort_keys=True) for c in everyone}) == 1, \
                    "every audience sees the same agenda, timer, members, hands and activity"
            same = await lead.command("goToStep", index=0)
            assert same["type"] == "ack", "going to the current step is a no-op that is acknowledged"

    run(body())


def test_timer_started_for_one_second_elapses_for_everyone(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server)
            started_at = time.time() * 1000
            await lead.command("startTimer", seconds=1)
            await all_see([lead, *people], lambda c: c.view["timer"]["status"] == "running", "the timer running")
            deadline = lead.view["timer"]["deadline"]
            assert lead.view["timer"]["durationMs"] == 1000
            assert started_at - 2000 < deadline - 1000 < time.time() * 1000 + 2000, "deadline = start + 1 s (ms)"
            await all_see([lead, *people], lambda c: c.view["timer"]["status"] == "elapsed", "the timer elapsed", 5)
            seen_at = time.time() * 1000
            assert seen_at >= deadline - 100, "the timer must not elapse before its deadline"
            for client in [lead, *people]:
                assert client.view["timer"] == {"status": "elapsed", "durationMs": 1000, "remainingMs": 0}

    run(body())


def test_timer_pause_resume_extend_reset(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana",))
            ana = people[0]
            await lead.command("startTimer")  # the step's timebox: 5 minutes
            await ana.wait_for(lambda c: c.view["timer"]["status"] == "running", what="running")
            assert ana.view["timer"]["durationMs"] == 300_000
            await lead.command("pauseTimer")
            await ana.wait_for(lambda c: c.view["timer"]["status"] == "paused", what="paused")
            assert "deadline" not in ana.view["timer"]
            assert 290_000 < ana.view["timer"]["remainingMs"] <= 300_000
            remaining = ana.view["timer"]["remainingMs"]
            await lead.command("extendTimer", seconds=60)
            await ana.wait_for(lambda c: c.view["timer"]["durationMs"] == 360_000, what="extended")
            assert ana.view["timer"]["remainingMs"] == remaining + 60_000
            await lead.command("resumeTimer")
            await ana.wait_for(lambda c: c.view["timer"]["status"] == "running", what="running again")
            assert "remainingMs" not in ana.view["timer"]
            await lead.command("resetTimer")
            await ana.wait_for(lambda c: c.view["timer"]["status"] == "idle", what="idle after reset")
            assert ana.view["timer"] == {"status": "idle", "durationMs": 300_000}

    run(body())


def test_briefing_ready_flows_to_the_facilitator(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server)
            ids = [p.participant for p in people]
            await people[3].activity("markReady")
            await people[1].activity("markReady")
            await people[1].activity("markReady")  # already ready: acknowledged, no change
            expected = sorted([ids[1], ids[3]])
            await lead.wait_for(lambda c: c.view["activity"]["view"]["ready"] == expected, what="two ready")
            assert lead.view["activity"]["view"]["readyCount"] == 2
            await all_see(people, lambda c: c.view["activity"]["view"]["readyCount"] == 2, "readiness shared")
            await people[3].activity("markNotReady")
            await lead.wait_for(lambda c: c.view["activity"]["view"]["ready"] == [ids[1]], what="one ready")

            await lead.activity("markReady", expect_error="forbidden")
            await people[0].activity("updateInstructions", text="hijack", expect_error="forbidden")
            await people[0].activity("resetReady", expect_error="forbidden")
            await lead.activity("updateInstructions", text="New **rules**", link="https://example.org/doc")
            await all_see(people, lambda c: c.view["activity"]["view"].get("link") == "https://example.org/doc",
                          "the new link")
            assert people[0].view["activity"]["view"]["instructions"] == "New **rules**"
            await lead.activity("updateInstructions", text="No link")
            await all_see(people, lambda c: "link" not in c.view["activity"]["view"], "the link removed (null patch)")
            await lead.activity("resetReady")
            await lead.wait_for(lambda c: c.view["activity"]["view"]["ready"] == [], what="readiness reset")

            await people[2].activity("markReady")
            await lead.command("nextStep")
            await lead.wait_for(lambda c: c.view["activity"]["step"] == 1, what="step 1")
            assert lead.view["activity"]["view"]["ready"] == [], "each step has its own activity state"
            await lead.command("previousStep")
            await lead.wait_for(lambda c: c.view["activity"]["view"]["ready"] == [ids[2]],
                                what="step 0's readiness kept")

    run(body())


# --------------------------------------------------------------------------
# Presence, cut connections and resume
# --------------------------------------------------------------------------


def test_cut_connection_resumes_with_exactly_the_missed_patches(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server)
            victim = people[2]
            others = [lead, *people[:2], *people[3:]]
            pid, token, epoch = victim.participant, victim.token, victim.epoch
            await victim.wait_for(lambda c: c.seq == lead.seq, what="the victim up to date")
            seen_before = [f["seq"] for f in victim.frames if f["type"] in ("snapshot", "patch")]
            last_seq, held_view = victim.seq, victim.view

            victim.cut()
            await all_see(others, lambda c: c.view["members"][pid]["online"] is False, "the victim offline")

            # While it is away the session moves on.
            await lead.command("nextStep")
            await lead.command("startTimer", seconds=600)
            await people[0].command("raiseHand")
            await people[4].command("raiseHand")
            await people[1].activity("markReady")
            await lead.command("lowerHand", participant=people[0].participant)
            await lead.activity("updateInstructions", text="While you were away")
            late = await clients.new("late")
            await late.join(created["joinCode"], "Late")
            await lead.wait_for(lambda c: c.view["activity"]["view"]["instructions"] == "While you were away"
                                and late.participant in c.view["members"] and c.view["hands"] == [people[4].participant],
                                what="the lead to see every change")

            back = await clients.new("victim-back")
            resumed = await back.resume(created["id"], pid, token, epoch, last_seq, view=held_view)
            welcome = resumed["welcome"]
            assert welcome == {"type": "welcome", "session": created["id"], "participant": pid,
                               "role": "participant", "epoch": epoch}, "resume's welcome carries no new token"
            assert resumed["mode"] == "patches", f"expected the missed patches, got {resumed['frames']}"
            frames = resumed["frames"]
            assert all(f["type"] == "patch" for f in frames), frames
            shared_patches, me_patch = frames[:-1], frames[-1]
            seqs = [f["seq"] for f in shared_patches]
            assert shared_patches, "the victim missed several patches"
            assert all(a < b for a, b in zip(seqs, seqs[1:])), f"patch seqs must strictly increase: {seqs}"
            assert min(seqs) > last_seq, f"no patch at or before the last seen seq {last_seq}: {seqs}"
            assert not set(seqs) & set(seen_before), "no patch received twice"
            assert all("me" not in f["patch"] for f in shared_patches)
            assert set(me_patch["patch"]) == {"me"} and me_patch["seq"] == seqs[-1], me_patch
            assert [f["type"] for f in back.frames][:1] == ["welcome"]
            # docs/protocol.md: "Your own return (`online: true`) is among them", and a marker ends it.
            returned = [f for f in shared_patches
                        if (f["patch"].get("members") or {}).get(pid, {}).get("online") is True]
            assert returned, f"the member's return is not among the missed patches: {shared_patches}"
            assert resumed["resumed"] == {"type": "resumed", "seq": me_patch["seq"], "mode": "patches"}
            assert back.frames.index(resumed["resumed"]) == back.frames.index(me_patch) + 1

            await all_see(others, lambda c: c.view["members"][pid]["online"] is True, "the victim online again")

            # No gap: the view merged from the missed patches equals a fresh snapshot.
            fresh = await clients.new("victim-fresh")
            resumed_fresh = await fresh.resume(created["id"], pid, token, epoch, 0)
            assert resumed_fresh["mode"] == "snapshot", "seq 0 is older than the member: snapshot"
            await back.wait_for(lambda c: c.seq >= fresh.seq, what="the same seq as the fresh snapshot")
            assert back.seq == fresh.seq
            assert back.view == fresh.view, "merged view differs from a fresh snapshot at the same seq"
            await lead.wait_for(lambda c: c.seq >= back.seq, what="the lead at the same seq")
            assert shared(back.view) == shared(lead.view), "the resumed view differs from the facilitator's"
            assert back.view["timer"]["status"] == "running" and back.view["agenda"]["current"] == 1
            assert back.view["hands"] == [people[4].participant]
            assert back.view["activity"]["view"]["ready"] == [people[1].participant]

            # The resumed member acts as itself.
            await back.command("raiseHand")
            await lead.wait_for(lambda c: c.view["hands"] == [people[4].participant, pid], what="the victim's hand")

    run(body())


def test_resume_gets_a_snapshot_when_it_cannot_be_served_from_patches(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana", "Bruno"))
            ana = people[0]
            pid, token = ana.participant, ana.token
            await ana.close()
            await lead.wait_for(lambda c: c.view["members"][pid]["online"] is False, what="Ana offline")
            await lead.command("nextStep")
            for label, epoch, seq in [("other epoch", 2, lead.seq), ("seq from the future", 1, lead.seq + 1000),
                                      ("seq before the member existed", 1, 1)]:
                again = await clients.new(f"again-{label}")
                resumed = await again.resume(created["id"], pid, token, epoch, seq)
                assert resumed["mode"] == "snapshot", f"{label}: {resumed['frames']}"
                assert again.view["agenda"]["current"] == 1 and again.view["me"]["id"] == pid
                assert again.epoch == 1, "the snapshot tells the current epoch"
                await again.close()
                await lead.wait_for(lambda c: c.view["members"][pid]["online"] is False, what="Ana offline again")

    run(body())


@pytest.mark.slow
def test_resume_after_a_gap_older_than_the_kept_patches_gets_a_snapshot(atelier_factory):
    fast = start_server(atelier_factory, limits={"updates_per_second": 1000, "messages_per_second": 10000,
                                                  "message_burst": 100000})

    async def body():
        async with Clients(fast) as clients:
            created, lead, people = await open_workshop(clients, fast, names=("Ana", "Bruno"))
            ana, bruno = people
            pid, token, last_seq = ana.participant, ana.token, ana.seq
            ana.cut()
            await lead.wait_for(lambda c: c.view["members"][pid]["online"] is False, what="Ana offline")
            await lead.command("startTimer", seconds=600)
            mark = bruno.mark()
            for _ in range(700):
                await lead.command("extendTimer", seconds=1)
                await asyncio.sleep(0.002)
            await bruno.wait_for(lambda c: c.view["timer"]["durationMs"] == 1_300_000, what="all extensions")
            patches = len(bruno.since(mark, "patch"))
            assert patches > 520, f"precondition: more patches than the ring keeps (512), got {patches}"
            back = await clients.new("back")
            resumed = await back.resume(created["id"], pid, token, 1, last_seq)
            assert resumed["mode"] == "snapshot", "a gap older than the kept patches needs a snapshot"
            assert back.view["timer"]["durationMs"] == 1_300_000

    run(body())


def test_member_with_two_connections_stays_online_until_both_close(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana",))
            ana = people[0]
            pid = ana.participant
            second = await clients.new("ana-2")
            resumed = await second.resume_from(ana)
            assert resumed["mode"] == "patches" and len(resumed["frames"]) == 1, \
                "an up-to-date resume gets only the `me` patch"
            await lead.command("nextStep")
            await all_see([ana, second], lambda c: c.view["agenda"]["current"] == 1, "both connections follow")
            await second.command("raiseHand")
            await ana.wait_for(lambda c: c.view["me"]["handRaised"] is True, what="the other connection's hand")
            await ana.close()
            assert (await lead.quiet(0.3)) == [], "one connection left: still online, no patch"
            assert lead.view["members"][pid]["online"] is True
            await second.close()
            await lead.wait_for(lambda c: c.view["members"][pid]["online"] is False, what="offline at last")

    run(body())


# --------------------------------------------------------------------------
# Idempotency and coalescing
# --------------------------------------------------------------------------


def test_retried_command_id_is_acknowledged_once(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana", "Bruno"))
            ana, bruno = people
            first = await lead.command("nextStep", command_id="move-1")
            assert "duplicate" not in first
            await ana.wait_for(lambda c: c.view["agenda"]["current"] == 1, what="step 1")
            mark = ana.mark()
            retry = await lead.command("nextStep", command_id="move-1")
            assert retry == {"type": "ack", "id": "move-1", "seq": first["seq"], "duplicate": True}
            # Even a different intent under a known id is the same command: no second effect.
            retry = await lead.command("goToStep", index=2, command_id="move-1")
            assert retry["duplicate"] is True and retry["seq"] == first["seq"]
            assert await ana.quiet(0.3) == [], "a retried command must not produce patches"
            assert ana.view["agenda"]["current"] == 1 and lead.view["agenda"]["current"] == 1
            assert ana.mark() == mark

            # Ids are per member: Ana's "move-1" is a new command.
            own = await ana.command("raiseHand", command_id="move-1")
            assert "duplicate" not in own
            # A no-op command is remembered too.
            noop = await ana.command("raiseHand", command_id="again")
            assert "duplicate" not in noop
            assert (await ana.command("raiseHand", command_id="again")) == {
                "type": "ack", "id": "again", "seq": noop["seq"], "duplicate": True}
            # A refused command is not remembered: retrying it is judged again.
            await bruno.command("nextStep", command_id="nope", expect_error="forbidden")
            await bruno.command("nextStep", command_id="nope", expect_error="forbidden")

    run(body())


def test_patches_are_coalesced(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana",))
            ana = people[0]
            await lead.command("startTimer", seconds=600)
            await ana.wait_for(lambda c: c.view["timer"]["status"] == "running", what="running")
            await asyncio.sleep(0.2)
            mark = ana.mark()
            ids = [f"extend-{n}" for n in range(30)]
            for command_id in ids:  # sent back to back, without waiting
                await lead.send({"type": "command", "id": command_id,
                                 "intent": {"kind": "extendTimer", "seconds": 1}})
            await lead.wait_for(lambda c: {f.get("id") for f in c.frames if f["type"] == "ack"} >= set(ids),
                                what="30 acks")
            await ana.wait_for(lambda c: c.view["timer"]["durationMs"] == 630_000, what="all 30 extensions")
            await asyncio.sleep(0.2)
            patches = ana.since(mark, "patch")
            assert len(patches) <= 5, (
                f"30 commands within a few milliseconds should be coalesced into a few patches "
                f"(at most 20 flushes per second), got {len(patches)}")

    run(body())


# --------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------


def test_cofacilitator_promotion_and_hand_over(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana", "Bruno", "Chloé"))
            ana, bruno, chloe = people
            everyone = [lead, *people]

            await lead.command("setRole", participant=ana.participant, role="cofacilitator")
            await ana.wait_for(lambda c: c.view["me"]["role"] == "cofacilitator", what="Ana promoted")
            assert ana.view["session"].get("template") == "accueil", "a co-facilitator sees the facilitator view"
            assert ana.since(0, "snapshot")[-1]["view"]["me"]["role"] == "cofacilitator", \
                "a role change re-syncs the member with a snapshot"
            await all_see(everyone, lambda c: c.view["members"][ana.participant]["role"] == "cofacilitator",
                          "Ana listed as co-facilitator")

            await ana.command("nextStep")
            await ana.command("startTimer", seconds=60)
            await ana.command("setRole", participant=bruno.participant, role="observer")
            await bruno.wait_for(lambda c: c.view["me"]["role"] == "observer", what="Bruno observer")
            assert "template" not in bruno.view["session"]
            await bruno.command("raiseHand", expect_error="forbidden")
            await ana.command("setRole", participant=bruno.participant, role="participant")
            await bruno.wait_for(lambda c: c.view["me"]["role"] == "participant", what="Bruno back")
            await ana.command("setRole", participant=chloe.participant, role="cofacilitator", expect_error="forbidden")
            await ana.command("setRole", participant=lead.participant, role="participant", expect_error="forbidden")
            await ana.command("handOver", participant=chloe.participant, expect_error="forbidden")
            await ana.command("remove", participant=lead.participant, expect_error="forbidden")
            await lead.command("setRole", participant=chloe.participant, role="facilitator",
                               expect_error="bad_request")

            await lead.command("handOver", participant=ana.participant)
            await ana.wait_for(lambda c: c.view["me"]["role"] == "facilitator", what="Ana leads")
            await lead.wait_for(lambda c: c.view["me"]["role"] == "cofacilitator", what="the old lead demoted")
            await all_see(everyone, lambda c: c.view["members"][ana.participant]["role"] == "facilitator"
                          and c.view["members"][lead.participant]["role"] == "cofacilitator", "the new roles")
            await lead.command("handOver", participant=bruno.participant, expect_error="forbidden")
            await ana.command("handOver", participant=ana.participant, expect_error="conflict")
            await lead.command("nextStep")  # a co-facilitator still runs the agenda

            second = await clients.new("trainer-2")
            welcome = await second.facilitate(created["id"], token=TRAINER_TOKEN, name="Second trainer")
            assert welcome["role"] == "cofacilitator", "a facilitator joining while there is a lead co-facilitates"
            invited = await clients.new("invited")
            welcome = await invited.facilitate(created["id"], invite=created["facilitatorInvite"])
            assert welcome["role"] == "cofacilitator"
            assert invited.view["me"]["name"] == "Animation (2)"

    run(body())


def test_hands_queue(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana", "Bruno", "Chloé", "David"))
            ana, bruno, chloe, david = people
            for person in (ana, chloe, bruno):
                await person.command("raiseHand")
            order = [ana.participant, chloe.participant, bruno.participant]
            await all_see([lead, *people], lambda c: c.view["hands"] == order, "hands in raising order")
            assert [p.view["me"]["handRaised"] for p in people] == [True, True, True, False]
            await ana.command("raiseHand")  # already raised: no-op, keeps her place
            await lead.command("lowerHand", participant=chloe.participant)  # giving the floor
            await all_see(people, lambda c: c.view["hands"] == [ana.participant, bruno.participant], "Chloé's lowered")
            await chloe.wait_for(lambda c: c.view["me"]["handRaised"] is False, what="Chloé's own flag")
            await david.command("lowerHand", participant=bruno.participant, expect_error="forbidden")
            await ana.command("lowerHand")
            await lead.wait_for(lambda c: c.view["hands"] == [bruno.participant], what="Ana lowered her hand")
            await lead.command("raiseHand", expect_error="forbidden")
            await lead.command("setRole", participant=bruno.participant, role="observer")
            await all_see([lead, ana, chloe], lambda c: c.view["hands"] == [], "an observer has no raised hand")

    run(body())


def test_observers_cannot_act(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana",))
            watcher = await clients.new("watcher")
            await watcher.join(created["joinCode"], "Watcher", role="observer")
            await lead.wait_for(lambda c: watcher.participant in c.view["members"], what="the observer listed")
            before = json.dumps(lead.view, sort_keys=True)
            mark = lead.mark()
            for intent in [{"kind": "raiseHand"}, {"kind": "lowerHand"}, {"kind": "nextStep"},
                           {"kind": "goToStep", "index": 1}, {"kind": "startTimer", "seconds": 5},
                           {"kind": "setRole", "participant": watcher.participant, "role": "participant"},
                           {"kind": "handOver", "participant": watcher.participant},
                           {"kind": "remove", "participant": people[0].participant},
                           {"kind": "activity", "intent": {"kind": "markReady"}}]:
                await watcher.command_intent(intent, expect_error="forbidden")
            assert await lead.quiet(0.3) == [] and lead.mark() == mark, "refused commands change nothing"
            assert json.dumps(lead.view, sort_keys=True) == before

    run(body())


# --------------------------------------------------------------------------
# Removal
# --------------------------------------------------------------------------


def test_remove_closes_the_member_with_4001(server):
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server, names=("Ana", "Bruno", "Chloé"))
            ana, bruno, chloe = people
            await bruno.command("raiseHand")
            await lead.wait_for(lambda c: c.view["hands"] == [bruno.participant], what="Bruno's hand")
            await lead.command("remove", participant=bruno.participant)
            code, reason = await bruno.wait_closed()
            assert code == 4001, f"a removed member is closed with 4001, got {code} {reason!r}"
            await all_see([lead, ana, chloe], lambda c: bruno.participant not in c.view["members"]
                          and c.view["hands"] == [], "Bruno gone from members and hands")
            again = await clients.new("bruno-again")
            await again.resume(created["id"], bruno.participant, bruno.token, bruno.epoch, bruno.seq,
                               expect_error="forbidden")
            await again.ping()
            await lead.command("remove", participant=bruno.participant, expect_error="not_found")
            await lead.command("remove", participant=lead.participant, expect_error="bad_request")
            newcomer = await clients.new("newcomer")
            await newcomer.join(created["joinCode"], "Bruno")
            assert newcomer.view["me"]["name"] == "Bruno", "a removed member's name is free again"

    run(body())


def test_removed_member_is_told_why_before_the_close(server):
    """docs/protocol.md: a removed member gets an `error` (forbidden), then close 4001.

    Five members are removed one by one, because losing the error frame is a race in the
    server: one removal may get it by luck."""
    async def body():
        async with Clients(server) as clients:
            created, lead, people = await open_workshop(clients, server)
            missing = []
            for person in people:
                mark = person.mark()
                await lead.command("remove", participant=person.participant)
                code, _ = await person.wait_closed()
                assert code == 4001
                errors = [e["code"] for e in person.since(mark, "error")]
                if errors != ["forbidden"]:
                    missing.append(f"{person.participant}: frames after the remove {person.since(mark)}")
            assert not missing, (
                f"{len(missing)} of {len(people)} removed members got close 4001 without the error frame "
                f"(forbidden) that says why:\n" + "\n".join(missing))

    run(body())
