"""Command line: --version, check-config, flag errors, config precedence."""

from __future__ import annotations

import asyncio
import json

import pytest

from atelier_e2e import (
    REPO_CONFIG,
    SUBPROTOCOL,
    VERSION,
    free_port,
    run,
    run_cli,
    text_payload,
    wait_for_close,
    ws_connect,
)


def describe(completed) -> str:
    return f"exit {completed.returncode}\n--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"


def test_version(atelier_bin):
    completed = run_cli(["--version"])
    assert completed.returncode == 0, describe(completed)
    assert VERSION in completed.stdout, f"--version should print {VERSION}\n{describe(completed)}"


def test_repository_config_is_valid(atelier_bin):
    assert REPO_CONFIG.is_file(), f"{REPO_CONFIG.relative_to(REPO_CONFIG.parents[1])} is missing"
    completed = run_cli(["check-config", "--config", str(REPO_CONFIG)])
    assert completed.returncode == 0, describe(completed)


def test_check_config_accepts_a_full_valid_file(atelier_bin, tmp_path):
    config = tmp_path / "ok.yaml"
    config.write_text(
        "server:\n  host: 127.0.0.1\n  port: 9000\n  data_dir: ./data\n  web_root: ./web\n"
        "transport:\n  max_message_bytes: 1000\n  max_queue_bytes: 200000\n"
        "  ping_after_seconds: 5\n  hangup_after_seconds: 10\n"
        "  allowed_origins:\n    - https://workshop.example.org\n  allow_null_origin: false\n"
        "http:\n  max_body_bytes: 4096\n"
        "log:\n  format: json\n  level: debug\n"
    )
    completed = run_cli(["check-config", "--config", str(config)])
    assert completed.returncode == 0, describe(completed)


BAD_CONFIGS = {
    "transport.max_message_bytes": "transport:\n  max_message_bytes: lots\n",
    "server.port": "server:\n  port: -1\n",
    "server.port>65535": "server:\n  port: 70000\n",
    "log.format": "log:\n  format: xml\n",
    "http.max_body_bytes": "http:\n  max_body_bytes: abc\n",
    "transport.ping_after_seconds": "transport:\n  ping_after_seconds: soon\n",
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_check_config_rejects_bad_value_naming_the_key(atelier_bin, tmp_path, case):
    key = case.split(">")[0]
    config = tmp_path / "bad.yaml"
    config.write_text(BAD_CONFIGS[case])
    completed = run_cli(["check-config", "--config", str(config)])
    assert completed.returncode == 2, f"check-config on {BAD_CONFIGS[case]!r}: {describe(completed)}"
    assert key in completed.stderr, f"stderr should name {key}\n{describe(completed)}"


def test_check_config_bad_env_value_names_the_key(atelier_bin, tmp_path):
    config = tmp_path / "ok.yaml"
    config.write_text("log:\n  format: text\n")
    completed = run_cli(["check-config", "--config", str(config)],
                        env={"ATELIER_TRANSPORT_MAX_MESSAGE_BYTES": "lots"})
    assert completed.returncode == 2, describe(completed)
    assert "transport.max_message_bytes" in completed.stderr, describe(completed)


def test_check_config_missing_file_fails(atelier_bin, tmp_path):
    completed = run_cli(["check-config", "--config", str(tmp_path / "nope.yaml")])
    assert completed.returncode != 0, describe(completed)


def test_serve_refuses_to_start_with_bad_config(atelier_bin, tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text(BAD_CONFIGS["transport.max_message_bytes"])
    completed = run_cli(["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", str(tmp_path / "data"),
                         "--config", str(config)], timeout=20)
    assert completed.returncode == 2, describe(completed)
    assert "transport.max_message_bytes" in completed.stderr, describe(completed)
    assert "listening on" not in completed.stdout, describe(completed)


@pytest.mark.parametrize("args", [
    ["serve", "--port", "abc"],
    ["serve", "--no-such-flag"],
    ["echo", "--port", "abc"],
    ["echo", "--max-message", "lots"],
    ["no-such-command"],
], ids=lambda a: " ".join(a))
def test_bad_command_line_exits_2(atelier_bin, tmp_path, args):
    completed = run_cli(args, cwd=tmp_path, timeout=20)
    assert completed.returncode == 2, describe(completed)
    assert "listening on" not in completed.stdout


# --------------------------------------------------------------------------
# Precedence: file < env < flags
# --------------------------------------------------------------------------


def assert_200_bytes_closes_1009(server):
    async def body():
        async with ws_connect(server.ws_url + "/ws", subprotocols=[SUBPROTOCOL]) as ws:
            try:
                await ws.send(text_payload(200))
            except Exception:
                pass
            return await wait_for_close(ws, timeout=5)

    code, reason = run(body())
    assert code == 1009, f"200-byte message with a 100-byte limit: expected 1009, got {code} {reason!r}"


def test_env_sets_max_message_bytes(atelier_factory):
    server = atelier_factory("serve", env={"ATELIER_TRANSPORT_MAX_MESSAGE_BYTES": "100"})
    assert_200_bytes_closes_1009(server)


def test_config_file_sets_max_message_bytes(atelier_factory):
    server = atelier_factory("serve", config={"transport": {"max_message_bytes": 100}})
    assert_200_bytes_closes_1009(server)


def test_env_beats_config_file(atelier_factory):
    server = atelier_factory("serve", config={"transport": {"max_message_bytes": 1000000}},
                             env={"ATELIER_TRANSPORT_MAX_MESSAGE_BYTES": "100"})
    assert_200_bytes_closes_1009(server)


def test_port_from_config_file(atelier_factory):
    port = free_port()
    server = atelier_factory("serve", port=None, config={"server": {"port": port}})
    assert server.port == port, f"config server.port={port}, server listens on {server.port}"


def test_env_port_beats_config_file(atelier_factory):
    file_port, env_port = free_port(), free_port()
    server = atelier_factory("serve", port=None, config={"server": {"port": file_port}},
                             env={"ATELIER_SERVER_PORT": str(env_port)})
    assert server.port == env_port, f"file port {file_port}, env port {env_port}: server listens on {server.port}"


def test_port_flag_beats_env(atelier_factory):
    env_port, flag_port = free_port(), free_port()
    server = atelier_factory("serve", port=flag_port, env={"ATELIER_SERVER_PORT": str(env_port)})
    assert server.port == flag_port, f"env port {env_port}, --port {flag_port}: server listens on {server.port}"


def test_json_log_format_flag(atelier_factory):
    """--log-format json: every log line on stderr is a JSON object.

    stdout carries the human-facing start-up banner ('listening on ...'), which
    is not a log line and is exempt.
    """
    server = atelier_factory("serve", args=["--log-format", "json"])

    async def body():
        async with ws_connect(server.ws_url + "/ws", subprotocols=[SUBPROTOCOL]):
            await asyncio.sleep(0.2)

    run(body())
    server.stop()
    not_json = []
    for line in server.output("stderr").splitlines():
        if not line.strip():
            continue
        try:
            assert isinstance(json.loads(line), dict)
        except (ValueError, AssertionError):
            not_json.append(line)
    assert not not_json, f"--log-format json printed non-JSON log lines on stderr: {not_json[:5]}"
