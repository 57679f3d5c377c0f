"""An ``atelier.v1`` test client for the end-to-end session tests.

``SessionClient`` wraps one ``websockets`` connection and, from a background
reader task:

* records every frame it receives (``frames``, in order, parsed; ``texts``, raw);
* validates EVERY frame against ``docs/schema/server-message.json`` and, once a
  snapshot is held, the merged view against ``docs/schema/view.json`` after each
  patch (each activity's view against its ``web/activities/<id>/view.schema.json``,
  which ``docs/schema/view-activity.json`` references by relative path); any invalid frame, a patch before a snapshot, a decreasing ``seq`` or a
  second welcome is recorded in ``violations`` and fails the next wait (and the
  test, through ``Clients`` at exit);
* keeps the merged view document (``view``): a snapshot replaces it, a patch is
  applied with ``merge_patch`` (RFC 7386);
* tracks the last ``seq`` seen (``seq``) and the identity from ``welcome``.

Helpers: ``join``, ``facilitate``, ``resume``, ``command(kind, **fields)`` (command
ids are generated unless given), ``activity(kind, **fields)``, ``ping``,
``wait_for(predicate, timeout)``, ``next_frame(match, after=...)``, ``cut()`` (drop
the TCP connection without a closing handshake) and ``close()``.

``Clients`` is an async context manager that owns every client of a test,
closes them at the end and fails the test if any of them saw a violation.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin

import jsonschema
import websockets
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from atelier_e2e import REPO_ROOT, SUBPROTOCOL, HttpResponse, http_request, ws_connect

SCHEMA_DIR = REPO_ROOT / "docs" / "schema"
# Each activity's view schema lives with its browser module: web/activities/<id>/view.schema.json.
ACTIVITIES_DIR = REPO_ROOT / "web" / "activities"
SCHEMA_BASE = "https://atelier.invalid/schema/v1/"
TEMPLATES_DIR = REPO_ROOT / "config" / "templates"
PATHWAYS_DIR = REPO_ROOT / "config" / "pathways"
TRAINER_TOKEN = "e2e-trainer-token-0123456789"
SLICES = ("session", "agenda", "timer", "members", "hands", "activity", "me")
ERROR_CODES = (
    "bad_request", "unauthorized", "forbidden", "not_found", "conflict", "too_large", "rate_limited",
    "invalid_state", "unavailable", "internal",
)

# --------------------------------------------------------------------------
# Server and HTTP
# --------------------------------------------------------------------------


def start_server(factory, *, limits: dict[str, Any] | None = None, env: dict[str, str] | None = None,
                 args=(), data_dir=None, default_join_limits: bool = False) -> Any:
    """``atelier serve`` with the repository's templates and a known trainer token.

    ``limits`` maps ``limits.*`` keys to values (``{"joins_per_minute": 3}`` becomes
    ``ATELIER_LIMITS_JOINS_PER_MINUTE=3``). Every test client connects from
    127.0.0.1, so the joins-per-address limits (all joins, failed ones) are raised unless
    a test sets them or asks for the defaults (``default_join_limits``).
    """
    return factory("serve", env=server_env(limits, env, default_join_limits=default_join_limits),
                   args=["--templates-dir", str(TEMPLATES_DIR), "--pathways-dir", str(PATHWAYS_DIR), *args],
                   data_dir=data_dir)


def server_env(limits: dict[str, Any] | None = None, env: dict[str, str] | None = None, *,
               default_join_limits: bool = False) -> dict[str, str]:
    """The environment ``start_server`` gives ``atelier serve``."""
    variables = {"ATELIER_TRAINER_TOKEN": TRAINER_TOKEN}
    if not default_join_limits:
        variables.update({"ATELIER_LIMITS_JOINS_PER_MINUTE": "100000", "ATELIER_LIMITS_FAILED_JOINS_PER_MINUTE": "10000"})
    for key, value in (limits or {}).items():
        variables[f"ATELIER_LIMITS_{key.upper()}"] = str(value)
    variables.update(env or {})
    return variables


def api(server, method: str, path: str, body: Any = None, *, token: str | None = TRAINER_TOKEN,
        raw_body: bytes | None = None) -> HttpResponse:
    """One trainer API request; ``token=None`` sends no Authorization header."""
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = raw_body
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    return http_request(server, method, path, body=data, headers=headers)


def by_name(client, name: str) -> str:
    """The participant id of the member called ``name`` in this client's view."""
    matches = [pid for pid, member in client.view["members"].items() if member["name"] == name]
    assert len(matches) == 1, f"expected one member named {name!r}, got {client.view['members']}"
    return matches[0]


