"""WebSocket transport behaviour of ``atelier serve`` and ``atelier echo``.

Well-formed traffic goes through the ``websockets`` asyncio client; malformed
frames and misbehaving peers (never reading, never answering pings) use the
raw-socket client from ``atelier_e2e``.
"""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest
import websockets

from atelier_e2e import (
    OP_CLOSE,
    OP_CONT,
    OP_PING,
    OP_TEXT,
    SUBPROTOCOL,
    PeerClosed,
    RawWebSocket,
    fetch_metrics,
    http_get,
    make_ssl_context,
    metric_value,
    rss_bytes,
    run,
    text_payload,
    wait_for_close,
    wait_until,
    ws_connect,
)

KIB = 1024
MIB = 1024 * KIB
DEFAULT_MAX_MESSAGE = 65536


async def send_until_closed(ws, message) -> None:
    """Send, tolerating the server closing the connection while we send."""
    try:
        await ws.send(message)
    except websockets.ConnectionClosed:
        pass


async def fragments(parts):
    for part in parts:
        yield part


def connect_for(server, mode: str, **kwargs):
    """Serve mode requires the atelier.v1 subprotocol; echo mode takes none."""
    subprotocols = [SUBPROTOCOL] if mode == "serve" else None
    return ws_connect(server.ws_url + "/ws", subprotocols=subprotocols, **kwargs)


# --------------------------------------------------------------------------
# Opening handshake and subprotocol negotiation
# --------------------------------------------------------------------------


def test_the_service_thread_waits_on_libev_with_epoll(atelier):
    """The transport runs libwebsockets on a libev loop (epoll), not on its poll() loop: a
    missing event-lib plugin would silently cost a scan of every socket per wake-up."""
    wait_until(lambda: "event loop: libev" in atelier.output("stderr"), 5, message="the event loop line")
    line = next(l for l in atelier.output("stderr").splitlines() if "event loop" in l)
    assert "epoll" in line and "poll()" not in line, line


@pytest.mark.parametrize("path", ["/ws", "/", "/some/other/path"])
def test_serve_accepts_atelier_subprotocol_on_any_path(atelier, path):
    async def body():
        async with ws_connect(atelier.ws_url + path, subprotocols=[SUBPROTOCOL]) as ws:
            assert ws.subprotocol == SUBPROTOCOL
            pong = await ws.ping()
            await asyncio.wait_for(pong, 5)  # the connection is really open

    run(body())


def test_serve_picks_atelier_subprotocol_among_several(atelier):
    async def body():
        async with ws_connect(atelier.ws_url + "/ws", subprotocols=["bogus.v9", SUBPROTOCOL]) as ws:
            assert ws.subprotocol == SUBPROTOCOL

    run(body())


def test_serve_closes_client_without_subprotocol_with_1002(atelier):
    async def body():
        async with ws_connect(atelier.ws_url + "/ws") as ws:
            assert ws.subprotocol is None
            code, reason = await wait_for_close(ws, timeout=5)
        assert code == 1002, f"expected close 1002 (protocol error), got {code} {reason!r}"
        assert SUBPROTOCOL in (reason or ""), f"close reason should mention {SUBPROTOCOL}: {reason!r}"

    run(body())


def test_serve_refuses_unknown_subprotocol(atelier):
    result, ws = RawWebSocket.handshake(atelier.port, subprotocols=["bogus.v9"])
    if ws is not None:
        ws.close()
    assert result.status != 101, (
        f"handshake offering only an unknown subprotocol must be refused, got {result.status_line!r} "
        f"with Sec-WebSocket-Protocol={result.headers.get('sec-websocket-protocol')!r}"
    )


@pytest.mark.parametrize("subprotocols", [None, [SUBPROTOCOL]], ids=["no-subprotocol", "atelier.v1"])
def test_echo_accepts_atelier_subprotocol_or_none(atelier_echo, subprotocols):
    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws", subprotocols=subprotocols) as ws:
            assert ws.subprotocol == (subprotocols[0] if subprotocols else None)
            await ws.send("hello")
            assert await asyncio.wait_for(ws.recv(), 5) == "hello"

    run(body())


