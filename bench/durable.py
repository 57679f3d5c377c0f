#!/usr/bin/env python3
"""Durable command benchmark: acknowledged commands per second on the SQLite store, ack
latency, and the time to rebuild a large session at start.

    python3 bench/durable.py                     # full run (~4 min), writes results
    python3 bench/durable.py --runs 1 --seconds 5 --rebuild-events 20000 --no-write   # quick look
    python3 bench/durable.py --render-only       # rewrite the BENCHMARKS.md section from the JSON

Throughput: a fresh ``atelier serve`` (release build) on a fresh data directory, with
``store.durability`` full or normal; S sessions x P participants joined over loopback
(picows clients, one process); every participant toggles its Briefing readiness
(markReady / markNotReady, each one event in the log) and keeps W commands in flight:
a new command goes out as soon as an ack comes back. After a warm-up, for a fixed
time: acks per second, and each command's latency from send to ack (hdrhistogram).
Acks are sent only after the store committed, so every ack counted is durable.

Rebuild: one session's log is filled to N events by the same load, then the server is
started again on that data directory, N times over: the time from process start to
its ``listening on`` line (sessions are restored before the server listens) and to an
observer's first snapshot of that session (the session served); both with the default
``store.snapshot_every`` (latest snapshot + tail) and with snapshots off (the whole log
replayed), against the start of an empty data directory.

Writes ``bench/results/durable.json`` and the ``## Durable commands`` section of
``BENCHMARKS.md`` (between ``<!-- durable:start -->`` and ``<!-- durable:end -->``).
See bench/README.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
VENV_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"

try:  # re-run under the repository venv when started with a bare python3
    import hdrh.histogram  # noqa: F401
    import picows  # noqa: F401
except ImportError:
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parents[1].resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])
    raise

import argparse
import asyncio
import datetime
import json
import platform
import resource
import shutil
import statistics
import tempfile
import time


from bench_common import BENCHMARKS_MD
from durable_load import Load, close_all, join_all, pace, stop_sending
from durable_rebuild import rebuild_runs
from durable_report import GOALS, PACED_CAP, goal_lines, paced_key, render_markdown, update_benchmarks_md
from durable_server import (
    PostgresCluster,
    Server,
    api,
    find_binary,
    machine_idle,
    server_env,
    shown_argv,
    shown_path,
)

RESULTS_PATH = BENCH_DIR / "results" / "durable.json"


# --------------------------------------------------------------------------
# Throughput runs
# --------------------------------------------------------------------------


async def throughput_once(binary: Path, durability: str, args, rate: float | None = None,
                          postgres: PostgresCluster | None = None) -> dict:
    """Closed loop (a window per participant) or, with ``rate``, open loop at that many commands/s.
    ``durability`` "postgres" runs the server on a fresh database of ``postgres``."""
    data_dir = Path(tempfile.mkdtemp(prefix="atelier-durable-"))
    env = server_env("full" if durability == "postgres" else durability)
    if durability == "postgres":
        env["ATELIER_STORE_URL"] = postgres.fresh_database()
    server = Server(binary, data_dir, env)
    pacer = None
    try:
        codes = [api(server.port, "POST", "/api/sessions", {"template": "welcome", "title": f"Bench {s}"})["joinCode"]
                 for s in range(args.sessions)]
        load = Load(PACED_CAP if rate else args.window, paced=rate is not None)
        people = await join_all(server.port, codes, args.participants, load)
        load.sending = True
        if rate:
            pacer = asyncio.create_task(pace(people, load, rate))
        for person in people:
            person.fill()
        await asyncio.sleep(args.warmup)

        load.measuring = True
        cpu0, threads0, io0 = server.cpu_seconds(), server.thread_cpu(), server.io()
        client0, t0, idle0 = time.process_time(), time.perf_counter(), machine_idle()
        await asyncio.sleep(args.seconds)
        elapsed = time.perf_counter() - t0
        idle1 = machine_idle()
        load.measuring = False
        server_cpu = server.cpu_seconds() - cpu0
        client_cpu = time.process_time() - client0
        threads1, io1 = server.thread_cpu(), server.io()
        await stop_sending(people, load)
        if pacer:
            await pacer
        sessions = api(server.port, "GET", "/api/sessions")
        await close_all(people)
        rss = server.rss_peak_kib()
    finally:
        exit_code = server.stop()
    store_bytes = sum(f.stat().st_size for f in data_dir.iterdir() if f.name.startswith("atelier.sqlite"))
    shutil.rmtree(data_dir, ignore_errors=True)

    histogram = load.histogram
    threads = {name: round(threads1.get(name, 0.0) - threads0.get(name, 0.0), 2) for name in threads1}
    threads = dict(sorted(((n, v) for n, v in threads.items() if v > 0), key=lambda kv: -kv[1])[:8])
    busiest = max(threads.values(), default=0.0)
    return {
        "durability": durability,
        "sessions": args.sessions,
        "participants_per_session": args.participants,
        "window": None if rate else args.window,
        "offered_per_second": rate,
        "paced_sends_skipped": load.skipped,
        "seconds": round(elapsed, 3),
        "acks": load.acks,
        "acks_per_second": round(load.acks / elapsed, 1),
        "latency_ms": {
            "p50": histogram.get_value_at_percentile(50) / 1000,
            "p90": histogram.get_value_at_percentile(90) / 1000,
            "p99": histogram.get_value_at_percentile(99) / 1000,
            "p999": histogram.get_value_at_percentile(99.9) / 1000,
            "max": histogram.get_max_value() / 1000,
        },
        "errors": load.error_count,
        "error_samples": load.errors,
        "unanswered_at_end": load.outstanding,
        "log_events": sum(s["seq"] for s in sessions),
        "store_bytes": store_bytes,
        "server_cpu_seconds": round(server_cpu, 2),
        "server_cpu_cores": round(server_cpu / elapsed, 2),
        "server_cpu_us_per_ack": round(server_cpu / max(1, load.acks) * 1e6, 1),
        "server_threads_cpu_seconds": threads,
        "server_busiest_thread_cores": round(busiest / elapsed, 2),
        "server_write_bytes": io1.get("write_bytes", 0) - io0.get("write_bytes", 0),
        "client_cpu_seconds": round(client_cpu, 2),
        "machine_idle_cores": round((idle1[0] - idle0[0]) / max(1, idle1[1] - idle0[1]) * (os.cpu_count() or 1), 2),
        "client_cpu_cores": round(client_cpu / elapsed, 2),
        "server_peak_rss_mib": round(rss / 1024, 1),
        "server_exit_code": exit_code,
    }


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def machine_facts(data_root: Path) -> dict:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    fs = "unknown"
    try:
        best = ""
        with open("/proc/mounts") as mounts:
            for line in mounts:
                _, point, kind, *_ = line.split()
                if str(data_root).startswith(point) and len(point) > len(best):
                    best, fs = point, kind
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "data_dir_filesystem": fs,
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def summarize(runs: list[dict]) -> dict:
    def med(get):
        return statistics.median(get(r) for r in runs)

    return {
        "runs": len(runs),
        "acks_per_second": med(lambda r: r["acks_per_second"]),
        "p50_ms": med(lambda r: r["latency_ms"]["p50"]),
        "p99_ms": med(lambda r: r["latency_ms"]["p99"]),
        "max_ms": med(lambda r: r["latency_ms"]["max"]),
        "server_cpu_cores": med(lambda r: r["server_cpu_cores"]),
        "server_busiest_thread_cores": med(lambda r: r["server_busiest_thread_cores"]),
        "server_cpu_us_per_ack": med(lambda r: r["server_cpu_us_per_ack"]),
        "client_cpu_cores": med(lambda r: r["client_cpu_cores"]),
        "machine_idle_cores": med(lambda r: r.get("machine_idle_cores", 0.0)),
        "errors": sum(r["errors"] for r in runs),
        "paced_sends_skipped": sum(r.get("paced_sends_skipped", 0) for r in runs),
        "server_peak_rss_mib": med(lambda r: r["server_peak_rss_mib"]),
    }




# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Durable command throughput and rebuild benchmark (loopback).")
    parser.add_argument("--sessions", type=int, default=4, help="sessions (default 4)")
    parser.add_argument("--participants", type=int, default=50, help="participants per session (default 50)")
    parser.add_argument("--window", type=int, default=4, help="commands in flight per participant (default 4)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per run (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per run (default 2)")
    parser.add_argument("--paced-rate", default="2000,20000",
                        help="open-loop rates (commands/s in all), comma-separated, to measure latency at (default 2000,20000; 0: none)")
    parser.add_argument("--runs", type=int, default=3, help="runs per configuration (default 3)")
    parser.add_argument("--durability", default="full,normal,postgres",
                        help="stores: SQLite store.durability values and/or postgres (default full,normal,postgres)")
    parser.add_argument("--rebuild-events", type=int, default=100_000, help="events in the rebuilt session (100000)")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--bin", help="atelier binary (default $ATELIER_BIN, else .build/release/atelier)")
    parser.add_argument("--bin-note", help="what the binary is, for the report (e.g. 'release build of abc1234')")
    parser.add_argument("--note", action="append", default=[],
                        help="a finding to print under Notes (repeatable; with --render-only: added to the saved JSON)")
    parser.add_argument("--no-write", action="store_true", help="print results only; do not touch result files")
    parser.add_argument("--render-only", action="store_true",
                        help="regenerate the BENCHMARKS.md section from bench/results/durable.json; run nothing")
    args = parser.parse_args(argv)
    if (args.sessions * args.participants > 5000 or args.seconds > 120 or args.runs > 10 or args.window > 64
            or args.rebuild_events > 1_000_000):
        parser.error("bounded benchmark: at most 5000 participants, 120 s, 10 runs, window 64, 1,000,000 events")
    args.durability = [d.strip() for d in args.durability.split(",") if d.strip()]
    args.paced_rates = [float(r) for r in str(args.paced_rate).split(",") if r.strip() and float(r) > 0]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render_only:
        report = json.loads(RESULTS_PATH.read_text())
        report["notes"] = report.get("notes", []) + args.note
        report["goals"] = goal_lines(report)  # the wording of the goals may have changed
        RESULTS_PATH.write_text(json.dumps(report, indent=2) + "\n")
        update_benchmarks_md(render_markdown(report))
        print(f"regenerated the Durable commands section of {BENCHMARKS_MD.name}")
        return 0
    binary, note = find_binary(args.bin)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.sessions * args.participants * 2 + 256
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard) if hard != resource.RLIM_INFINITY else wanted,
                                                    hard))
    notes = list(args.note)
    if "DEBUG" in note:
        notes.append("measured with a DEBUG build: no release build was available.")
    facts = machine_facts(Path(tempfile.gettempdir()))
    if facts["loadavg_1m_at_start"] >= 0.75:
        notes.append(f"the machine was busy when the benchmark started (1-minute load "
                     f"{facts['loadavg_1m_at_start']:.2f}); numbers may be noisy.")

    report = {
        "benchmark": "durable",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python3 bench/durable.py " + " ".join(shown_argv(sys.argv[1:] if argv is None else argv)),
        "binary": f"{shown_path(binary)} ({args.bin_note or note})",
        "machine": facts,
        "settings": {"sessions": args.sessions, "participants": args.participants, "window": args.window,
                     "paced_rates": args.paced_rates, "paced_cap": PACED_CAP,
                     "seconds": args.seconds, "warmup": args.warmup, "runs": args.runs,
                     "rebuild_events": args.rebuild_events, "client": "picows"},
        "goals_targets": GOALS,
        "notes": notes,
    }
    if not args.skip_throughput:
        raw = {d: [] for d in args.durability}
        paced: dict[str, list] = {}
        postgres = PostgresCluster() if "postgres" in args.durability else None
        if postgres:
            report["settings"]["postgres"] = f"PostgreSQL {postgres.version}, fsync on, synchronous_commit on"
        try:
            for run_index in range(args.runs):
                for durability in args.durability:  # interleaved so drift hits both alike
                    for rate in [None, *args.paced_rates]:
                        result = asyncio.run(throughput_once(binary, durability, args, rate, postgres))
                        if rate is None:
                            raw[durability].append(result)
                        else:
                            paced.setdefault(paced_key(durability, rate), []).append(result)
                        lat = result["latency_ms"]
                        mode = f"paced {rate:.0f}/s" if rate else f"window {args.window}"
                        print(f"run {run_index + 1}/{args.runs} durability={durability:6s} {mode:12s}: "
                              f"{result['acks_per_second']:9.0f} acks/s  p50 {lat['p50']:6.2f} ms  p99 {lat['p99']:6.2f} ms  "
                              f"max {lat['max']:7.2f} ms  server CPU {result['server_cpu_cores']:.2f} cores "
                              f"({result['server_cpu_us_per_ack']:.0f} µs/ack)  client CPU {result['client_cpu_cores']:.2f} "
                              f"cores  errors {result['errors']}  skipped {result['paced_sends_skipped']}  threads "
                              f"{result['server_threads_cpu_seconds']}", flush=True)
        finally:
            if postgres:
                postgres.stop()
        report["throughput"] = {d: summarize(runs) for d, runs in raw.items()}
        report["throughput_runs"] = raw
        if paced:
            report["paced"] = {d: summarize(runs) for d, runs in paced.items()}
            report["paced_runs"] = paced
    if not args.skip_rebuild:
        report["rebuild"] = asyncio.run(rebuild_runs(binary, args))
    report["goals"] = goal_lines(report)
    section = render_markdown(report)
    print()
    print(section)
    if not args.no_write:
        RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        previous = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
        for key in ("throughput", "throughput_runs", "paced", "paced_runs", "rebuild"):  # a partial run keeps the other half
            if key not in report and key in previous:
                report[key] = previous[key]
        report["goals"] = goal_lines(report)
        RESULTS_PATH.write_text(json.dumps(report, indent=2) + "\n")
        update_benchmarks_md(render_markdown(report))
        print(f"wrote {RESULTS_PATH.relative_to(REPO_ROOT)} and the Durable commands section of {BENCHMARKS_MD.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