def create_session(server, template: str = "accueil", title: str | None = None) -> dict:
    """POST /api/sessions; asserts 201 and returns the created session."""
    body = {"template": template}
    if title is not None:
        body["title"] = title
    response = api(server, "POST", "/api/sessions", body)
    assert response.status == 201, f"creating a session answered {response.status}: {response.text[:300]}"
    return response.json()


# --------------------------------------------------------------------------
# Schemas and merge patches
# --------------------------------------------------------------------------


def schema_files() -> list[Path]:
    """The protocol's schemas (docs/schema/*.json), then each activity's view schema."""
    return [*sorted(SCHEMA_DIR.glob("*.json")), *sorted(ACTIVITIES_DIR.glob("*/view.schema.json"))]


def schema_id(path: Path) -> str:
    """The ``$id`` a schema file must have: its path relative to docs/schema/, resolved
    against the ``$id`` base of docs/schema/, so that a relative ``$ref`` is at once a file
    path and the referenced schema's ``$id`` (``../../web/activities/briefing/view.schema.json``
    from ``view-activity.json`` is ``https://atelier.invalid/web/activities/briefing/view.schema.json``)."""
    return urljoin(SCHEMA_BASE, os.path.relpath(path, SCHEMA_DIR).replace(os.sep, "/"))


@lru_cache(maxsize=1)
def _schemas() -> tuple[jsonschema.Draft202012Validator, jsonschema.Draft202012Validator]:
    registry = Registry()
    documents = {}
    for path in schema_files():
        document = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(document)
        assert document["$id"] == schema_id(path), f"{path}: $id {document['$id']!r}, want {schema_id(path)!r}"
        registry = registry.with_resource(document["$id"], Resource.from_contents(document, DRAFT202012))
        documents[document["$id"]] = document
    for needed in ("server-message.json", "view.json"):
        assert SCHEMA_BASE + needed in documents, f"docs/schema/{needed} is missing"
    message = jsonschema.Draft202012Validator(documents[SCHEMA_BASE + "server-message.json"], registry=registry)
    view = jsonschema.Draft202012Validator(documents[SCHEMA_BASE + "view.json"], registry=registry)
    return message, view


def _describe(errors) -> str:
    lines = []
    for error in sorted(errors, key=lambda e: list(e.absolute_path))[:5]:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        lines.append(f"  at {where}: {error.message[:300]}")
    return "\n".join(lines)


def message_errors(frame: Any) -> str | None:
    """Why ``frame`` is not a valid server message, or None."""
    errors = list(_schemas()[0].iter_errors(frame))
    return _describe(errors) if errors else None


def view_errors(view: Any) -> str | None:
    """Why ``view`` is not a valid view document, or None."""
    errors = list(_schemas()[1].iter_errors(view))
    return _describe(errors) if errors else None


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 MergePatch(target, patch); returns a new value, never mutates ``target``."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def shared(view: dict, *, facilitator_only: bool = False) -> dict:
    """The shared slices of a view (no ``me``); without ``session.template`` unless asked,
    so that views of different audiences can be compared."""
    result = {k: copy.deepcopy(v) for k, v in view.items() if k != "me"}
    if not facilitator_only and "session" in result:
        result["session"].pop("template", None)
    return result


# --------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------


class ServerRefused(AssertionError):
    """The server answered with an error where success was expected."""


