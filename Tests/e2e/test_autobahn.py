"""Autobahn TestSuite cases 1.* to 7.* and 9.* against ``atelier echo``, via kosoku.

kosoku (PyPI) runs the Autobahn case files in fuzzingclient mode and writes an
Autobahn-format report: ``<outdir>/index.json`` maps agent -> case id ->
{"behavior", "behaviorClose", "duration", "remoteCloseCode", "reportfile"}.

Run only this file with ``.venv/bin/pytest Tests/e2e -m autobahn``; keep the
report with ``ATELIER_AUTOBAHN_REPORTS=<dir>`` (default: a pytest tmp dir).
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from atelier_e2e import AUTOBAHN_SUMMARY, start_atelier

pytestmark = [pytest.mark.autobahn, pytest.mark.slow, pytest.mark.timeout(1800)]

CASE_GROUPS = ["1", "2", "3", "4", "5", "6", "7", "9"]
ACCEPTABLE = {"OK", "NON-STRICT", "INFORMATIONAL"}
KOSOKU_TIMEOUT = 1500  # seconds


@dataclass
class AutobahnRun:
    cases: dict[str, dict] = field(repr=False)   # case id -> index entry
    outdir: Path
    seconds: float
    kosoku_output: str = field(repr=False)
    server_alive_after: bool
    server_output: str = field(repr=False)


def kosoku_executable() -> str:
    beside_python = Path(sys.executable).with_name("kosoku")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("kosoku")
    assert found, "kosoku is not installed (pip install -r Tests/e2e/requirements.txt)"
    return found


def case_key(case_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in case_id.split("."))


def case_detail(run: AutobahnRun, case_id: str) -> str:
    entry = run.cases[case_id]
    detail = ""
    report = run.outdir / entry.get("reportfile", "")
    if report.is_file():
        full = json.loads(report.read_text())
        detail = f" — {full.get('result', '')} / {full.get('resultClose', '')}"
    return (f"{case_id}: behavior={entry['behavior']} behaviorClose={entry['behaviorClose']} "
            f"remoteCloseCode={entry.get('remoteCloseCode')}{detail}")


@pytest.fixture(scope="module")
def autobahn_run(atelier_bin, tmp_path_factory, request) -> AutobahnRun:
    workdir = tmp_path_factory.mktemp("autobahn")
    outdir = Path(os.environ.get("ATELIER_AUTOBAHN_REPORTS") or workdir / "reports")
    server = start_atelier("echo", workdir=workdir, name="echo-autobahn",
                           args=["--max-message", "20000000", "--max-queue", "100000000"])
    command = [kosoku_executable(), "-m", "fuzzingclient"]
    for group in CASE_GROUPS:
        command += ["-i", f"{group}.*"]
    command += ["-o", str(outdir), f"127.0.0.1:{server.port}"]
    started = time.monotonic()
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=KOSOKU_TIMEOUT)
        seconds = time.monotonic() - started
        alive = server.proc.poll() is None
    finally:
        server.stop()
    index_path = outdir / "index.json"
    assert index_path.is_file(), (
        f"kosoku wrote no {index_path} (exit {completed.returncode})\n{completed.stdout}\n{completed.stderr}\n"
        + server.describe()
    )
    index = json.loads(index_path.read_text())
    cases = {case_id: entry for agent in index.values() for case_id, entry in agent.items()}
    run = AutobahnRun(cases=cases, outdir=outdir, seconds=seconds,
                      kosoku_output=completed.stdout + completed.stderr,
                      server_alive_after=alive, server_output=server.describe(tail=40))

    behaviors = collections.Counter(e["behavior"] for e in cases.values())
    closes = collections.Counter(e["behaviorClose"] for e in cases.values())
    slowest = sorted(cases.items(), key=lambda kv: -kv[1].get("duration", 0))[:3]
    request.config.stash[AUTOBAHN_SUMMARY] = (
        f"autobahn: {len(cases)} cases ({', '.join(g + '.*' for g in CASE_GROUPS)}) in {seconds:.1f}s; "
        f"behavior {dict(behaviors)}; behaviorClose {dict(closes)}; "
        f"slowest {[(k, v.get('duration')) for k, v in slowest]} ms; reports in {outdir}"
    )
    return run


def test_autobahn_ran_every_case_group(autobahn_run):
    groups = {case_id.split(".")[0] for case_id in autobahn_run.cases}
    missing = sorted(set(CASE_GROUPS) - groups)
    assert not missing, f"no results for case groups {missing}\n{autobahn_run.kosoku_output[-2000:]}"


# Cases 2.10 and 2.11 send ten pings back to back. libwebsockets 4.1 (Debian bookworm)
# answers the first and drops the others while that pong is pending ("DROP PING since
# one pending" in its parser); pings are handled inside lws, out of the server's reach.
# RFC 6455 §5.5.3 lets an endpoint answer only the most recent ping, so no client can
# rely on ten pongs; Autobahn still calls it FAILED. The server must stay correct there:
# the closing handshake must pass (checked below) and the connection must not die.
KNOWN_LIBWEBSOCKETS_LIMITATIONS = {"2.10", "2.11"}


def test_autobahn_behavior(autobahn_run):
    failing = sorted((c for c, e in autobahn_run.cases.items()
                      if e["behavior"] not in ACCEPTABLE and c not in KNOWN_LIBWEBSOCKETS_LIMITATIONS), key=case_key)
    assert not failing, (
        f"{len(failing)} of {len(autobahn_run.cases)} Autobahn cases failed (behavior):\n"
        + "\n".join(case_detail(autobahn_run, c) for c in failing)
        + f"\nreports: {autobahn_run.outdir}"
    )


def test_autobahn_closing_behavior(autobahn_run):
    failing = sorted((c for c, e in autobahn_run.cases.items() if e["behaviorClose"] not in ACCEPTABLE), key=case_key)
    assert not failing, (
        f"{len(failing)} of {len(autobahn_run.cases)} Autobahn cases failed (closing handshake):\n"
        + "\n".join(case_detail(autobahn_run, c) for c in failing)
        + f"\nreports: {autobahn_run.outdir}"
    )


def test_server_survived_autobahn(autobahn_run):
    assert autobahn_run.server_alive_after, "atelier echo died during the Autobahn run\n" + autobahn_run.server_output


def test_autobahn_ping_burst_cases_keep_the_connection_healthy(autobahn_run):
    """2.10/2.11 (see KNOWN_LIBWEBSOCKETS_LIMITATIONS): the pong shortfall is lws's; the
    connection must still close cleanly."""
    for case_id in sorted(KNOWN_LIBWEBSOCKETS_LIMITATIONS):
        entry = autobahn_run.cases.get(case_id)
        assert entry is not None, f"case {case_id} did not run"
        assert entry["behaviorClose"] in ACCEPTABLE, case_detail(autobahn_run, case_id)
