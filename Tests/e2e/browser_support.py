"""Helpers for the browser tests: Debian's Chromium driven by Playwright,
pages watched for errors and CSP violations, screenshots kept as artifacts,
and a TCP relay that can cut a browser's connection like a network outage.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from atelier_e2e import REPO_ROOT

CHROMIUM = os.environ.get("ATELIER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("ATELIER_ARTIFACTS", REPO_ROOT / "test-artifacts")) / "browser"

# Every CSP violation becomes a console error the watcher sees (Chromium also logs one).
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@dataclass
class PageWatcher:
    """Collects console errors and warnings, uncaught exceptions and failed requests."""

    name: str
    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.add_init_script(REPORT_CSP)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{self.name}: uncaught {error}"))

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"{self.name}: console.{message.type}: {message.text}")


# The three screens every face is judged on: a phone, a laptop, a projector or full-HD screen.
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1366, "height": 768},
             "wide": {"width": 1920, "height": 1080}}


def shots(page, name: str, settle_ms: int = 300) -> None:
    """Full-page screenshots of ``page`` at each of ``VIEWPORTS`` (the layout settles first),
    then back to the laptop's size."""
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.wait_for_timeout(settle_ms)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(VIEWPORTS["laptop"])


def run_beside(coroutine, timeout: float = 120) -> None:
    """Runs a protocol client's coroutine to the end on a thread of its own (Playwright's sync
    API holds this thread's event loop); re-raises what it raised."""
    failure: list[BaseException] = []

    def target():
        try:
            asyncio.run(asyncio.wait_for(coroutine, timeout * 0.9))
        except BaseException as error:  # noqa: BLE001 (re-raised below)
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"a protocol client was still running after {timeout}s"
    if failure:
        raise failure[0]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def decode_qr(png: Path) -> str:
    """Reads a QR code from an image with zbarimg (Debian's zbar-tools)."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: apt-get install zbar-tools"
    result = subprocess.run([zbarimg, "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"zbarimg found no QR code in {png}: {result.stderr}"
    return result.stdout.strip()


class CuttableRelay:
    """A loopback TCP relay in front of the server. ``cut()`` drops every connection through
    it and refuses new ones (an outage); ``restore()`` lets connections through again."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self._loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        self._open = True
        self._server = None
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(10)
        self.port = self._server.sockets[0].getsockname()[1]

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)

        async def start():
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    async def _serve(self, reader, writer) -> None:
        if not self._open:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update({writer, up_writer})

        async def pump(source, sink):
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))
        self._writers.difference_update({writer, up_writer})

    def cut(self) -> None:
        def abort_all():
            self._open = False
            for writer in list(self._writers):
                writer.transport.abort()

        self._loop.call_soon_threadsafe(abort_all)

    def restore(self) -> None:
        self._loop.call_soon_threadsafe(lambda: setattr(self, "_open", True))

    def close(self) -> None:
        async def shut_down():
            self._open = False
            for writer in list(self._writers):
                writer.transport.abort()
            self._server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        asyncio.run_coroutine_threadsafe(shut_down(), self._loop)
        self._thread.join(5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
