"""The load of ``bench/durable.py``: participants (picows clients, frames handled in the
callback, no task per message) that send Briefing commands closed-loop (a window in
flight) or open-loop (a pacer), and record each command's send → ack latency."""

from __future__ import annotations

import asyncio
import json
import time

from hdrh.histogram import HdrHistogram
from picows import WSListener, WSMsgType, ws_connect

SUBPROTOCOL = "atelier.v1"
CONNECT_BATCH = 50
DRAIN_TIMEOUT_S = 10.0
LATENCY_RANGE_US = (1, 60_000_000)  # 1 µs … 60 s, 3 significant digits

# --------------------------------------------------------------------------
# Participants (picows: frames handled in the callback, no task per message)
# --------------------------------------------------------------------------


class Load:
    """Counts and latencies shared by every participant."""

    def __init__(self, window: int, paced: bool = False):
        self.window = window
        self.paced = paced  # commands are sent by the pacer, not on acks
        self.skipped = 0    # paced sends dropped because the participant had `window` in flight
        self.sending = False
        self.measuring = False
        self.acks = 0
        self.acks_total = 0
        self.errors: list[str] = []
        self.error_count = 0
        self.histogram = HdrHistogram(*LATENCY_RANGE_US, 3)
        self.outstanding = 0
        self.drained = asyncio.Event()


ACK_START, ACK_END = b'{"id":"', b',"type":"ack"}'
READY = b'{"kind":"activity","intent":{"kind":"markReady"}}'
NOT_READY = b'{"kind":"activity","intent":{"kind":"markNotReady"}}'


class Participant(WSListener):
    def __init__(self, load: Load, name: str):
        self.load = load
        self.name = name
        self.transport = None
        self.participant: str | None = None
        self.joined = asyncio.get_running_loop().create_future()
        self.counter = 0
        self.ready = False
        self.sent: dict[bytes, int] = {}

    def on_ws_connected(self, transport):
        self.transport = transport

    def send_next(self) -> None:
        self.counter += 1
        self.ready = not self.ready
        command = b"%s-%d" % (self.name.encode(), self.counter)
        self.sent[command] = time.perf_counter_ns()
        self.load.outstanding += 1
        self.transport.send(WSMsgType.TEXT, b'{"type":"command","id":"%s","intent":%s}' % (
            command, READY if self.ready else NOT_READY))

    def fill(self) -> None:
        while self.load.sending and not self.load.paced and len(self.sent) < self.load.window:
            self.send_next()

    def acked(self, command: bytes, now: int) -> None:
        sent = self.sent.pop(command, None)
        if sent is None:
            return
        load = self.load
        load.outstanding -= 1
        load.acks_total += 1
        if load.measuring:
            load.acks += 1
            load.histogram.record_value(max(1, (now - sent) // 1000))
        if load.sending:
            self.fill()
        elif load.outstanding == 0:
            load.drained.set()

    def on_ws_frame(self, transport, frame):
        now = time.perf_counter_ns()
        if frame.msg_type == WSMsgType.CLOSE:
            transport.disconnect()
            return
        if frame.msg_type != WSMsgType.TEXT:
            return
        payload = frame.get_payload_as_bytes()
        if b'"patch"' in payload[:40]:
            return  # views: not measured here (bench/fanout.py measures fan-out)
        load = self.load
        if payload.startswith(ACK_START) and payload.endswith(ACK_END):
            # A plain ack (keys sorted: {"id":…,"seq":…,"type":"ack"}), read without json.loads:
            # the client shares the server's two cores, so its CPU is kept low.
            self.acked(payload[len(ACK_START):payload.index(b'"', len(ACK_START))], now)
            return
        message = json.loads(payload)
        kind = message.get("type")
        if kind == "ack":
            self.acked(message["id"].encode(), now)
        elif kind == "error":

            load.error_count += 1
            if len(load.errors) < 10:
                load.errors.append(payload.decode()[:300])
            if "id" in message and self.sent.pop(message["id"].encode(), None) is not None:
                load.outstanding -= 1
                if load.sending:
                    self.fill()
                elif load.outstanding == 0:
                    load.drained.set()
        elif kind == "welcome":
            self.participant = message["participant"]
        elif kind == "snapshot" and not self.joined.done():
            self.joined.set_result(message["seq"])


async def join_all(port: int, codes: list[str], per_session: int, load: Load) -> list[Participant]:
    url = f"ws://127.0.0.1:{port}/ws"
    people: list[Participant] = []
    specs = [(code, f"s{s}p{p}") for s, code in enumerate(codes) for p in range(per_session)]

    async def one(code: str, name: str) -> Participant:
        transport, listener = await ws_connect(lambda: Participant(load, name), url, websocket_handshake_timeout=30,
                                               extra_headers={"Sec-WebSocket-Protocol": SUBPROTOCOL})
        transport.send(WSMsgType.TEXT, json.dumps({"type": "join", "code": code, "name": name}).encode())
        await asyncio.wait_for(listener.joined, 30)
        return listener

    for first in range(0, len(specs), CONNECT_BATCH):
        batch = specs[first:first + CONNECT_BATCH]
        people += await asyncio.gather(*(one(code, name) for code, name in batch))
    return people


async def stop_sending(people: list[Participant], load: Load) -> None:
    load.sending = False
    if load.outstanding > 0:
        load.drained.clear()
        try:
            await asyncio.wait_for(load.drained.wait(), DRAIN_TIMEOUT_S)
        except asyncio.TimeoutError:
            pass


async def close_all(people: list[Participant]) -> None:
    for person in people:
        try:
            person.transport.send_close()
            person.transport.disconnect()
        except Exception:
            pass
    await asyncio.gather(*(asyncio.wait_for(p.transport.wait_disconnected(), 5) for p in people),
                         return_exceptions=True)


# --------------------------------------------------------------------------
# Throughput runs
# --------------------------------------------------------------------------


async def pace(people: list[Participant], load: Load, rate: float) -> None:
    """Open loop: ``rate`` commands per second in all, round-robin over the participants."""
    started, sent, index = time.perf_counter(), 0, 0
    while load.sending:
        due = int((time.perf_counter() - started) * rate)
        while sent < due:
            person = people[index % len(people)]
            index += 1
            sent += 1
            if len(person.sent) < load.window:
                person.send_next()
            else:
                load.skipped += 1
        await asyncio.sleep(0.002)
