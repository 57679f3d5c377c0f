"""pytest fixtures that run the real ``atelier`` binary on an ephemeral port.

The binary is ``$ATELIER_BIN`` if set, else ``.build/debug/atelier`` relative
to the repository root. A missing binary is a test *failure* with a clear
message, never a silent skip.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
import yaml

from atelier_e2e import (
    AUTOBAHN_SUMMARY,
    REPO_WEB_ROOT,
    AtelierProcess,
    binary_path,
    missing_binary_message,
    start_atelier,
)


@pytest.fixture(scope="session")
def atelier_bin() -> Path:
    path = binary_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(missing_binary_message(path), pytrace=False)
    return path


@pytest.fixture
def atelier_factory(atelier_bin, tmp_path):
    """Start ``atelier serve`` / ``atelier echo`` with custom config, env and flags.

    ``start(mode="serve", *, config=None, env=None, args=(), port=0,
    web_root=<repo>/web, data_dir=None, wait=True)``

    * ``config``: a dict (dumped as YAML), a YAML string, or a Path; passed
      with ``--config``.
    * ``env``: extra environment variables (ATELIER_* from the caller's shell
      are removed first so runs are hermetic).
    * ``port``: ``None`` omits ``--port`` (to test config/env precedence).
    * serve mode gets ``--data-dir <tmp>`` and ``--web-root`` automatically.

    Every process is stopped (SIGTERM, then SIGKILL) at teardown. A server that
    died on its own during the test fails the test at teardown.
    """
    started: list[AtelierProcess] = []
    counter = itertools.count(1)

    def start(mode: str = "serve", *, config=None, env=None, args=(), port=0,
              host="127.0.0.1", web_root: Path | None = REPO_WEB_ROOT,
              data_dir: Path | None = None, wait: bool = True) -> AtelierProcess:
        n = next(counter)
        workdir = tmp_path / f"{mode}-{n}"
        workdir.mkdir(parents=True, exist_ok=True)
        argv = []
        if mode == "serve":
            argv += ["--data-dir", str(data_dir or workdir / "data")]
            if web_root is not None:
                argv += ["--web-root", str(web_root)]
        if config is not None:
            argv += ["--config", str(write_config(workdir / "atelier.yaml", config))]
        argv += list(args)
        process = start_atelier(mode, workdir=workdir, args=argv, env=env, port=port, host=host,
                                wait=False, name=f"{mode}-{n}")
        started.append(process)
        if wait:
            process.wait_listening()
        return process

    yield start

    crashed = []
    for process in started:
        if process.proc.poll() is not None and not process.stopped_by_test:
            crashed.append(process)
        process.stop()
    if crashed:
        pytest.fail(
            "atelier exited on its own during the test:\n" + "\n\n".join(p.describe() for p in crashed),
            pytrace=False,
        )


def write_config(path: Path, config) -> Path:
    if isinstance(config, Path):
        return config
    text = config if isinstance(config, str) else yaml.safe_dump(config, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def atelier(atelier_factory) -> AtelierProcess:
    """``atelier serve`` with default settings and the repository's web root."""
    return atelier_factory("serve")


@pytest.fixture
def atelier_echo(atelier_factory) -> AtelierProcess:
    """``atelier echo`` with default limits."""
    return atelier_factory("echo")


@pytest.fixture
def atelier_relay(atelier_factory) -> AtelierProcess:
    """``atelier echo --relay``: every message is broadcast to every connection."""
    return atelier_factory("echo", args=["--relay"])


def pytest_terminal_summary(terminalreporter, config):
    summary = config.stash.get(AUTOBAHN_SUMMARY, None)
    if summary:
        terminalreporter.write_sep("-", "autobahn")
        terminalreporter.write_line(summary)
