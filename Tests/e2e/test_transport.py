"""WebSocket transport behaviour of ``atelier serve`` and ``atelier echo``.

Well-formed traffic goes through the ``websockets`` asyncio client; malformed
frames and misbehaving peers (never reading, never answering pings) use the
raw-socket client from ``atelier_e2e``.
"""

from __future__ import annotations

import asyncio
import os

import pytest
import websockets

from atelier_e2e import (
    OP_CLOSE,
    OP_CONT,
    OP_TEXT,
    SUBPROTOCOL,
    RawWebSocket,
    run,
    text_payload,
    wait_for_close,
    wait_until,
    ws_connect,
)

KIB = 1024
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
