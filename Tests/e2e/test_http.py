"""HTTP side of the Atelier listener: static files, health, metrics, limits."""

from __future__ import annotations

import asyncio
import select
import socket
import time
from pathlib import Path

import pytest

from atelier_e2e import (
    SUBPROTOCOL,
    VERSION,
    fetch_metrics,
    http_get,
    http_request,
    metric_value,
    run,
    wait_until,
    ws_connect,
)

# extension -> acceptable Content-Type media types (parameters such as charset ignored)
MIME_TYPES = {
    ".html": {"text/html"},
    ".js": {"text/javascript", "application/javascript"},
    ".mjs": {"text/javascript", "application/javascript"},
    ".css": {"text/css"},
    ".svg": {"image/svg+xml"},
    ".png": {"image/png"},
    ".json": {"application/json"},
    ".webmanifest": {"application/manifest+json"},
}

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

SITE_FILES = {
    "index.html": b"<!doctype html><title>atelier e2e index</title><p>index page</p>\n",
    "app.js": b"console.log('app');\n",
    "module.mjs": b"export const answer = 42;\n",
    "style.css": b"body { color: #333; }\n",
    "icon.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
    "pixel.png": PNG_1X1,
    "data.json": b'{"hello": "world"}\n',
    "site.webmanifest": b'{"name": "Atelier"}\n',
    "nested/page.html": b"<!doctype html><p>nested</p>\n",
}

SECRET = b"TOP-SECRET-SENTINEL outside the web root\n"

METRIC_NAMES = [
    "atelier_ws_connections_open",
    "atelier_ws_connections_total",
    "atelier_ws_messages_in_total",
    "atelier_ws_messages_out_total",
    "atelier_ws_bytes_in_total",
    "atelier_ws_bytes_out_total",
]


@pytest.fixture
def site(tmp_path) -> Path:
    """A web root with one file per served extension, and a secret next to it."""
    root = tmp_path / "site"
    for name, content in SITE_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    return root


@pytest.fixture
def site_server(atelier_factory, site):
    return atelier_factory("serve", web_root=site)


def media_type(response) -> str:
    return (response.header("content-type") or "").split(";")[0].strip().lower()


def assert_security_headers(response, what: str) -> None:
    csp = response.header("content-security-policy")
    assert csp, f"{what}: missing Content-Security-Policy"
    assert "default-src 'none'" in csp, f"{what}: CSP lacks default-src 'none': {csp!r}"
    assert "script-src 'self'" in csp, f"{what}: CSP lacks script-src 'self': {csp!r}"
    expected = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
    }
    for name, value in expected.items():
        actual = response.header(name)
        assert actual is not None and actual.lower() == value.lower(), f"{what}: {name} is {actual!r}, want {value!r}"


# --------------------------------------------------------------------------
# Static files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SITE_FILES))
def test_static_file_content_and_type(site_server, name):
    response = http_get(site_server, "/" + name)
    assert response.status == 200, f"GET /{name} -> {response.status}"
    assert response.body == SITE_FILES[name], f"GET /{name} returned different bytes"
    suffix = Path(name).suffix
    assert media_type(response) in MIME_TYPES[suffix], (
        f"GET /{name}: Content-Type {response.header('content-type')!r}, want one of {sorted(MIME_TYPES[suffix])}"
    )


def test_root_serves_index_html(site_server):
    response = http_get(site_server, "/")
    assert response.status == 200
    assert response.body == SITE_FILES["index.html"]
    assert media_type(response) == "text/html"


def test_repository_web_root_serves_index(atelier):
    """The default fixture uses the repository's web/ folder (written separately)."""
    response = http_get(atelier, "/")
    assert response.status == 200, f"GET / with --web-root web/ -> {response.status}"
    assert media_type(response) == "text/html"


