"""A stored session that does not rebuild never stops the server (docs/architecture.md, "Recovery").

A server writes three sessions and stops. One loses its whole log (what a crash between
separate writes used to leave: a session row and no first event), one gets an event that
no longer decodes, one stays sound. The server starts anyway, serves the sound one,
refuses the damaged ones with ``unavailable``, says ``degraded`` with the count in
``/healthz``, counts them in ``/metrics`` and names them in its log. ``atelier sessions
list`` marks them; ``atelier sessions repair`` keeps what rebuilds or moves the session
aside, says which, and deletes nothing; the next start is healthy.
"""

from __future__ import annotations

import json
import sqlite3

from playwright.sync_api import expect, sync_playwright

from atelier_e2e import fetch_metrics, http_get, metric_value, run_cli
from browser_support import CHROMIUM, PageWatcher, screenshot
from recovery_support import STORE_FILE, serve
from session_client import TRAINER_TOKEN, SessionClient, api, create_session, run


def sessions_cli(*args, data_dir):
    return run_cli(["sessions", *args, "--data-dir", str(data_dir)])


def console_shows_damaged_sessions(server, sound: dict, damaged: list[dict]) -> None:
    """The trainer's console lists the damaged sessions (they do not silently vanish), says
    they are unavailable and what to do, and offers no way to open them; at 1366 px, on a
    360 px phone and at 1920 px, in French, without a console error."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for width, height, name in ((1366, 900, "console-damaged"), (360, 740, "console-damaged-phone"),
                                        (1920, 1080, "console-damaged-projector")):
                context = browser.new_context(base_url=f"http://127.0.0.1:{server.port}", locale="fr-FR",
                                              viewport={"width": width, "height": height})
                page = context.new_page()
                watcher = PageWatcher(name)
                watcher.attach(page)
                page.goto(f"/console#token={TRAINER_TOKEN}")
                expect(page.locator("#dashboard-view")).to_be_visible()
                for created in damaged:
                    session_id = created["id"]
                    item = page.locator(f'[data-session="{session_id}"]')
                    expect(item).to_contain_text("Indisponible : ses données enregistrées sont endommagées")
                    expect(item).to_contain_text(f"atelier sessions repair {session_id}")
                    expect(item.locator("button")).to_have_count(0)
                sound_id = sound["id"]
                expect(page.locator(f'[data-session="{sound_id}"] button')).to_have_text("Ouvrir")
                screenshot(page, name)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: wider than the screen"
                assert not watcher.problems, watcher.problems
                context.close()
        finally:
            browser.close()


def test_damaged_sessions_are_set_aside_and_repaired(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    server = serve(atelier_factory, data_dir)
    sound, headless, garbled = (create_session(server, title=title) for title in ("Sound", "Headless", "Garbled"))

    async def members():
        for created in (sound, garbled):
            for name in ("Ana", "Léo"):
                client = await SessionClient.connect(server, name)
                await client.join(created["joinCode"], name)
                await client.close()

    run(members())
    server.stop()

    with sqlite3.connect(data_dir / STORE_FILE) as db:
        db.execute("DELETE FROM events WHERE session_id = ?", (headless["id"],))
        db.execute("DELETE FROM snapshots WHERE session_id = ?", (garbled["id"],))
        db.execute("UPDATE events SET payload = '{\"seq\": 2, \"event\": {\"dance\": {}}' "
                   "WHERE session_id = ? AND seq = 2", (garbled["id"],))
        garbled_events = db.execute("SELECT count(*) FROM events WHERE session_id = ?", (garbled["id"],)).fetchone()[0]
    db.close()

    # The server starts and serves the sound session; the damaged ones are named, counted and refused.
    server = serve(atelier_factory, data_dir)
    health = http_get(server, "/healthz").json()
    assert health["status"] == "degraded" and health["damaged_sessions"] == 2, health
    assert metric_value(fetch_metrics(server), "atelier_sessions_damaged") == 2
    log = server.output("stderr")
    for created, reason in ((headless, "the log is empty"), (garbled, "the event at seq 2 does not decode")):
        assert created["id"] in log and reason in log, f"the log must name {created['id']} and why:\n{log[-3000:]}"
    listed = {s["id"]: s for s in api(server, "GET", "/api/sessions").json()}
    assert set(listed) == {sound["id"], headless["id"], garbled["id"]}, listed
    assert "damage" not in listed[sound["id"]]
    assert listed[garbled["id"]]["damage"] == "the event at seq 2 does not decode"
    assert listed[headless["id"]]["title"] == "Headless", "a damaged session keeps the title its record holds"
    console_shows_damaged_sessions(server, sound, [headless, garbled])

    async def joins():
        client = await SessionClient.connect(server, "chloe")
        welcome = await client.join(sound["joinCode"], "Chloé")
        assert welcome["session"] == sound["id"]
        await client.close()
        for created in (headless, garbled):
            client = await SessionClient.connect(server, "zoe")
            refused = await client.join(created["joinCode"], "Zoé", expect_error="unavailable")
            assert "repair" in refused["message"], refused
            await client.close()

    run(joins())
    refused = sessions_cli("repair", garbled["id"], data_dir=data_dir)
    assert refused.returncode != 0, "repair must refuse while a server uses the data directory"
    server.stop()

    # The operator's view and the repair.
    table = sessions_cli("list", data_dir=data_dir)
    assert table.returncode == 0, table.stderr
    rows = {line.split("\t")[0]: line for line in table.stdout.splitlines()[1:]}
    assert "\tok\t" in rows[sound["id"]]
    assert "DAMAGED (the log is empty" in rows[headless["id"]]
    assert "DAMAGED (the event at seq 2 does not decode)" in rows[garbled["id"]]
    assert "2 damaged session(s)" in table.stdout
    listed = {s["id"]: s for s in json.loads(sessions_cli("list", "--json", data_dir=data_dir).stdout)}
    assert listed[sound["id"]].get("damage") is None and listed[garbled["id"]]["damage"]

    untouched = sessions_cli("repair", sound["id"], data_dir=data_dir)
    assert untouched.returncode == 0 and "not damaged" in untouched.stdout, untouched
    moved = sessions_cli("repair", headless["id"], data_dir=data_dir)
    assert moved.returncode == 0 and f"moved session {headless['id']} aside" in moved.stdout, moved
    rebuilt = sessions_cli("repair", garbled["id"], data_dir=data_dir)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"rebuilt session {garbled['id']} from its first 1 of {garbled_events} events" in rebuilt.stdout, rebuilt
    aside = {s["id"]: s for s in json.loads(sessions_cli("list", "--set-aside", "--json", data_dir=data_dir).stdout)}
    assert aside[headless["id"]]["keptLive"] == 0 and aside[headless["id"]]["events"] == 0
    assert aside[garbled["id"]]["keptLive"] == 1 and aside[garbled["id"]]["events"] == garbled_events
    with sqlite3.connect(data_dir / STORE_FILE) as db:
        kept = db.execute("SELECT count(*) FROM set_aside_events WHERE session_id = ?", (garbled["id"],)).fetchone()[0]
    db.close()
    assert kept == garbled_events, "the whole log as it was is kept aside"

    # The next start is healthy and serves what was rebuilt.
    server = serve(atelier_factory, data_dir)
    assert http_get(server, "/healthz").json()["status"] == "ok"

    async def rejoin():
        client = await SessionClient.connect(server, "ana")
        welcome = await client.join(garbled["joinCode"], "Ana")
        assert welcome["session"] == garbled["id"]
        await client.close()

    run(rejoin())