# --------------------------------------------------------------------------
# Echo
# --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 60 * KIB, DEFAULT_MAX_MESSAGE], ids=["0B", "1B", "60KiB", "64KiB-exactly-max"])
def test_echo_text(atelier_echo, size):
    message = text_payload(size, seed=size)

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws") as ws:
            await ws.send(message)
            echoed = await asyncio.wait_for(ws.recv(), 10)
        assert isinstance(echoed, str), f"text message came back as {type(echoed).__name__}"
        assert len(echoed) == size and echoed == message, f"echo of {size} B differs (got {len(echoed)} B)"

    run(body())


@pytest.mark.parametrize("size", [0, 1, 60 * KIB], ids=["0B", "1B", "60KiB"])
def test_echo_binary(atelier_echo, size):
    message = os.urandom(size)

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws") as ws:
            await ws.send(message)
            echoed = await asyncio.wait_for(ws.recv(), 10)
        assert isinstance(echoed, bytes), f"binary message came back as {type(echoed).__name__}"
        assert echoed == message, f"echo of {size} B binary differs (got {len(echoed)} B)"

    run(body())


def test_echo_reassembles_fragmented_text_message(atelier_echo):
    parts = [text_payload(1000, seed=i) for i in range(10)] + ["", "tail κ"]

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws") as ws:
            await ws.send(fragments(parts))
            echoed = await asyncio.wait_for(ws.recv(), 10)
        assert echoed == "".join(parts), "fragmented message was not echoed as the reassembled whole"

    run(body())


def test_echo_reassembles_fragmented_binary_message(atelier_echo):
    parts = [os.urandom(4096) for _ in range(8)]

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws") as ws:
            await ws.send(fragments(parts))
            echoed = await asyncio.wait_for(ws.recv(), 10)
        assert echoed == b"".join(parts)

    run(body())


def test_echo_text_split_inside_a_utf8_character(atelier_echo):
    """A multi-byte character split across fragments is valid UTF-8 overall."""
    ws = RawWebSocket.connect(atelier_echo.port, subprotocols=None)
    try:
        ws.send_frame(OP_TEXT, "κα".encode()[:1], fin=False)
        ws.send_frame(OP_CONT, "κα".encode()[1:], fin=True)
        payload, opcode = b"", None
        while True:
            frame = ws.recv_frame(timeout=5)
            assert frame.opcode != OP_CLOSE, f"server closed with {frame.close_code()} on valid split UTF-8"
            opcode = opcode if opcode is not None else frame.opcode
            payload += frame.payload
            if frame.fin:
                break
        assert opcode == OP_TEXT and payload == "κα".encode()
    finally:
        ws.close()


def test_echo_preserves_order_of_many_messages(atelier_echo):
    messages = [f"message {i} " + text_payload(100, seed=i) for i in range(300)]

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws") as ws:
            async def reader():
                return [await ws.recv() for _ in messages]

            reading = asyncio.create_task(reader())
            for message in messages:
                await ws.send(message)
            echoed = await asyncio.wait_for(reading, 20)
        assert echoed == messages

    run(body())


def test_echo_with_permessage_deflate_offered(atelier_echo):
    """Browsers offer permessage-deflate; echo must work whether or not it is negotiated."""
    message = "abc" * 5000

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws", compression="deflate") as ws:
            await ws.send(message)
            assert await asyncio.wait_for(ws.recv(), 10) == message

    run(body())