def test_unknown_path_is_404(site_server):
    for path in ["/does-not-exist.html", "/nested/missing.js", "/nested/"]:
        response = http_get(site_server, path)
        # "/nested/" has no index.html: 404 (403 would also refuse listing)
        assert response.status in ({404, 403} if path.endswith("/") else {404}), f"GET {path} -> {response.status}"
        assert SITE_FILES["nested/page.html"] not in response.body, f"GET {path} leaked a directory listing"


@pytest.mark.parametrize("path", ["/", "/app.js", "/does-not-exist", "/healthz", "/metrics"])
def test_security_headers_on_every_response(site_server, path):
    assert_security_headers(http_get(site_server, path), f"GET {path}")


def test_head_request(site_server):
    response = http_request(site_server, "HEAD", "/style.css")
    assert response.status == 200 and response.body == b""
    assert media_type(response) == "text/css"


# --------------------------------------------------------------------------
# Path traversal
# --------------------------------------------------------------------------

TRAVERSALS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/nested/../../secret.txt",
    "/nested/%2e%2e/%2e%2e/secret.txt",
    "/..\\secret.txt",
    "/%2e%2e%5csecret.txt",
    "/....//secret.txt",
]


def raw_http(server, request: bytes, timeout: float = 5.0) -> bytes:
    """Send bytes verbatim (no client-side path normalisation); read until close."""
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, TimeoutError, socket.timeout):
            pass
        return data


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_does_not_escape_web_root(site_server, path):
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    response = raw_http(site_server, request)
    assert SECRET not in response, f"GET {path} served a file outside the web root"
    status_line = response.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split()
    assert len(parts) >= 2 and parts[1] in {"400", "403", "404"}, f"GET {path} -> {status_line!r} (want 404/403)"