class SessionClient:
    """One atelier.v1 connection; see the module docstring."""

    def __init__(self, ws, label: str):
        self.ws = ws
        self.label = label
        self.frames: list[dict] = []
        self.texts: list[str] = []
        self.violations: list[str] = []
        self.view: dict | None = None
        self.seq: int | None = None
        self.epoch: int | None = None
        self.session: str | None = None
        self.participant: str | None = None
        self.role: str | None = None
        self.token: str | None = None
        self.welcomed = False
        self.closed = False
        self.close_code: int | None = None
        self.close_reason: str | None = None
        self._ids = itertools.count(1)
        self._event = asyncio.Event()
        self._reader = asyncio.create_task(self._read(), name=f"reader-{label}")

    @classmethod
    async def connect(cls, server, label: str = "client", *, path: str = "/ws") -> "SessionClient":
        ws = await ws_connect(server.ws_url + path, subprotocols=[SUBPROTOCOL])
        assert ws.subprotocol == SUBPROTOCOL, f"server did not select {SUBPROTOCOL}: {ws.subprotocol!r}"
        return cls(ws, label)

    def __repr__(self) -> str:
        return f"<SessionClient {self.label} {self.participant or 'unbound'} {self.role or ''} seq={self.seq}>"

    # -- reading -------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                self._receive(message)
        except websockets.ConnectionClosed:
            pass
        except Exception as exc:  # a bug in this helper must not pass silently
            self.violations.append(f"reader crashed: {exc!r}")
        finally:
            self.closed = True
            self.close_code = self.ws.close_code
            self.close_reason = self.ws.close_reason
            self._notify()

    def _violate(self, problem: str) -> None:
        self.violations.append(f"{self.label}: {problem}")

    def _receive(self, message) -> None:
        if isinstance(message, bytes):
            self._violate(f"binary frame from the server ({len(message)} bytes)")
            return
        self.texts.append(message)
        try:
            frame = json.loads(message)
        except ValueError as exc:
            self._violate(f"frame is not JSON ({exc}): {message[:200]!r}")
            return
        problem = message_errors(frame)
        if problem:
            self._violate(f"frame does not match server-message.json:\n{problem}\nframe: {message[:500]}")
        self.frames.append(frame)
        if isinstance(frame, dict):
            self._apply(frame)
        self._notify()

    def _apply(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "welcome":
            if self.welcomed:
                self._violate(f"a second welcome on the same connection: {frame}")
            self.welcomed = True
            self.session = frame.get("session")
            self.participant = frame.get("participant")
            self.role = frame.get("role")
            self.epoch = frame.get("epoch")
            if "token" in frame:
                self.token = frame["token"]
        elif kind == "snapshot":
            if not self.welcomed:
                self._violate("snapshot before welcome")
            self._advance(frame.get("seq"))
            self.view = frame.get("view")
            self.epoch = frame.get("epoch")
            me = (self.view or {}).get("me") or {}
            self.role = me.get("role", self.role)
        elif kind == "patch":
            if self.view is None:
                self._violate(f"patch before any snapshot: {frame}")
                return
            self._advance(frame.get("seq"))
            self.view = merge_patch(self.view, frame.get("patch"))
            problem = view_errors(self.view)
            if problem:
                self._violate(f"the merged view is invalid after patch seq {frame.get('seq')}:\n{problem}")
            self.role = self.view.get("me", {}).get("role", self.role)

    def _advance(self, seq) -> None:
        if isinstance(seq, int):
            if self.seq is not None and seq < self.seq:
                self._violate(f"seq went backwards: {self.seq} then {seq}")
            self.seq = seq

    def _notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    # -- waiting ---------------------------------------------------------------

    def raise_violations(self) -> None:
        if self.violations:
            raise AssertionError("protocol violations:\n" + "\n".join(self.violations))

    def mark(self) -> int:
        """A cursor: the number of frames received so far."""
        return len(self.frames)

    def since(self, mark: int, kind: str | None = None) -> list[dict]:
        """Frames received after ``mark`` (of one ``type`` if given)."""
        return [f for f in self.frames[mark:] if kind is None or f.get("type") == kind]

    def recent(self, count: int = 8) -> str:
        return "\n".join(f"    {t[:300]}" for t in self.texts[-count:]) or "    (none)"

    async def wait_for(self, predicate: Callable[["SessionClient"], Any], timeout: float = 5.0,
                       what: str = "a condition") -> Any:
        """Waits until ``predicate(self)`` is truthy (re-checked after each frame); returns it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self.raise_violations()
            try:
                result = predicate(self)
            except (KeyError, TypeError, IndexError, AttributeError):
                result = None
            if result:
                return result
            if self.closed:
                raise AssertionError(
                    f"{self.label}: the connection closed ({self.close_code} {self.close_reason!r}) while "
                    f"waiting for {what}; last frames:\n{self.recent()}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{self.label}: timed out after {timeout}s waiting for {what}; view seq {self.seq}; "
                    f"last frames:\n{self.recent()}")
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def next_frame(self, match: Callable[[dict], bool] | str, *, after: int, timeout: float = 5.0,
                         what: str | None = None) -> dict:
        """The first frame after the cursor ``after`` that matches (a predicate or a ``type``)."""
        test = (lambda f: f.get("type") == match) if isinstance(match, str) else match

        def found(client):
            return next((f for f in client.frames[after:] if isinstance(f, dict) and test(f)), None)

        return await self.wait_for(found, timeout, what or (f"a {match} frame" if isinstance(match, str) else "a frame"))

    async def wait_closed(self, timeout: float = 5.0) -> tuple[int | None, str | None]:
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(
                f"{self.label}: the server did not close the connection within {timeout}s; "
                f"last frames:\n{self.recent()}") from None
        return self.close_code, self.close_reason

    async def quiet(self, seconds: float) -> list[dict]:
        """Waits ``seconds`` and returns the frames received meanwhile."""
        mark = self.mark()
        await asyncio.sleep(seconds)
        self.raise_violations()
        return self.since(mark)

    # -- sending ---------------------------------------------------------------

    async def send(self, message: Any) -> None:
        """Sends a dict as JSON, or a str/bytes as is."""
        await self.ws.send(message if isinstance(message, (str, bytes)) else json.dumps(message))

    async def ping(self, timeout: float = 5.0) -> dict:
        """Application-level ping; returns the pong (proves the connection is open and served)."""
        mark = self.mark()
        await self.send({"type": "ping"})
        return await self.next_frame("pong", after=mark, timeout=timeout, what="a pong")

    async def _bind(self, message: dict, expect_error: str | None, what: str, timeout: float) -> dict:
        mark = self.mark()
        await self.send(message)
        answer = await self.next_frame(lambda f: f.get("type") in ("welcome", "error"), after=mark,
                                       timeout=timeout, what=f"the answer to {what}")
        if answer["type"] == "error":
            if expect_error is None:
                raise ServerRefused(f"{self.label}: {what} was refused: {answer}")
            assert answer["code"] == expect_error, (
                f"{self.label}: {what} should fail with {expect_error}, got {answer}")
            return answer
        if expect_error is not None:
            raise AssertionError(f"{self.label}: {what} should fail with {expect_error}, got {answer}")
        return answer

    async def join(self, code: str, name: str, role: str | None = None, *, expect_error: str | None = None,
                   timeout: float = 5.0) -> dict:
        """Joins by code; returns the welcome (after the snapshot arrived), or the expected error."""
        message = {"type": "join", "code": code, "name": name}
        if role is not None:
            message["role"] = role
        answer = await self._bind(message, expect_error, f"join as {name!r}", timeout)
        if answer["type"] == "welcome":
            await self.wait_for(lambda c: c.view is not None, timeout, "the first snapshot")
        return answer

    async def enter(self, code: str, key: str, *, expect_error: str | None = None, timeout: float = 5.0) -> dict:
        """Enters a cohort's session with a member's personal-link key; returns the welcome."""
        answer = await self._bind({"type": "enter", "code": code, "key": key}, expect_error, "enter", timeout)
        if answer["type"] == "welcome":
            await self.wait_for(lambda c: c.view is not None, timeout, "the first snapshot")
        return answer

    async def facilitate(self, session: str, *, token: str | None = None, invite: str | None = None,
                         name: str | None = None, expect_error: str | None = None, timeout: float = 5.0) -> dict:
        """Joins as (co-)facilitator with a trainer token or an invite."""
        message: dict[str, Any] = {"type": "facilitate", "session": session}
        if token is not None:
            message["token"] = token
        if invite is not None:
            message["invite"] = invite
        if name is not None:
            message["name"] = name
        answer = await self._bind(message, expect_error, "facilitate", timeout)
        if answer["type"] == "welcome":
            await self.wait_for(lambda c: c.view is not None, timeout, "the first snapshot")
        return answer

    async def resume(self, session: str, participant: str, token: str, epoch: int, seq: int, *,
                     view: dict | None = None, expect_error: str | None = None, timeout: float = 5.0) -> dict:
        """Resumes a member. ``view`` is the view document the member held at ``seq`` (what a real
        client keeps across reconnections): the missed patches are applied to it.

        On success returns ``{"welcome", "mode", "frames", "resumed"}`` where ``mode`` is "snapshot"
        or "patches", ``frames`` are the frames that followed the welcome up to the ``resumed``
        marker that ends the answer (the snapshot, or the missed patches and the final ``me``
        patch), and ``resumed`` is that marker."""
        if view is not None:
            self.view, self.seq = copy.deepcopy(view), seq
        message = {"type": "resume", "session": session, "participant": participant, "token": token,
                   "epoch": epoch, "seq": seq}
        answer = await self._bind(message, expect_error, f"resume {participant}", timeout)
        if answer["type"] == "error":
            return answer
        start = next(i for i, frame in enumerate(self.frames) if frame is answer) + 1

        def done(client):
            return next((index for index in range(start, len(client.frames))
                         if client.frames[index].get("type") == "resumed"), None)

        end = await self.wait_for(done, timeout, "the end of the resume (the `resumed` marker)")  # index ≥ 1
        marker, frames = self.frames[end], self.frames[start:end]
        last = frames[-1] if frames else None
        assert last and marker["seq"] == last["seq"], f"the resume's marker {marker} after {last}"
        if marker["mode"] == "snapshot":
            assert last and last["type"] == "snapshot", frames
        else:
            assert last and last["type"] == "patch" and "me" in last["patch"], frames
        return {"welcome": answer, "mode": marker["mode"], "frames": frames, "resumed": marker}

    async def resume_from(self, previous: "SessionClient", **kwargs) -> dict:
        """Resumes the member of an earlier connection with what it held: its token, epoch,
        last seq and merged view."""
        return await self.resume(previous.session, previous.participant, previous.token, previous.epoch,
                                 previous.seq, view=previous.view, **kwargs)

    def next_id(self) -> str:
        return f"{self.label}-{next(self._ids)}"

    async def command(self, kind: str, *, command_id: str | None = None, expect_error: str | None = None,
                      timeout: float = 5.0, **fields) -> dict:
        """Sends ``{"type":"command","id":…,"intent":{"kind":kind, **fields}}`` and returns its ack,
        or the error with the expected code (asserted, together with the echoed id)."""
        return await self.command_intent({"kind": kind, **fields}, command_id=command_id,
                                         expect_error=expect_error, timeout=timeout)

    async def command_intent(self, intent: Any, *, command_id: str | None = None,
                             expect_error: str | None = None, timeout: float = 5.0, extra: dict | None = None) -> dict:
        """Like ``command`` with a raw intent value (and optional extra top-level fields)."""
        command_id = command_id or self.next_id()
        mark = self.mark()
        message = {"type": "command", "id": command_id, "intent": intent, **(extra or {})}
        await self.send(message)
        answer = await self.next_frame(
            lambda f: f.get("type") in ("ack", "error") and f.get("id") == command_id, after=mark,
            timeout=timeout, what=f"the ack or error of command {command_id}")
        if expect_error is None:
            if answer["type"] != "ack":
                raise ServerRefused(f"{self.label}: command {intent} was refused: {answer}")
        else:
            assert answer["type"] == "error" and answer["code"] == expect_error, (
                f"{self.label}: command {intent} should fail with {expect_error}, got {answer}")
        return answer

    async def activity(self, kind: str, *, expect_error: str | None = None, **fields) -> dict:
        """An intent for the current step's activity (``{"kind":"activity","intent":{...}}``)."""
        return await self.command("activity", intent={"kind": kind, **fields}, expect_error=expect_error)

    # -- closing ---------------------------------------------------------------

    def cut(self) -> None:
        """Drops the TCP connection at once, without a WebSocket closing handshake."""
        self.ws.transport.abort()

    async def close(self) -> None:
        if not self.closed:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except (asyncio.TimeoutError, websockets.ConnectionClosed, OSError):
                self.ws.transport.abort()
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), 5)
        except asyncio.TimeoutError:
            self._reader.cancel()


class Clients:
    """Owns the clients of one test: ``async with Clients(server) as clients: c = await clients.new("ana")``.

    At exit every client is closed and any protocol violation seen by any of them fails the test.
    """

    def __init__(self, server):
        self.server = server
        self.all: list[SessionClient] = []

    async def new(self, label: str) -> SessionClient:
        client = await SessionClient.connect(self.server, label)
        self.all.append(client)
        return client

    async def __aenter__(self) -> "Clients":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await asyncio.gather(*(client.close() for client in self.all), return_exceptions=True)
        problems = [v for client in self.all for v in client.violations]
        if problems:
            # Raised even when the test failed otherwise: an invalid frame is usually the cause.
            raise AssertionError("protocol violations:\n" + "\n".join(problems))


async def all_see(clients, predicate, what: str, timeout: float = 5.0) -> None:
    """Waits until ``predicate(client)`` holds for every client."""
    await asyncio.gather(*(client.wait_for(predicate, timeout, what) for client in clients))


def run(coro, timeout: float = 90.0):
    """Runs an async test body with an overall timeout."""
    return asyncio.run(asyncio.wait_for(coro, timeout))