# --------------------------------------------------------------------------
# Message size limit -> 1009
# --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["serve", "echo"])
def test_oversize_single_frame_closes_1009(atelier_factory, mode):
    server = atelier_factory(mode)

    async def body():
        async with connect_for(server, mode) as ws:
            await send_until_closed(ws, text_payload(DEFAULT_MAX_MESSAGE + 1))
            code, reason = await wait_for_close(ws, timeout=5)
        assert code == 1009, f"expected close 1009 (message too big), got {code} {reason!r}"

    run(body())


@pytest.mark.parametrize("mode", ["serve", "echo"])
def test_oversize_fragmented_message_closes_1009(atelier_factory, mode):
    """Each fragment is small; the reassembled message (80 KiB) is too big."""
    server = atelier_factory(mode)
    parts = [text_payload(16 * KIB, seed=i) for i in range(5)]

    async def body():
        async with connect_for(server, mode) as ws:
            await send_until_closed(ws, fragments(parts))
            code, reason = await wait_for_close(ws, timeout=5)
        assert code == 1009, f"expected close 1009 for an 80 KiB fragmented message, got {code} {reason!r}"

    run(body())


def test_echo_max_message_flag(atelier_factory):
    server = atelier_factory("echo", args=["--max-message", "1000"])

    async def body():
        async with ws_connect(server.ws_url + "/ws") as ws:
            await ws.send("x" * 1000)
            assert await asyncio.wait_for(ws.recv(), 5) == "x" * 1000, "a message of exactly the limit must pass"
            await send_until_closed(ws, "x" * 1001)
            code, reason = await wait_for_close(ws, timeout=5)
        assert code == 1009, f"--max-message 1000 then 1001 B: expected 1009, got {code} {reason!r}"

    run(body())


# --------------------------------------------------------------------------
# Invalid UTF-8 -> 1007, binary in serve mode -> 1003
# --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["serve", "echo"])
def test_invalid_utf8_text_closes_1007(atelier_factory, mode):
    server = atelier_factory(mode)
    ws = RawWebSocket.connect(server.port, subprotocols=[SUBPROTOCOL] if mode == "serve" else None)
    try:
        ws.send_frame(OP_TEXT, b"\xff\xfe")
        code, reason = ws.expect_close(timeout=5)
    finally:
        ws.close()
    assert code == 1007, f"expected close 1007 (invalid payload data), got {code} {reason!r}"


def test_invalid_utf8_across_fragments_closes_1007(atelier_echo):
    ws = RawWebSocket.connect(atelier_echo.port, subprotocols=None)
    try:
        ws.send_frame(OP_TEXT, b"\xce", fin=False)   # valid lead byte of a 2-byte sequence...
        ws.send_frame(OP_CONT, b"\xff", fin=True)    # ...followed by an invalid byte
        code, reason = ws.expect_close(timeout=5)
    finally:
        ws.close()
    assert code == 1007, f"expected close 1007, got {code} {reason!r}"


def test_serve_rejects_binary_message_with_1003(atelier):
    async def body():
        async with ws_connect(atelier.ws_url + "/ws", subprotocols=[SUBPROTOCOL]) as ws:
            await send_until_closed(ws, b"\x00\x01binary")
            code, reason = await wait_for_close(ws, timeout=5)
        assert code == 1003, f"expected close 1003 (unsupported data), got {code} {reason!r}"

    run(body())


# --------------------------------------------------------------------------
# Origin checks
# --------------------------------------------------------------------------


def handshake_status(server, **kwargs):
    result, ws = RawWebSocket.handshake(server.port, **kwargs)
    if ws is not None:
        ws.close()
    return result


@pytest.mark.parametrize("origin", [
    "http://evil.example",
    "https://evil.example:443",
    "null",
    "http://localhost.evil.example",
    "http://127.0.0.1.evil.example:8080",
])
def test_foreign_origin_is_refused(atelier, origin):
    result = handshake_status(atelier, origin=origin)
    assert result.status != 101, f"Origin {origin!r} must be refused, got {result.status_line!r}"