def test_path_traversal_to_repository_files(atelier):
    for path in ["/../Package.swift", "/%2e%2e/Package.swift", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"]:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        response = raw_http(atelier, request)
        assert b"PackageDescription" not in response and b"root:x:0:0" not in response, f"GET {path} escaped the web root"


# --------------------------------------------------------------------------
# Health and metrics
# --------------------------------------------------------------------------


def test_healthz(atelier):
    response = http_get(atelier, "/healthz")
    assert response.status == 200
    assert media_type(response) == "application/json", f"Content-Type {response.header('content-type')!r}"
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == VERSION
    assert isinstance(body["uptime_seconds"], (int, float)) and body["uptime_seconds"] >= 0
    assert isinstance(body["connections"], int) and body["connections"] == 0
    assert body["damaged_sessions"] == 0


def test_healthz_counts_open_websockets_and_uptime_moves(atelier):
    first = http_get(atelier, "/healthz").json()

    async def body():
        async with ws_connect(atelier.ws_url + "/ws", subprotocols=[SUBPROTOCOL]), \
                ws_connect(atelier.ws_url + "/ws", subprotocols=[SUBPROTOCOL]):
            return (await asyncio.to_thread(http_get, atelier, "/healthz")).json()

    during = run(body())
    assert during["connections"] == 2, f"/healthz connections = {during['connections']} with 2 open WebSockets"
    wait_until(lambda: http_get(atelier, "/healthz").json()["connections"] == 0, 5,
               message="/healthz connections back to 0 after closing")
    time.sleep(1.1)
    later = http_get(atelier, "/healthz").json()
    assert later["uptime_seconds"] > first["uptime_seconds"], "uptime_seconds does not increase"


@pytest.mark.parametrize("mode", ["serve", "echo"])
def test_metrics_exposition(atelier_factory, mode):
    server = atelier_factory(mode)
    response = http_get(server, "/metrics")
    assert response.status == 200
    content_type = (response.header("content-type") or "").replace(" ", "").lower()
    assert content_type.startswith("text/plain") and "version=0.0.4" in content_type, (
        f"/metrics Content-Type {response.header('content-type')!r}"
    )
    samples = fetch_metrics(server)
    missing = [name for name in METRIC_NAMES if metric_value(samples, name) is None]
    assert not missing, f"/metrics lacks {missing}"
    assert "atelier_ws_closes_total" in response.text, "/metrics lacks atelier_ws_closes_total (at least HELP/TYPE)"


def test_metrics_move_with_websocket_traffic(atelier_echo):
    before = fetch_metrics(atelier_echo)
    messages = ["a" * 100, "b" * 200, "c" * 300]

    async def body():
        async with ws_connect(atelier_echo.ws_url + "/ws") as ws:
            for message in messages:
                await ws.send(message)
                assert await asyncio.wait_for(ws.recv(), 5) == message
            during = await asyncio.to_thread(fetch_metrics, atelier_echo)
            await ws.close(1000, "bye")
        return during

    during = run(body())
    wait_until(lambda: (metric_value(fetch_metrics(atelier_echo), "atelier_ws_connections_open") or 0) == 0, 5,
               message="atelier_ws_connections_open back to 0")
    after = fetch_metrics(atelier_echo)

    def delta(samples, name, **labels):
        return (metric_value(samples, name, **labels) or 0) - (metric_value(before, name, **labels) or 0)

    assert metric_value(during, "atelier_ws_connections_open") == 1, "connections_open should be 1 while connected"
    assert delta(after, "atelier_ws_connections_total") == 1
    assert delta(after, "atelier_ws_messages_in_total") == len(messages)
    assert delta(after, "atelier_ws_messages_out_total") == len(messages)
    payload = sum(len(m) for m in messages)
    # payload bytes (some servers count frame headers too; allow that, not less)
    assert payload <= delta(after, "atelier_ws_bytes_in_total") <= payload + 64
    assert payload <= delta(after, "atelier_ws_bytes_out_total") <= payload + 64
    assert delta(after, "atelier_ws_closes_total", code="1000") == 1, (
        "a normal client close should count atelier_ws_closes_total{code=\"1000\"}"
    )


def test_metrics_count_protocol_closes(atelier):
    async def body():
        async with ws_connect(atelier.ws_url + "/ws") as ws:  # no subprotocol -> 1002
            await asyncio.wait_for(ws.wait_closed(), 5)

    run(body())
    wait_until(lambda: (metric_value(fetch_metrics(atelier), "atelier_ws_closes_total", code="1002") or 0) >= 1, 5,
               message='atelier_ws_closes_total{code="1002"} >= 1')


# --------------------------------------------------------------------------
# Other methods and request bodies
# --------------------------------------------------------------------------


def test_post_to_unknown_route_is_404(atelier):
    response = http_request(atelier, "POST", "/api/nothing-here", body=b'{"x": 1}',
                            headers={"Content-Type": "application/json"})
    assert response.status == 404, f"POST /api/nothing-here -> {response.status}"
    assert_security_headers(response, "POST 404")


def post_large_body(server, path: str, size: int) -> str:
    """POST ``size`` bytes; return the status line. Tolerates an early reply + close."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {size}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(head)
        early, _, _ = select.select([sock], [], [], 0.5)  # a server may answer on the header alone
        if not early:
            try:
                sock.sendall(b"x" * size)
            except (BrokenPipeError, ConnectionResetError):
                pass
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, TimeoutError, socket.timeout):
            pass
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def test_post_body_over_limit_is_413(atelier):
    status_line = post_large_body(atelier, "/api/anything", 65536 + 4464)
    assert status_line.split()[1:2] == ["413"], f"POST 70000 B to /api/anything -> {status_line!r}, want 413"


def test_post_body_limit_is_configurable(atelier_factory):
    server = atelier_factory("serve", config={"http": {"max_body_bytes": 1000}})
    status_line = post_large_body(server, "/api/anything", 2000)
    assert status_line.split()[1:2] == ["413"], f"POST 2000 B with max_body_bytes=1000 -> {status_line!r}"
    small = http_request(server, "POST", "/api/anything", body=b"x" * 10)
    assert small.status == 404, f"a small POST to an unknown route -> {small.status}, want 404"
