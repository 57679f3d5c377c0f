"""HTTP routes behind the web client: its pages, the join link's QR code, and the
console's exports (minutes, log). The QR image is decoded with zbarimg after the
browser rasterises it (see test_browser.py); here its HTTP contract is checked."""

from __future__ import annotations

import json

import pytest

from atelier_e2e import REPO_ROOT, http_get, http_request
from session_client import api, create_session, start_server


@pytest.fixture
def server(atelier_factory):
    return start_server(atelier_factory)


@pytest.mark.parametrize("path, marker", [
    ("/console", b"/js/console.js"),
    ("/cohortes", b"/js/cohorts.js"),
    ("/screen/K7MQ2X", b"/js/screen.js"),
    ("/join/K7MQ2X", b"/js/participant.js"),
])
def test_pages_of_the_web_client(server, path, marker):
    response = http_get(server, path)
    assert response.status == 200
    assert response.header("content-type") == "text/html; charset=utf-8"
    assert marker in response.body
    assert "script-src 'self'" in response.header("content-security-policy")
    assert b"<script>" not in response.body and b" style=" not in response.body  # CSP-clean markup


def test_each_activity_folder_is_served_with_its_types(server):
    """web/activities/<id>/: the modules as JavaScript, the strings and the view's schema as
    JSON, under the same CSP as every file; nothing is left at the old one-file addresses."""
    activities = REPO_ROOT / "web" / "activities"
    files = sorted(path for path in activities.rglob("*") if path.is_file())
    assert {path.name for path in files} >= {"index.js", "i18n.json", "view.schema.json"}
    types = {".js": "text/javascript", ".json": "application/json"}
    for path in files:
        address = "/" + path.relative_to(REPO_ROOT / "web").as_posix()
        response = http_get(server, address)
        assert response.status == 200, f"GET {address} -> {response.status}"
        assert response.header("content-type").split(";")[0] == types[path.suffix], (address, response.header("content-type"))
        assert "script-src 'self'" in response.header("content-security-policy"), address
        assert response.body == path.read_bytes(), address
    for old in ("/activities/briefing.js", "/activities/peer-consultation.js"):
        assert http_get(server, old).status == 404, old


def test_qr_code_of_a_join_link_is_an_svg_for_any_well_formed_code(server):
    response = http_get(server, "/qr/k7m-q2x.svg")
    assert response.status == 200
    assert response.header("content-type") == "image/svg+xml"
    assert response.header("cache-control") == "no-store"
    text = response.body.decode()
    assert text.startswith("<svg") and f"http://127.0.0.1:{server.port}/join/K7MQ2X" in text
    assert "<script" not in text and "style" not in text


@pytest.mark.parametrize("path", ["/qr/K7MQ2X", "/qr/K7MQ2.svg", "/qr/IIIIII.svg", "/qr/%3Cscript%3E.svg"])
def test_qr_code_refuses_what_cannot_be_a_code(server, path):
    response = http_get(server, path)
    assert response.status == 404
    assert response.json()["error"]["code"] == "not_found"


def test_qr_code_refuses_a_host_that_cannot_be_in_a_link(server):
    response = http_request(server, "GET", "/qr/K7MQ2X.svg", headers={"Host": "evil\"><x"})
    assert response.status == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_minutes_and_log_of_a_session(server):
    created = create_session(server, title="Compte rendu")
    minutes = api(server, "GET", f"/api/sessions/{created['id']}/minutes")
    assert minutes.status == 200
    assert minutes.header("content-type") == "text/markdown; charset=utf-8"
    text = minutes.body.decode()
    assert text.startswith("# Compte rendu\n") and "## 1. Bienvenue" in text and "### Consignes" in text

    log = api(server, "GET", f"/api/sessions/{created['id']}/log")
    assert log.status == 200
    assert log.header("content-type") == "application/x-ndjson"
    assert f'filename="{created["id"]}.jsonl"' in log.header("content-disposition")
    lines = [json.loads(line) for line in log.body.decode().splitlines()]
    assert lines[0]["session"] == created["id"] and len(lines) >= 2


@pytest.mark.parametrize("suffix", ["minutes", "log"])
def test_exports_need_the_trainer_token_and_a_known_session(server, suffix):
    created = create_session(server)
    refused = api(server, "GET", f"/api/sessions/{created['id']}/{suffix}", token="wrong")
    assert refused.status == 401 and refused.header("www-authenticate") == "Bearer"
    missing = api(server, "GET", f"/api/sessions/snope/{suffix}")
    assert missing.status == 404 and missing.json()["error"]["code"] == "not_found"
