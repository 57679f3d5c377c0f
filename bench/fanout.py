#!/usr/bin/env python3
"""Fan-out benchmark: one relay server, N receivers, one paced source.

    python3 bench/fanout.py                     # full run, writes results
    python3 bench/fanout.py --sizes 100 --runs 1 --no-write   # quick look

For each server (``atelier echo --relay`` and, where available, a Python
``websockets`` relay and a Node ``ws`` relay), each client count N and each
run: start a fresh server on a loopback ephemeral port, connect N receivers in
staggered batches plus one source, let the source send M messages of ~100 B
at R messages/s, each carrying ``time.perf_counter_ns()``; every receiver
records ``receive time - send time``. Clients live in this one process, so
the clocks agree. Reports p50/p99/max latency, deliveries, the server's peak
RSS (VmHWM) and CPU time, then medians over the runs.

Writes ``bench/results/fanout.json`` and the ``## Fan-out`` section of
``BENCHMARKS.md`` (between ``<!-- fanout:start -->`` / ``<!-- fanout:end -->``).
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
    import picows  # noqa: F401
    import websockets  # noqa: F401
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
import signal
import statistics
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from bench_common import BENCHMARKS_MD, LISTENING_RE, atelier_binary, replace_section, shown_path

RESULTS_PATH = BENCH_DIR / "results" / "fanout.json"
SECTION_START, SECTION_END = "<!-- fanout:start -->", "<!-- fanout:end -->"

CONNECT_BATCH = 50           # connections opened concurrently per batch
CONNECT_PAUSE_S = 0.02       # pause between batches
SETTLE_S = 1.0               # idle time after connecting, before sending
DRAIN_TIMEOUT_S = 15.0       # max wait for the last deliveries after the last send
CONNECT_TIMEOUT_S = 120.0    # max time to open all connections
STARTUP_TIMEOUT_S = 30.0


# --------------------------------------------------------------------------
# Servers under test
# --------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    note: str = ""


def atelier_target(explicit: str | None) -> Target | None:
    found = atelier_binary(explicit)
    if found is None:
        return None
    path, note = found
    return Target("atelier", [str(path), "echo", "--host", "127.0.0.1", "--port", "0", "--relay"],
                  note=f"{shown_path(path)} ({note})")


def python_target() -> Target:
    return Target("python-websockets",
                  [sys.executable, str(BENCH_DIR / "peers" / "python_relay.py"), "--host", "127.0.0.1", "--port", "0"],
                  note=f"websockets {websockets.__version__}, Python {platform.python_version()}")


def debian_node_module_dirs() -> list[str]:
    """Where Debian's node-ws package put `ws` (Node builds not from Debian do not search there)."""
    if not shutil.which("dpkg"):
        return []
    listing = subprocess.run(["dpkg", "-L", "node-ws"], capture_output=True, text=True)
    return [str(Path(line).parent.parent) for line in listing.stdout.splitlines()
            if line.endswith("/ws/package.json") and "/@types/" not in line]


