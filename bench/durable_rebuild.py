"""The rebuild half of ``bench/durable.py``: a session's log filled to N events by the
toggling load, then the server started again on that data directory, N times over: the
time to its ``listening on`` line and to an observer's first snapshot (served), with
snapshots (the default) and without (the whole log replayed), against an empty start."""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from picows import WSMsgType, ws_connect

from durable_load import SUBPROTOCOL, Load, Participant, close_all, join_all, stop_sending
from durable_server import Server, api, server_env




async def fill_log(binary: Path, data_dir: Path, events: int, snapshot_every: int | None, args) -> dict:
    """One session whose log reaches ``events`` events, written by the toggling load."""
    server = Server(binary, data_dir, server_env("normal", snapshot_every))
    try:
        created = api(server.port, "POST", "/api/sessions", {"template": "welcome", "title": "Rebuild"})
        load = Load(args.window)
        people = await join_all(server.port, [created["joinCode"]], args.participants, load)
        load.sending = True
        for person in people:
            person.fill()
        started = time.perf_counter()
        while True:
            seq = load.acks_total + args.participants * 2  # acks so far, plus joins and presences
            if seq >= events:
                break
            if time.perf_counter() - started > 600:
                raise RuntimeError(f"could not write {events} events in 10 minutes")
            await asyncio.sleep(0.05)
        await stop_sending(people, load)
        await close_all(people)
        await asyncio.sleep(0.3)
        session = next(s for s in api(server.port, "GET", "/api/sessions") if s["id"] == created["id"])
    finally:
        server.stop()
    return {"session": created["id"], "join_code": created["joinCode"], "events": session["seq"],
            "fill_seconds": round(time.perf_counter() - started, 1)}


async def observe(port: int, code: str) -> float:
    """Joins as an observer; returns when the first snapshot arrived (perf_counter)."""
    load = Load(1)
    transport, listener = await ws_connect(lambda: Participant(load, "observer"), f"ws://127.0.0.1:{port}/ws",
                                           websocket_handshake_timeout=30,
                                           extra_headers={"Sec-WebSocket-Protocol": SUBPROTOCOL})
    transport.send(WSMsgType.TEXT, json.dumps({"type": "join", "code": code, "name": "Observer",
                                               "role": "observer"}).encode())
    await asyncio.wait_for(listener.joined, 60)
    served = time.perf_counter()
    transport.send_close()
    transport.disconnect()
    return served


async def start_once(binary: Path, data_dir: Path, code: str | None) -> dict:
    server = Server(binary, data_dir, server_env("full"))
    try:
        listening = server.startup_seconds
        cpu_at_listening = server.cpu_seconds()
        served = (await observe(server.port, code)) - server.started_at if code else None
        restored = [line for line in server.tail if "sessions restored" in line]
    finally:
        server.stop()
    return {"to_listening_s": round(listening, 4), "to_served_s": round(served, 4) if served else None,
            "server_cpu_at_listening_s": round(cpu_at_listening, 3), "restored_log": restored[:1]}


async def rebuild_runs(binary: Path, args) -> dict:
    results = {}
    empty = Path(tempfile.mkdtemp(prefix="atelier-empty-"))
    try:
        results["empty"] = {"runs": [await start_once(binary, empty, None) for _ in range(args.runs)]}
    finally:
        shutil.rmtree(empty, ignore_errors=True)
    for variant, snapshot_every in (("snapshots", None), ("no-snapshots", 1_000_000)):
        data_dir = Path(tempfile.mkdtemp(prefix=f"atelier-rebuild-{variant}-"))
        try:
            filled = await fill_log(binary, data_dir, args.rebuild_events, snapshot_every, args)
            runs = [await start_once(binary, data_dir, filled["join_code"]) for _ in range(args.runs)]
            store_bytes = sum(f.stat().st_size for f in data_dir.iterdir() if f.name.startswith("atelier.sqlite"))
            results[variant] = {"filled": filled, "store_bytes": store_bytes, "runs": runs,
                                "snapshot_every": snapshot_every or 1000}
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        print(f"rebuild {variant}: {filled['events']} events; to listening "
              f"{[r['to_listening_s'] for r in runs]} s, to served {[r['to_served_s'] for r in runs]} s", flush=True)
    for key, value in results.items():
        runs = value["runs"]
        value["median_to_listening_s"] = statistics.median(r["to_listening_s"] for r in runs)
        value["median_cpu_at_listening_s"] = statistics.median(r["server_cpu_at_listening_s"] for r in runs)
        if runs[0]["to_served_s"] is not None:
            value["median_to_served_s"] = statistics.median(r["to_served_s"] for r in runs)
    return results
