"""Shared helpers for the Atelier end-to-end tests.

Everything here talks to a real ``atelier`` process over loopback: a process
wrapper that parses the "listening on" line, a tiny raw WebSocket client for
the frames that well-behaved libraries refuse to send, HTTP helpers, a
Prometheus text parser and a /proc RSS reader.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import json
import os
import re
import select
import signal
import socket
import ssl
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import websockets
from websockets.asyncio.client import connect as _ws_connect

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
REPO_WEB_ROOT = REPO_ROOT / "web"
REPO_CONFIG = REPO_ROOT / "config" / "atelier.yaml"

LISTENING_RE = re.compile(r"listening on (https?)://([^\s:/]+|\[[^\]]+\]):(\d+)")
SUBPROTOCOL = "atelier.v1"
VERSION = "0.1.0"
STARTUP_TIMEOUT = 30.0

# Summary line printed at the end of the session by conftest.pytest_terminal_summary.
AUTOBAHN_SUMMARY = pytest.StashKey[str]()

# WebSocket opcodes (RFC 6455, section 5.2).
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


# --------------------------------------------------------------------------
# Locating the binary
# --------------------------------------------------------------------------


def binary_path() -> Path:
    """``$ATELIER_BIN`` if set, else ``.build/debug/atelier`` in the repo."""
    override = os.environ.get("ATELIER_BIN")
    if override:
        return Path(override).resolve()
    return REPO_ROOT / ".build" / "debug" / "atelier"


def missing_binary_message(path: Path) -> str:
    return (
        f"atelier binary not found or not executable at {path}. "
        "Build it first (`swift build` from the repository root) or point "
        "ATELIER_BIN at an existing binary."
    )


def hermetic_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The current environment minus any ATELIER_* settings, plus ``extra``.

    Tests must not be influenced by whatever ATELIER_* variables the
    developer happens to have exported (ATELIER_BIN only selects the binary).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATELIER_")}
    env.update(extra or {})
    return env


# --------------------------------------------------------------------------
# Running the server
# --------------------------------------------------------------------------


class ServerStartError(AssertionError):
    pass


class AtelierProcess:
    """A running ``atelier`` process whose stdout/stderr are drained by threads."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path, log_path: Path):
        self.argv = argv
        self.log_path = log_path
        self._lines: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._listening = threading.Event()
        self._stopped_by_test = False
        self.scheme: str | None = None
        self.host: str | None = None
        self.port: int | None = None
        self.proc = subprocess.Popen(
            argv,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._threads = [
            threading.Thread(target=self._pump, args=("stdout", self.proc.stdout), daemon=True),
            threading.Thread(target=self._pump, args=("stderr", self.proc.stderr), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # -- output handling ----------------------------------------------------

    def _pump(self, name: str, stream) -> None:
        with open(self.log_path.with_suffix(f".{name}.log"), "w", encoding="utf-8") as log:
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\n")
                log.write(line + "\n")
                log.flush()
                with self._lock:
                    self._lines.append((name, line))
                if name == "stdout" and not self._listening.is_set():
                    match = LISTENING_RE.search(line)
                    if match:
                        self.scheme = match.group(1)
                        self.host = match.group(2)
                        self.port = int(match.group(3))
                        self._listening.set()
        stream.close()

    def output(self, stream: str | None = None) -> str:
        with self._lock:
            return "\n".join(
                f"[{name}] {line}" if stream is None else line
                for name, line in self._lines
                if stream is None or name == stream
            )

    def describe(self, tail: int = 60) -> str:
        lines = self.output().splitlines()[-tail:]
        return f"command: {' '.join(self.argv)}\nexit code: {self.proc.poll()}\n--- output (last {tail} lines) ---\n" + "\n".join(lines)

    # -- lifecycle ----------------------------------------------------------

    def wait_listening(self, timeout: float = STARTUP_TIMEOUT) -> "AtelierProcess":
        deadline = time.monotonic() + timeout
        while not self._listening.wait(0.05):
            if self.proc.poll() is not None:
                for thread in self._threads:
                    thread.join(1)
                if self._listening.is_set():
                    break
                raise ServerStartError(
                    "atelier exited before printing its 'listening on' line\n" + self.describe()
                )
            if time.monotonic() > deadline:
                hint = ""
                if LISTENING_RE.search(self.output("stderr")):
                    hint = "\n(the 'listening on' line was printed on stderr; the contract says stdout)"
                self.kill()
                raise ServerStartError(
                    f"atelier did not print 'listening on ...' within {timeout:.0f}s{hint}\n" + self.describe()
                )
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        ws_scheme = "wss" if self.scheme == "https" else "ws"
        return f"{ws_scheme}://{self.host}:{self.port}"

    @property
    def stopped_by_test(self) -> bool:
        return self._stopped_by_test

    def send_signal(self, sig: int) -> None:
        self._stopped_by_test = True
        self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout)
        for thread in self._threads:
            thread.join(2)
        return code

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 5.0) -> int:
        """Signal the process, wait, SIGKILL on timeout. Returns the exit code."""
        self._stopped_by_test = True
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.wait(5)

    def kill(self) -> None:
        self._stopped_by_test = True
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def start_atelier(
    mode: str,
    *,
    workdir: Path,
    args: list[str] | tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    port: int | None = 0,
    host: str | None = "127.0.0.1",
    wait: bool = True,
    name: str = "atelier",
) -> AtelierProcess:
    """Start ``atelier <mode> [--host H] [--port P] <args...>`` in ``workdir``."""
    argv = [str(binary_path()), mode]
    if host is not None:
        argv += ["--host", host]
    if port is not None:
        argv += ["--port", str(port)]
    argv += [str(a) for a in args]
    workdir.mkdir(parents=True, exist_ok=True)
    process = AtelierProcess(argv, env=hermetic_env(env), cwd=workdir, log_path=workdir / name)
    if wait:
        process.wait_listening()
    return process


def run_cli(args: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 30.0) -> subprocess.CompletedProcess:
    """Run a short-lived ``atelier`` command and capture its output as text."""
    return subprocess.run(
        [str(binary_path()), *args],
        env=hermetic_env(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------
# /proc and HTTP
# --------------------------------------------------------------------------


def rss_bytes(pid: int, field_name: str = "VmRSS") -> int:
    """Resident set size (or another Vm* field) of ``pid`` in bytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"{field_name} not found in /proc/{pid}/status")


@dataclass
class HttpResponse:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http_request(server: AtelierProcess | tuple[str, int], method: str, path: str, *,
                 body: bytes | None = None, headers: dict[str, str] | None = None,
                 ssl_context: ssl.SSLContext | None = None, timeout: float = 10.0) -> HttpResponse:
    """One HTTP/1.1 request with http.client (no proxies, no path normalisation)."""
    host, port = (server.host, server.port) if isinstance(server, AtelierProcess) else server
    if ssl_context is not None:
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl_context)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return HttpResponse(
            status=response.status,
            reason=response.reason,
            headers={k.lower(): v for k, v in response.getheaders()},
            body=data,
        )
    finally:
        conn.close()


def http_get(server, path: str, **kwargs) -> HttpResponse:
    return http_request(server, "GET", path, **kwargs)


# --------------------------------------------------------------------------
# Prometheus text format
# --------------------------------------------------------------------------

_SAMPLE_RE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$")
_LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text: str) -> list[tuple[str, dict[str, str], float]]:
    samples = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _SAMPLE_RE.match(line)
        if not match:
            raise AssertionError(f"unparseable Prometheus sample line: {line!r}")
        name, _, labels, value, _ = match.groups()
        samples.append((name, dict(_LABEL_RE.findall(labels or "")), float(value)))
    return samples


def metric_value(samples, name: str, **labels: str) -> float | None:
    """Sum of all series of ``name`` whose labels include ``labels``; None if absent."""
    values = [v for n, l, v in samples if n == name and all(l.get(k) == w for k, w in labels.items())]
    return sum(values) if values else None


def fetch_metrics(server: AtelierProcess):
    response = http_get(server, "/metrics")
    assert response.status == 200, f"/metrics answered {response.status}: {response.text[:500]}"
    return parse_metrics(response.text)


# --------------------------------------------------------------------------
# WebSocket client helpers (websockets library)
# --------------------------------------------------------------------------


def run(coro, timeout: float = 60.0):
    """Run an async test body with an overall timeout."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


def ws_connect(url: str, *, subprotocols: list[str] | None = None, **kwargs):
    """websockets client with test-friendly defaults.

    No proxy, no compression (sizes on the wire are what we sent), no
    client-initiated keep-alive pings, large enough max_size for our payloads.
    """
    options = dict(
        subprotocols=subprotocols,
        compression=None,
        proxy=None,
        ping_interval=None,
        open_timeout=10,
        close_timeout=5,
        max_size=16 * 1024 * 1024,
    )
    options.update(kwargs)
    return _ws_connect(url, **options)


async def wait_for_close(ws, timeout: float = 5.0) -> tuple[int | None, str | None]:
    """Drain messages until the peer closes; return (close code, reason)."""

    async def drain() -> None:
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed:
            pass

    try:
        await asyncio.wait_for(drain(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"the server did not close the connection within {timeout}s") from None
    return ws.close_code, ws.close_reason


def text_payload(size: int, seed: int = 0) -> str:
    """Deterministic, poorly compressible ASCII text of exactly ``size`` bytes."""
    import random

    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_"
    return "".join(rng.choice(alphabet) for _ in range(size))


# --------------------------------------------------------------------------
# Raw WebSocket client (for malformed frames and misbehaving peers)
# --------------------------------------------------------------------------


class PeerClosed(Exception):
    """The TCP connection was closed (EOF or reset) by the server."""


@dataclass
class Frame:
    fin: bool
    opcode: int
    payload: bytes

    def close_code(self) -> tuple[int | None, str]:
        if len(self.payload) >= 2:
            return struct.unpack("!H", self.payload[:2])[0], self.payload[2:].decode("utf-8", "replace")
        return None, ""


def _mask(payload: bytes, key: bytes) -> bytes:
    if not payload:
        return b""
    repeated = (key * (len(payload) // 4 + 1))[: len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(len(payload), "big")


def encode_frame(opcode: int, payload: bytes, *, fin: bool = True, mask: bool = True) -> bytes:
    first = (0x80 if fin else 0) | opcode
    mask_bit = 0x80 if mask else 0
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", first, mask_bit | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", first, mask_bit | 126, length)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, length)
    if not mask:
        return header + payload
    key = os.urandom(4)
    return header + key + _mask(payload, key)


@dataclass
class HandshakeResult:
    status: int | None          # None: the server dropped the connection without a response
    status_line: str
    headers: dict[str, str] = field(default_factory=dict)
    body_start: bytes = b""


class RawWebSocket:
    """A blocking, minimal RFC 6455 client over a plain TCP socket."""

    def __init__(self, sock: socket.socket, buffered: bytes = b""):
        self.sock = sock
        self._buffer = bytearray(buffered)

    # -- opening handshake --------------------------------------------------

    @staticmethod
    def handshake(port: int, *, host: str = "127.0.0.1", path: str = "/ws",
                  subprotocols: list[str] | tuple[str, ...] | None = (SUBPROTOCOL,),
                  origin: str | None = None, host_header: str | None = None,
                  extra_headers: dict[str, str] | None = None, rcvbuf: int | None = None,
                  timeout: float = 5.0) -> tuple[HandshakeResult, "RawWebSocket | None"]:
        """Send an upgrade request; return the parsed response and, on 101, the socket."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:
            # Must be set before connect() so the advertised window stays small.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.settimeout(timeout)
        sock.connect((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host_header or f'{host}:{port}'}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if subprotocols:
            lines.append(f"Sec-WebSocket-Protocol: {', '.join(subprotocols)}")
        if origin is not None:
            lines.append(f"Origin: {origin}")
        for name, value in (extra_headers or {}).items():
            lines.append(f"{name}: {value}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())

        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout, TimeoutError):
            pass
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            sock.close()
            return HandshakeResult(status=None, status_line=data[:200].decode("latin-1")), None
        header_lines = head.decode("latin-1").split("\r\n")
        status_line = header_lines[0]
        parts = status_line.split(" ", 2)
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        headers = {}
        for line in header_lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        result = HandshakeResult(status=status, status_line=status_line, headers=headers, body_start=rest)
        if status != 101:
            sock.close()
            return result, None
        return result, RawWebSocket(sock, rest)

    @classmethod
    def connect(cls, port: int, **kwargs) -> "RawWebSocket":
        result, ws = cls.handshake(port, **kwargs)
        if ws is None:
            raise AssertionError(f"WebSocket handshake refused: {result.status_line!r}")
        return ws

    # -- frames -----------------------------------------------------------

    def send_frame(self, opcode: int, payload: bytes = b"", *, fin: bool = True) -> None:
        self.sock.sendall(encode_frame(opcode, payload, fin=fin))

    def _read_exactly(self, n: int, deadline: float) -> bytes:
        while len(self._buffer) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("timed out waiting for data from the server")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except (socket.timeout, TimeoutError):
                raise TimeoutError("timed out waiting for data from the server") from None
            except ConnectionResetError as exc:
                raise PeerClosed("connection reset by the server") from exc
            if not chunk:
                raise PeerClosed("EOF from the server")
            self._buffer += chunk
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out

    def recv_frame(self, timeout: float = 5.0) -> Frame:
        deadline = time.monotonic() + timeout
        b0, b1 = self._read_exactly(2, deadline)
        length = b1 & 0x7F
        if length == 126:
            length = struct.unpack("!H", self._read_exactly(2, deadline))[0]
        elif length == 127:
            length = struct.unpack("!Q", self._read_exactly(8, deadline))[0]
        key = self._read_exactly(4, deadline) if b1 & 0x80 else None
        payload = self._read_exactly(length, deadline)
        if key:
            payload = _mask(payload, key)
        return Frame(fin=bool(b0 & 0x80), opcode=b0 & 0x0F, payload=payload)

    def expect_close(self, timeout: float = 5.0) -> tuple[int | None, str]:
        """Read frames until a close frame; return its (code, reason)."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            try:
                frame = self.recv_frame(max(0.0, deadline - time.monotonic()))
            except PeerClosed:
                raise AssertionError(
                    f"server dropped the TCP connection without a close frame (frames seen: {seen})"
                ) from None
            except TimeoutError:
                raise AssertionError(f"no close frame within {timeout}s (frames seen: {seen})") from None
            if frame.opcode == OP_CLOSE:
                return frame.close_code()
            seen.append((frame.opcode, len(frame.payload)))

    def wait_until_dropped(self, timeout: float) -> bool:
        """Discard everything the server sends; True once EOF/RST is seen."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            readable, _, _ = select.select([self.sock], [], [], min(remaining, 0.5))
            if not readable:
                continue
            try:
                chunk = self.sock.recv(1 << 20)
            except (ConnectionResetError, BrokenPipeError):
                return True
            if not chunk:
                return True

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def make_ssl_context(cafile: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(cafile))
    return context


def wait_until(predicate, timeout: float, interval: float = 0.05, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