@pytest.mark.parametrize("origin", [
    None,
    "http://127.0.0.1:1",
    "http://127.0.0.1:5173",
    "http://localhost:3000",
    "https://localhost:8443",
    "http://localhost",
    "http://[::1]:8080",
])
def test_loopback_or_missing_origin_is_allowed(atelier, origin):
    result = handshake_status(atelier, origin=origin)
    assert result.status == 101, f"Origin {origin!r} should be allowed, got {result.status_line!r}"
    assert result.headers.get("sec-websocket-protocol") == SUBPROTOCOL


def test_own_origin_from_host_header_is_allowed(atelier):
    host = f"workshop.test:{atelier.port}"
    allowed = handshake_status(atelier, host_header=host, origin=f"http://{host}")
    assert allowed.status == 101, f"same-origin request (Host {host}) refused: {allowed.status_line!r}"
    other = handshake_status(atelier, host_header=host, origin=f"http://other.test:{atelier.port}")
    assert other.status != 101, f"Origin other.test with Host {host} must be refused: {other.status_line!r}"


def test_configured_allowed_origin(atelier_factory):
    server = atelier_factory("serve", config={"transport": {"allowed_origins": ["https://workshop.example.org"]}})
    listed = handshake_status(server, origin="https://workshop.example.org")
    assert listed.status == 101, f"origin listed in transport.allowed_origins refused: {listed.status_line!r}"
    unlisted = handshake_status(server, origin="https://other.example.org")
    assert unlisted.status != 101, f"unlisted origin accepted: {unlisted.status_line!r}"


def test_null_origin_allowed_when_configured(atelier_factory):
    server = atelier_factory("serve", config={"transport": {"allow_null_origin": True}})
    result = handshake_status(server, origin="null")
    assert result.status == 101, f"Origin null refused despite allow_null_origin: {result.status_line!r}"


# --------------------------------------------------------------------------
# Fan-out: 1,000 connections on echo --relay
# --------------------------------------------------------------------------


def raise_nofile_limit(wanted: int = 4096) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def connect_many(url: str, count: int, batch: int = 100):
    """Open ``count`` connections in staggered batches."""
    clients = []
    for start in range(0, count, batch):
        size = min(batch, count - start)
        clients += await asyncio.gather(*(ws_connect(url, open_timeout=30) for _ in range(size)))
        await asyncio.sleep(0.05)
    return clients


@pytest.mark.slow
def test_relay_broadcast_reaches_1000_connections(atelier_factory):
    count = 1000
    limit = raise_nofile_limit(4096)
    assert limit >= count + 200, f"RLIMIT_NOFILE soft limit {limit} is too low for {count} connections"
    server = atelier_factory("echo", args=["--relay"])  # inherits the raised limit

    async def body():
        clients = await connect_many(server.ws_url + "/ws", count)
        try:
            health = (await asyncio.to_thread(http_get, server, "/healthz")).json()
            assert health["connections"] == count, f"/healthz reports {health['connections']} open connections"

            message = "broadcast " + text_payload(64, seed=7)
            await clients[0].send(message)

            async def receive(ws):
                try:
                    return await asyncio.wait_for(ws.recv(), 30)
                except (asyncio.TimeoutError, websockets.ConnectionClosed) as exc:
                    return exc

            results = await asyncio.gather(*(receive(ws) for ws in clients))
            wrong = [(i, r) for i, r in enumerate(results) if r != message]
            assert not wrong, (
                f"{len(wrong)} of {count} connections did not receive the broadcast; "
                f"first few: {[(i, repr(r)[:80]) for i, r in wrong[:5]]}"
            )
        finally:
            await asyncio.gather(*(ws.close() for ws in clients), return_exceptions=True)

    run(body(), timeout=150)


# --------------------------------------------------------------------------
# Slow consumers: bounded outbound queue -> 1008, bounded memory
# --------------------------------------------------------------------------


