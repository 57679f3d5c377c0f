"""The processes of ``bench/durable.py``: the ``atelier serve`` under test (started on
loopback, its CPU read from ``/proc``), a throwaway PostgreSQL cluster, and the HTTP calls
that create sessions."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

from bench_common import LISTENING_RE, REPO_ROOT, atelier_binary, shown_path

TEMPLATES_DIR = REPO_ROOT / "config" / "templates"
WEB_ROOT = REPO_ROOT / "web"
TOKEN = "bench-trainer-token-0123456789"


class PostgresCluster:
    """A throwaway PostgreSQL cluster on loopback (scripts/postgres-test-cluster.sh) with fsync
    on, as a production server keeps it; one fresh database per run."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="atelier-bench-pg-")
        script = REPO_ROOT / "scripts" / "postgres-test-cluster.sh"
        self.script = script
        self.url = subprocess.check_output([str(script), "start", self.dir], text=True,
                                           env={**os.environ, "PG_FSYNC": "on"}).strip()
        self.count = 0
        self.version = subprocess.check_output(["psql", self.url, "-Atc", "SHOW server_version"], text=True).strip()

    def fresh_database(self) -> str:
        self.count += 1
        name = f"bench_{self.count}"
        subprocess.run(["psql", self.url, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        subprocess.run([str(self.script), "stop", self.dir], capture_output=True)
STARTUP_TIMEOUT_S = 120.0


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


def find_binary(explicit: str | None) -> tuple[Path, str]:
    found = atelier_binary(explicit)
    if found is None:
        raise SystemExit("atelier binary not found (.build/release/atelier, .build/debug/atelier or ATELIER_BIN); "
                         "build it with `swift build -c release`")
    return found


def shown_argv(argv: list[str]) -> list[str]:
    """The command line as recorded: paths outside the repository reduced to their names."""
    shown = []
    for arg in argv:
        if arg.startswith("/"):
            arg = shown_path(Path(arg))
        shown.append(repr(arg) if " " in arg else arg)
    return shown


class Server:
    """``atelier serve`` on loopback; knows when it printed ``listening on`` and its CPU use."""

    def __init__(self, binary: Path, data_dir: Path, env: dict[str, str]):
        self.tail: deque[str] = deque(maxlen=60)
        self.port: int | None = None
        self.listening_at: float | None = None
        self._ready = threading.Event()
        variables = {k: v for k, v in os.environ.items() if not k.startswith("ATELIER_")}
        variables.update(env)
        argv = [str(binary), "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", str(data_dir),
                "--web-root", str(WEB_ROOT), "--templates-dir", str(TEMPLATES_DIR)]
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(argv, env=variables, cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        threading.Thread(target=self._pump, args=(self.proc.stdout, True), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, False), daemon=True).start()
        if not self._ready.wait(STARTUP_TIMEOUT_S):
            self.stop()
            raise RuntimeError("atelier did not print 'listening on':\n" + "\n".join(self.tail))

    def _pump(self, stream, is_stdout: bool) -> None:
        for raw in iter(stream.readline, b""):
            now = time.perf_counter()
            line = raw.decode("utf-8", "replace").rstrip()
            self.tail.append(line)
            if is_stdout and self.port is None:
                match = LISTENING_RE.search(line)
                if match:
                    self.listening_at = now
                    self.port = int(match.group(3))
                    self._ready.set()

    @property
    def startup_seconds(self) -> float:
        return self.listening_at - self.started_at

    def cpu_seconds(self) -> float:
        return _cpu(f"/proc/{self.proc.pid}/stat")

    def thread_cpu(self) -> dict[str, float]:
        """CPU seconds per thread, keyed ``name#tid`` (Dispatch names threads by queue class only)."""
        totals: dict[str, float] = {}
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                totals[f"{(task / 'comm').read_text().strip()}#{task.name}"] = _cpu(task / "stat")
            except OSError:
                pass
        return totals

    def io(self) -> dict[str, int]:
        try:
            with open(f"/proc/{self.proc.pid}/io") as io:
                return {k: int(v) for k, v in (line.split(": ") for line in io)}
        except OSError:
            return {}

    def rss_peak_kib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


def machine_idle() -> tuple[int, int]:
    """(idle + iowait jiffies, all jiffies) of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return values[3] + values[4], sum(values)


def _cpu(stat_path) -> float:
    with open(stat_path) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def server_env(durability: str, snapshot_every: int | None = None) -> dict[str, str]:
    env = {
        "ATELIER_TRAINER_TOKEN": TOKEN,
        "ATELIER_STORE_DURABILITY": durability,
        "ATELIER_LIMITS_JOINS_PER_MINUTE": "100000",
        "ATELIER_LIMITS_MESSAGES_PER_SECOND": "10000",
        "ATELIER_LIMITS_MESSAGE_BURST": "100000",
        "ATELIER_LOG_LEVEL": "warning",
    }
    if snapshot_every is not None:
        env["ATELIER_STORE_SNAPSHOT_EVERY"] = str(snapshot_every)
    return env


def api(port: int, method: str, path: str, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path} answered {response.status}: {payload[:300]!r}")
        return json.loads(payload)
    finally:
        conn.close()