def node_target() -> Target | None:
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        return None
    for extra in ({}, *({"NODE_PATH": d} for d in debian_node_module_dirs())):
        env = {**os.environ, **extra}
        probe = subprocess.run([node, "-e", "if (!require('ws').WebSocketServer) process.exit(1); "
                                "process.stdout.write(require('ws/package.json').version)"],
                               env=env, capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
            return Target("node-ws", [node, str(BENCH_DIR / "peers" / "node_relay.js"), "--host", "127.0.0.1",
                                      "--port", "0"], env=extra, note=f"ws {probe.stdout.strip()}, Node {version}")
    return None


class ServerProcess:
    def __init__(self, target: Target):
        self.target = target
        self.tail: deque[str] = deque(maxlen=40)
        self.port: int | None = None
        self._ready = threading.Event()
        self.proc = subprocess.Popen(target.argv, env={**os.environ, **target.env}, cwd=REPO_ROOT,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._pump, daemon=True).start()
        if not self._ready.wait(STARTUP_TIMEOUT_S):
            self.stop()
            raise RuntimeError(f"{target.name} did not print 'listening on' in {STARTUP_TIMEOUT_S}s:\n" + "\n".join(self.tail))

    def _pump(self) -> None:
        for raw in iter(self.proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            self.tail.append(line)
            match = LISTENING_RE.search(line)
            if match and self.port is None:
                self.port = int(match.group(3))
                self._ready.set()

    def status(self, key: str) -> int:
        """A Vm* field of /proc/PID/status, in KiB."""
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        raise KeyError(key)

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


# --------------------------------------------------------------------------
# Clients (picows by default; websockets for calibration)
# --------------------------------------------------------------------------


class Recorder:
    """Collects latencies (ns) and per-receiver delivery counts."""

    def __init__(self, receivers: int, messages: int):
        self.latencies: list[int] = []
        self.counts = [0] * receivers
        self.expected = receivers * messages
        self.messages = messages
        self.delivered = 0
        self.bad = 0
        self.all_done = asyncio.Event()
        # per message: latency of the first and of the last receiver to get it
        self.first = [None] * messages
        self.last = [None] * messages

    def record(self, index: int, payload: bytes, now_ns: int) -> None:
        try:
            seq, sent_ns = int(payload[:6]), int(payload[7:27])
        except ValueError:
            self.bad += 1
            return
        latency = now_ns - sent_ns
        self.latencies.append(latency)
        if self.first[seq] is None or latency < self.first[seq]:
            self.first[seq] = latency
        if self.last[seq] is None or latency > self.last[seq]:
            self.last[seq] = latency
        self.counts[index] += 1
        self.delivered += 1
        if self.delivered >= self.expected:
            self.all_done.set()


def make_payload(seq: int, size: int) -> bytes:
    head = b"%06d %020d " % (seq, time.perf_counter_ns())
    return head + b"x" * max(0, size - len(head))


class PicowsClients:
    name = "picows"

    def __init__(self):
        from picows import WSListener, WSMsgType, ws_connect

        self._connect, self._text, self._close = ws_connect, WSMsgType.TEXT, WSMsgType.CLOSE

        clients = self

        class Receiver(WSListener):
            def __init__(self, index: int | None):
                self.index = index

            def on_ws_frame(self, transport, frame):
                now = time.perf_counter_ns()
                if frame.msg_type == clients._text:
                    if self.index is not None:
                        clients.recorder.record(self.index, frame.get_payload_as_bytes(), now)
                elif frame.msg_type == clients._close:
                    transport.disconnect()

        self._receiver = Receiver
        self.recorder: Recorder | None = None
        self.transports = []

    async def open(self, url: str, index: int | None):
        transport, _ = await self._connect(lambda: self._receiver(index), url, websocket_handshake_timeout=30)
        self.transports.append(transport)
        return transport

    def send(self, transport, payload: bytes) -> None:
        transport.send(self._text, payload)

    async def close_all(self) -> None:
        for transport in self.transports:
            try:
                transport.send_close()
                transport.disconnect()
            except Exception:
                pass
        await asyncio.gather(*(asyncio.wait_for(t.wait_disconnected(), 5) for t in self.transports),
                             return_exceptions=True)


class WebsocketsClients:
    name = "websockets"

    def __init__(self):
        from websockets.asyncio.client import connect

        self._connect = connect
        self.recorder: Recorder | None = None
        self.connections = []
        self.tasks = []

    async def open(self, url: str, index: int | None):
        ws = await self._connect(url, compression=None, proxy=None, ping_interval=None, open_timeout=30,
                                 max_queue=None)
        self.connections.append(ws)

        async def reader():
            try:
                async for message in ws:
                    now = time.perf_counter_ns()
                    if index is not None:
                        self.recorder.record(index, message.encode() if isinstance(message, str) else message, now)
            except Exception:
                pass

        self.tasks.append(asyncio.create_task(reader()))
        return ws

    def send(self, ws, payload: bytes) -> None:
        asyncio.ensure_future(ws.send(payload.decode()))

    async def close_all(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.connections), return_exceptions=True)
        for task in self.tasks:
            task.cancel()


CLIENTS = {"picows": PicowsClients, "websockets": WebsocketsClients}


# --------------------------------------------------------------------------
# One run
# --------------------------------------------------------------------------


def percentile(sorted_values: list[int], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


async def fanout_once(server: ServerProcess, receivers: int, args, client_kind: str) -> dict:
    clients = CLIENTS[client_kind]()
    recorder = Recorder(receivers, args.messages)
    clients.recorder = recorder
    url = f"ws://127.0.0.1:{server.port}/ws"
    rss_start = server.status("VmRSS")

    connect_started = time.perf_counter()
    for first in range(0, receivers, CONNECT_BATCH):
        batch = range(first, min(receivers, first + CONNECT_BATCH))
        await asyncio.wait_for(asyncio.gather(*(clients.open(url, i) for i in batch)), CONNECT_TIMEOUT_S)
        await asyncio.sleep(CONNECT_PAUSE_S)
    source = await clients.open(url, None)
    connect_seconds = time.perf_counter() - connect_started
    await asyncio.sleep(SETTLE_S)

    rss_idle = server.status("VmRSS")
    cpu_before, client_cpu_before = server.cpu_seconds(), time.process_time()
    started = time.perf_counter()
    for seq in range(args.messages):
        delay = started + seq / args.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        clients.send(source, make_payload(seq, args.payload_bytes))
    send_seconds = time.perf_counter() - started
    try:
        await asyncio.wait_for(recorder.all_done.wait(), DRAIN_TIMEOUT_S)
    except asyncio.TimeoutError:
        pass
    server_cpu = server.cpu_seconds() - cpu_before
    client_cpu = time.process_time() - client_cpu_before
    rss_peak = server.status("VmHWM")
    await clients.close_all()

    latencies = sorted(recorder.latencies)
    firsts = sorted(v for v in recorder.first if v is not None)
    lasts = sorted(v for v in recorder.last if v is not None)
    us = 1000.0
    return {
        "clients": receivers,
        "messages": args.messages,
        "expected_deliveries": recorder.expected,
        "delivered": recorder.delivered,
        "receivers_missing_messages": sum(1 for c in recorder.counts if c < args.messages),
        "latency_us": {
            "p50": percentile(latencies, 50) / us,
            "p90": percentile(latencies, 90) / us,
            "p99": percentile(latencies, 99) / us,
            "p999": percentile(latencies, 99.9) / us,
            "max": (latencies[-1] / us) if latencies else float("nan"),
        },
        # median over messages of the earliest / latest receiver's latency
        "first_receiver_p50_us": percentile(firsts, 50) / us,
        "last_receiver_p50_us": percentile(lasts, 50) / us,
        "connect_seconds": round(connect_seconds, 3),
        "send_seconds": round(send_seconds, 3),
        "server_rss_kib": {"after_start": rss_start, "connected_idle": rss_idle, "peak": rss_peak},
        "server_cpu_seconds": round(server_cpu, 3),
        "client_cpu_seconds": round(client_cpu, 3),
    }


def run_once(target: Target, receivers: int, args) -> dict:
    server = ServerProcess(target)
    try:
        result = asyncio.run(asyncio.wait_for(fanout_once(server, receivers, args, args.client),
                                              CONNECT_TIMEOUT_S + args.messages / args.rate + DRAIN_TIMEOUT_S + 60))
    finally:
        exit_code = server.stop()
    result["server_exit_code"] = exit_code
    return result


# --------------------------------------------------------------------------
# Aggregation and reporting
# --------------------------------------------------------------------------


def median_summary(runs: list[dict]) -> dict:
    def med(get):
        return statistics.median(get(r) for r in runs)

    return {
        "runs": len(runs),
        "p50_ms": med(lambda r: r["latency_us"]["p50"]) / 1000,
        "p99_ms": med(lambda r: r["latency_us"]["p99"]) / 1000,
        "max_ms": med(lambda r: r["latency_us"]["max"]) / 1000,
        "first_receiver_p50_ms": med(lambda r: r["first_receiver_p50_us"]) / 1000,
        "last_receiver_p50_ms": med(lambda r: r["last_receiver_p50_us"]) / 1000,
        "delivered_fraction": med(lambda r: r["delivered"] / r["expected_deliveries"]),
        "server_peak_rss_mib": med(lambda r: r["server_rss_kib"]["peak"]) / 1024,
        "server_idle_rss_mib": med(lambda r: r["server_rss_kib"]["connected_idle"]) / 1024,
        "server_cpu_seconds": med(lambda r: r["server_cpu_seconds"]),
        "client_cpu_seconds": med(lambda r: r["client_cpu_seconds"]),
    }


def machine_facts() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def render_markdown(report: dict) -> str:
    facts, settings = report["machine"], report["settings"]
    lines = [
        SECTION_START,
        "## Fan-out",
        "",
        f"Generated by `python3 bench/fanout.py` on {report['date']} (see `bench/README.md`; raw data in "
        "`bench/results/fanout.json`).",
        "",
        f"Machine: {facts['cpu_model']}, nproc {facts['nproc']}, Linux {facts['kernel']}, Python {facts['python']}, "
        f"1-minute load {facts['loadavg_1m_at_start']} at start. Server and clients share these cores over loopback.",
        "",
        f"Workload: one relay server; N receiving clients plus one source, connected in batches of {CONNECT_BATCH}; "
        f"the source sends {settings['messages']} text messages of {settings['payload_bytes']} B at "
        f"{settings['rate']}/s, each carrying `time.perf_counter_ns()`; latency = receive time − send time, "
        f"measured in the single client process ({settings['client']} client). "
        f"p50/p99/max over all deliveries; *first/last receiver*: per message, the latency of the earliest and "
        f"of the latest receiver, median over messages (first ≈ the server's forwarding delay, last ≈ the whole "
        f"fan-out including the client working through its sockets). "
        f"Median of {settings['runs']} runs per cell; RSS is the server's VmHWM.",
        "",
        "Servers: " + "; ".join(f"**{name}**: {note}" for name, note in report["targets"].items()) + ".",
        "",
        "| server | clients | p50 ms | p99 ms | max ms | first receiver ms | last receiver ms | delivered "
        "| server peak RSS MiB | server CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    summary = report["summary"]
    for size in settings["sizes"]:
        for name in report["targets"]:
            cell = summary.get(name, {}).get(str(size))
            if not cell:
                continue
            lines.append(
                f"| {name} | {size} | {cell['p50_ms']:.2f} | {cell['p99_ms']:.2f} | {cell['max_ms']:.2f} | "
                f"{cell['first_receiver_p50_ms']:.2f} | {cell['last_receiver_p50_ms']:.2f} | "
                f"{cell['delivered_fraction'] * 100:.2f}% | {cell['server_peak_rss_mib']:.1f} | "
                f"{cell['server_cpu_seconds']:.2f} |"
            )
    peers = [name for name in report["targets"] if name != "atelier"]
    if "atelier" in summary and peers:
        lines += ["", "Ratios, atelier ÷ peer (below 1 means atelier is lower, i.e. better):", "",
                  "| clients | vs | p50 | p99 | first receiver | last receiver | peak RSS | server CPU |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|"]
        for size in settings["sizes"]:
            mine = summary["atelier"].get(str(size))
            for peer in peers:
                theirs = summary.get(peer, {}).get(str(size))
                if mine and theirs:
                    lines.append(
                        f"| {size} | {peer} | {ratio(mine['p50_ms'], theirs['p50_ms'])} | "
                        f"{ratio(mine['p99_ms'], theirs['p99_ms'])} | "
                        f"{ratio(mine['first_receiver_p50_ms'], theirs['first_receiver_p50_ms'])} | "
                        f"{ratio(mine['last_receiver_p50_ms'], theirs['last_receiver_p50_ms'])} | "
                        f"{ratio(mine['server_peak_rss_mib'], theirs['server_peak_rss_mib'])} | "
                        f"{ratio(mine['server_cpu_seconds'], theirs['server_cpu_seconds'])} |"
                    )
    if report.get("notes"):
        lines += [""] + [f"- {note}" for note in report["notes"]]
    lines.append(SECTION_END)
    return "\n".join(lines) + "\n"


def update_benchmarks_md(section: str) -> None:
    replace_section(section, SECTION_START, SECTION_END)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def raise_nofile_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))  # inherited by the servers we start


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Fan-out latency benchmark (loopback).")
    parser.add_argument("--sizes", default="100,1000", help="comma-separated receiver counts (default 100,1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size and server (default 3)")
    parser.add_argument("--messages", type=int, default=200, help="messages sent by the source (default 200)")
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second (default 20)")
    parser.add_argument("--payload-bytes", type=int, default=100, help="message size (default 100)")
    parser.add_argument("--targets", default="atelier,python,node",
                        help="servers to measure: atelier,python,node (default all available)")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="picows",
                        help="client library (default picows; see README for the calibration)")
    parser.add_argument("--bin", help="atelier binary (default $ATELIER_BIN, else .build/release/atelier)")
    parser.add_argument("--no-write", action="store_true", help="print results only; do not touch result files")
    parser.add_argument("--render-only", action="store_true",
                        help="regenerate the BENCHMARKS.md section from bench/results/fanout.json; run nothing")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    if max(args.sizes) > 5000 or args.messages > 10000 or args.runs > 10:
        parser.error("bounded benchmark: at most 5000 clients, 10000 messages, 10 runs")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render_only:
        update_benchmarks_md(render_markdown(json.loads(RESULTS_PATH.read_text())))
        print(f"regenerated the Fan-out section of {BENCHMARKS_MD.name} from {RESULTS_PATH.relative_to(REPO_ROOT)}")
        return 0
    raise_nofile_limit(max(args.sizes) * 2 + 256)

    wanted = [t.strip() for t in args.targets.split(",") if t.strip()]
    targets: dict[str, Target] = {}
    notes = []
    for name in wanted:
        if name == "atelier":
            target = atelier_target(args.bin)
            if target is None:
                print("atelier binary not found (.build/release/atelier, .build/debug/atelier or ATELIER_BIN)",
                      file=sys.stderr)
                return 2
            if "DEBUG" in target.note:
                notes.append("atelier was measured as a DEBUG build: no release build was available.")
        elif name == "python":
            target = python_target()
        elif name == "node":
            target = node_target()
            if target is None:
                notes.append("Node peer skipped: `node -e \"require('ws')\"` fails (Debian package node-ws).")
                continue
        else:
            print(f"unknown target {name!r}", file=sys.stderr)
            return 2
        targets[target.name] = target

    facts = machine_facts()  # includes the load average now, before anything runs
    load = facts["loadavg_1m_at_start"]
    if load >= 0.75:
        notes.append(f"the machine was busy when the benchmark started (1-minute load {load:.2f}); "
                     "numbers may be noisy.")
        print(f"warning: 1-minute load average is {load:.2f}; results may be noisy", file=sys.stderr)

    raw: dict[str, dict[str, list[dict]]] = {name: {str(s): [] for s in args.sizes} for name in targets}
    for run_index in range(args.runs):
        for size in args.sizes:
            for name, target in targets.items():  # interleaved so drift hits every server alike
                result = run_once(target, size, args)
                raw[name][str(size)].append(result)
                lat = result["latency_us"]
                print(f"run {run_index + 1}/{args.runs} {name:18s} N={size:5d}: p50 {lat['p50'] / 1000:7.2f} ms  "
                      f"p99 {lat['p99'] / 1000:7.2f} ms  max {lat['max'] / 1000:7.2f} ms  "
                      f"first {result['first_receiver_p50_us'] / 1000:6.2f} ms  "
                      f"last {result['last_receiver_p50_us'] / 1000:6.2f} ms  "
                      f"delivered {result['delivered']}/{result['expected_deliveries']}  "
                      f"peak RSS {result['server_rss_kib']['peak'] / 1024:6.1f} MiB  "
                      f"server CPU {result['server_cpu_seconds']:.2f}s  client CPU {result['client_cpu_seconds']:.2f}s",
                      flush=True)

    report = {
        "benchmark": "fanout",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python3 bench/fanout.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": facts,
        "settings": {"sizes": args.sizes, "runs": args.runs, "messages": args.messages, "rate": args.rate,
                     "payload_bytes": args.payload_bytes, "client": args.client,
                     "connect_batch": CONNECT_BATCH, "settle_seconds": SETTLE_S},
        "targets": {name: t.note for name, t in targets.items()},
        "summary": {name: {size: median_summary(runs) for size, runs in sizes.items() if runs}
                    for name, sizes in raw.items()},
        "runs": raw,
        "notes": notes,
    }
    section = render_markdown(report)
    print()
    print(section)
    if not args.no_write:
        RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_PATH.write_text(json.dumps(report, indent=2) + "\n")
        update_benchmarks_md(section)
        print(f"wrote {RESULTS_PATH.relative_to(REPO_ROOT)} and the Fan-out section of {BENCHMARKS_MD.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