@pytest.mark.slow
def test_slow_reader_is_cut_off_and_memory_stays_bounded(atelier_factory):
    server = atelier_factory("echo", args=["--relay", "--max-queue", "262144"])
    slow = RawWebSocket.connect(server.port, subprotocols=None, rcvbuf=4096)  # never reads
    baseline_rss = rss_bytes(server.pid)
    message_count, message = 2000, text_payload(32 * KIB, seed=1)

    async def body():
        async with ws_connect(server.ws_url + "/ws") as sender:
            received = 0
            progress = asyncio.Event()

            async def reader():
                nonlocal received
                async for _ in sender:
                    received += 1
                    progress.set()

            reading = asyncio.create_task(reader())
            for sent in range(1, message_count + 1):
                await sender.send(message)
                # Keep at most 4 of our own echoes in flight, so the *sender*
                # never comes near its own queue limit.
                while sent - received > 4:
                    progress.clear()
                    await asyncio.wait_for(progress.wait(), 10)
            while received < message_count:
                progress.clear()
                await asyncio.wait_for(progress.wait(), 10)
            assert sender.close_code is None, f"the reading sender was closed too ({sender.close_code})"
            reading.cancel()
            return received

    received = run(body(), timeout=120)
    assert received == message_count, f"sender got {received}/{message_count} of its own broadcasts"

    peak_rss = rss_bytes(server.pid, "VmHWM")
    dropped = slow.wait_until_dropped(timeout=10)
    slow.close()
    assert dropped, "the connection that never reads was not closed after ~64 MiB were broadcast to it"
    growth = peak_rss - baseline_rss
    assert growth < 64 * MIB, f"server peak RSS grew by {growth / MIB:.1f} MiB (baseline {baseline_rss / MIB:.1f} MiB)"

    samples = fetch_metrics(server)
    closes_1008 = metric_value(samples, "atelier_ws_closes_total", code="1008")
    assert closes_1008 and closes_1008 >= 1, f'atelier_ws_closes_total{{code="1008"}} is {closes_1008}'


# --------------------------------------------------------------------------
# Keep-alive
# --------------------------------------------------------------------------

KEEPALIVE_ENV = {"ATELIER_TRANSPORT_PING_AFTER_SECONDS": "1", "ATELIER_TRANSPORT_HANGUP_AFTER_SECONDS": "3"}


@pytest.mark.slow
def test_silent_peer_is_pinged_then_dropped(atelier_factory):
    server = atelier_factory("serve", env=KEEPALIVE_ENV)
    ws = RawWebSocket.connect(server.port)
    opened = time.monotonic()
    first_ping_after, dropped_after, frames = None, None, []
    try:
        while time.monotonic() - opened < 10:
            try:
                frame = ws.recv_frame(timeout=10 - (time.monotonic() - opened))
            except PeerClosed:
                dropped_after = time.monotonic() - opened
                break
            except TimeoutError:
                break
            frames.append(frame.opcode)
            if frame.opcode == OP_PING and first_ping_after is None:
                first_ping_after = time.monotonic() - opened
            # Deliberately never answer pings (nor a close frame).
    finally:
        ws.close()
    assert first_ping_after is not None, f"no ping received within 10 s (frames: {frames})"
    assert first_ping_after < 1 + 1.5, f"first ping after {first_ping_after:.1f}s with ping_after_seconds=1"
    assert dropped_after is not None, f"silent peer still connected after 10 s (frames: {frames})"
    assert dropped_after < 3 + 2.0, f"silent peer dropped only after {dropped_after:.1f}s with hangup_after_seconds=3"


@pytest.mark.slow
def test_peer_answering_pings_stays_connected(atelier_factory):
    server = atelier_factory("serve", env=KEEPALIVE_ENV)

    async def body():
        # The websockets client answers pings automatically.
        async with ws_connect(server.ws_url + "/ws", subprotocols=[SUBPROTOCOL]) as ws:
            await asyncio.sleep(6)
            assert ws.close_code is None, f"closed with {ws.close_code} {ws.close_reason!r} despite answering pings"
            pong = await ws.ping()
            await asyncio.wait_for(pong, 3)

    run(body())


