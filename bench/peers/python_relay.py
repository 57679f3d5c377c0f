"""Minimal broadcast relay with the Python `websockets` library (benchmark peer).

Same contract as `atelier echo --relay` for the fan-out benchmark: every
message received on any connection is sent to all open connections,
including the sender. Prints `listening on http://HOST:PORT` when ready.

    python bench/peers/python_relay.py [--host 127.0.0.1] [--port 0]
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from websockets.asyncio.server import broadcast, serve


async def main(host: str, port: int) -> None:
    clients = set()

    async def relay(ws) -> None:
        clients.add(ws)
        try:
            async for message in ws:
                broadcast(clients, message)
        except Exception:
            pass
        finally:
            clients.discard(ws)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    async with serve(relay, host, port, compression=None, max_size=65536,
                     subprotocols=None, ping_interval=20, ping_timeout=25) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"listening on http://{host}:{bound}", flush=True)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port))
