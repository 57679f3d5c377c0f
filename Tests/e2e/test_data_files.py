"""A data file that is not a readable store, or a data directory already in use, stops
``atelier serve`` with a non-zero exit, names the file, and leaves it as it was."""

from __future__ import annotations

import random
import sqlite3

import pytest

from atelier_e2e import run_cli
from recovery_support import STORE_FILE, listed, run_workshop, serve, serve_args, stop
from session_client import Clients, create_session, run, server_env

# --------------------------------------------------------------------------
# Unreadable stores and a data directory in use
# --------------------------------------------------------------------------


def garbage(kind: str, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    noise = bytes(rng.getrandbits(8) for _ in range(64 * 1024))
    if kind == "random":
        return noise
    if kind == "sqlite-header":  # looks like SQLite at a glance, garbage after the magic string
        return b"SQLite format 3\x00" + noise[16:]
    if kind == "text":
        return b"this is not a database\n" * 1000
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["random", "sqlite-header", "text"])
def test_garbage_data_file_stops_serve_and_is_left_untouched(tmp_path, kind):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = data_dir / STORE_FILE
    content = garbage(kind)
    store.write_bytes(content)
    result = run_cli(serve_args(data_dir), env=server_env(), timeout=30)
    assert result.returncode != 0, f"serve started on a garbage store:\n{result.stdout}\n{result.stderr}"
    assert "listening on" not in result.stdout
    assert str(store) in result.stderr, f"the error must name the file {store}:\n{result.stderr}"
    assert store.read_bytes() == content, "the unreadable store must be left as it was, never replaced"


def test_corrupt_events_page_stops_serve_naming_the_file(atelier_factory, tmp_path):
    """A real store whose events table is damaged (the file still opens): serve must refuse to start,
    say which file is damaged, and not replace it with a fresh store."""
    data_dir = tmp_path / "data"

    async def body():
        server = serve(atelier_factory, data_dir)
        async with Clients(server) as clients:
            created, *_ = await run_workshop(server, clients)
            stop(server, "sigterm")
        return created

    created = run(body())
    store = data_dir / STORE_FILE
    with sqlite3.connect(store) as db:  # fold the WAL into the file so that the page below is the real one
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    db.close()
    with open(store, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(random.Random(11).randbytes(page_size))
    size = store.stat().st_size

    result = run_cli(serve_args(data_dir), env=server_env(), timeout=30)
    assert result.returncode != 0, f"serve started on a damaged store:\n{result.stdout}\n{result.stderr}"
    assert "listening on" not in result.stdout
    assert str(store) in result.stderr, f"the error must name the damaged file {store}:\n{result.stderr}"
    assert store.stat().st_size >= size, "the damaged store must not be replaced by a fresh one"
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        assert db.execute("SELECT id FROM sessions").fetchall() == [(created["id"],)], (
            "the damaged store must keep its sessions")


def test_second_server_on_the_same_data_dir_refuses(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"
    first = serve(atelier_factory, data_dir)
    created = create_session(first)
    store = data_dir / STORE_FILE
    result = run_cli(serve_args(data_dir), env=server_env(), timeout=30)
    assert result.returncode == 2, f"a second serve on {data_dir} should exit 2:\n{result.stdout}\n{result.stderr}"
    assert "in use" in result.stderr, result.stderr
    assert "listening on" not in result.stdout
    # The first server is unaffected and its store intact.
    assert first.proc.poll() is None
    assert listed(first, created["id"]) is not None
    assert store.exists()