# --------------------------------------------------------------------------
# Graceful shutdown
# --------------------------------------------------------------------------


@pytest.mark.parametrize("mode,sig", [
    ("serve", signal.SIGTERM), ("serve", signal.SIGINT), ("echo", signal.SIGTERM),
], ids=["serve-SIGTERM", "serve-SIGINT", "echo-SIGTERM"])
def test_signal_closes_websockets_with_1001_and_exits_0(atelier_factory, mode, sig):
    server = atelier_factory(mode)

    async def body():
        async with connect_for(server, mode) as first, connect_for(server, mode) as second:
            # Steady state: give the server a moment after start-up. Signals that
            # arrive right after the "listening on" line are covered by
            # test_signal_right_after_startup_is_handled.
            await asyncio.sleep(0.3)
            signalled = time.monotonic()
            server.send_signal(sig)
            codes = [await wait_for_close(ws, timeout=3) for ws in (first, second)]
            return signalled, codes

    signalled, codes = run(body())
    for code, reason in codes:
        assert code == 1001, f"expected close 1001 (going away) after {sig.name}, got {code} {reason!r}"
    try:
        exit_code = server.wait(timeout=max(0.1, signalled + 2.0 - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise AssertionError(f"process still running 2 s after {sig.name}") from None
    assert exit_code == 0, f"exit code {exit_code} after {sig.name}\n{server.describe()}"


@pytest.mark.parametrize("mode", ["serve", "echo"])
def test_signal_right_after_startup_is_handled(atelier_factory, mode):
    """Once 'listening on' is printed, SIGTERM must be handled, not kill the process.

    Exit code -15 means the default SIGTERM action ran: the handler was
    installed after the listener was announced. The race window is short, so
    the check is repeated.
    """
    attempts, exit_codes = 15, []
    for _ in range(attempts):
        server = atelier_factory(mode)
        server.send_signal(signal.SIGTERM)
        exit_codes.append(server.wait(timeout=5))
    bad = [code for code in exit_codes if code != 0]
    assert not bad, (
        f"{len(bad)}/{attempts} servers sent SIGTERM right after 'listening on' exited with {bad} "
        "(-15: killed by the default action, i.e. the signal handler is installed too late)"
    )


# --------------------------------------------------------------------------
# TLS
# --------------------------------------------------------------------------


@pytest.fixture
def tls_cert(tmp_path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    completed = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 0, f"openssl failed: {completed.stderr}"
    return cert, key


@pytest.mark.parametrize("via", ["config", "env"])
def test_tls_serves_wss_and_https(atelier_factory, tls_cert, via):
    cert, key = tls_cert
    if via == "config":
        server = atelier_factory("serve", config={"tls": {"certificate_path": str(cert), "private_key_path": str(key)}})
    else:
        server = atelier_factory("serve", env={"ATELIER_TLS_CERTIFICATE_PATH": str(cert),
                                               "ATELIER_TLS_PRIVATE_KEY_PATH": str(key)})
    assert server.scheme == "https", f"TLS configured but the server announced {server.url}"
    context = make_ssl_context(cert)

    async def body():
        async with ws_connect(server.ws_url + "/ws", subprotocols=[SUBPROTOCOL], ssl=context) as ws:
            assert ws.subprotocol == SUBPROTOCOL
            pong = await ws.ping()
            await asyncio.wait_for(pong, 5)

    run(body())

    health = http_get(server, "/healthz", ssl_context=context)
    assert health.status == 200 and health.json()["status"] == "ok"

    try:
        plain = http_get(server, "/healthz", timeout=5)
        plain_status = plain.status
    except Exception as exc:  # connection reset / bad status line: what a TLS-only port does
        plain_status = type(exc).__name__
    assert plain_status != 200, "the TLS listener also answered plain HTTP"
