"""A real headless Chromium (Debian's /usr/bin/chromium) driven over the DevTools protocol, for browser tests.

One websocket to the browser; the page is a target attached in "flat" mode, so page commands carry
its session id. Waiting for an event is set up before the action that causes it, so none is missed.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import websockets.client

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
)  # fmt: skip
WAIT_S = 30


class Browser:
    """A page in a headless Chromium: navigate, click, read the DOM, screenshot, download."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.waiters: list[tuple[str, str | None, asyncio.Future[dict[str, Any]]]] = []
        self.requests: list[str] = []
        self.downloads: list[str] = []
        self.session: str | None = None
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            if "id" in message and message["id"] in self.replies:
                self.replies.pop(message["id"]).set_result(message)
                continue
            method, session = message.get("method"), message.get("sessionId")
            if method == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            if method == "Browser.downloadProgress":
                self.downloads.append(message["params"]["state"])
            for waiter in list(self.waiters):
                if waiter[0] == method and waiter[1] in (None, session) and not waiter[2].done():
                    waiter[2].set_result(message.get("params", {}))
                    self.waiters.remove(waiter)

    async def send(self, method: str, page: bool = True, **params: Any) -> dict[str, Any]:
        """One DevTools command (to the page unless page=False); its result, or a failure naming the error."""
        number = next(self.ids)
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.replies[number] = reply
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if page and self.session:
            message["sessionId"] = self.session
        await self.socket.send(json.dumps(message))
        answer = await asyncio.wait_for(reply, WAIT_S)
        if "error" in answer:
            raise AssertionError(f"{method} failed: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def expect(self, method: str, page: bool = True) -> asyncio.Future[dict[str, Any]]:
        """A future for the next event of this kind (set up before the action that causes it)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiters.append((method, self.session if page else None, future))
        return future

    async def open_page(self, width: int = 1280, height: int = 900) -> None:
        """A fresh tab, attached, with page and network events on."""
        target = await self.send("Target.createTarget", page=False, url="about:blank")
        attached = await self.send("Target.attachToTarget", page=False, targetId=target["targetId"], flatten=True)
        self.session = attached["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            await self.send(f"{domain}.enable")
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                        mobile=False)  # fmt: skip

    async def goto(self, url: str) -> None:
        """Open an address and wait until the page has loaded."""
        loaded = self.expect("Page.loadEventFired")
        await self.send("Page.navigate", url=url)
        await asyncio.wait_for(loaded, WAIT_S)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools' own, not subject to the page's CSP)."""
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression!r} failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def click(self, selector: str, *, navigates: bool = True) -> None:
        """Click an element (a button or a link), and wait for the page it leads to."""
        loaded = self.expect("Page.loadEventFired") if navigates else None
        found = await self.evaluate(f"(e => e ? (e.click(), true) : false)(document.querySelector({selector!r}))")
        assert found, f"nothing on the page matches {selector}"
        if loaded is not None:
            await asyncio.wait_for(loaded, WAIT_S)

    async def text(self, selector: str = "body") -> str:
        """The visible text of the first element matching a selector ("" when there is none)."""
        return str(await self.evaluate(f"(document.querySelector({selector!r}) || {{innerText: ''}}).innerText"))

    async def url(self) -> str:
        """The page's address."""
        return str(await self.evaluate("location.href"))

    async def images_loaded(self, selector: str) -> list[tuple[int, int]]:
        """Wait until every image matching a selector has loaded; their natural sizes."""
        deadline = time.monotonic() + WAIT_S
        sizes = "i => [i.complete, i.naturalWidth, i.naturalHeight]"
        script = f"Array.from(document.querySelectorAll({selector!r})).map({sizes})"
        while True:
            found = await self.evaluate(script)
            if (found and all(done for done, _, _ in found)) or time.monotonic() > deadline:
                return [(w, h) for _, w, h in found]
            await asyncio.sleep(0.1)

    async def screenshot(self, path: Path) -> Path:
        """The whole page as a PNG file."""
        metrics = await self.send("Page.getLayoutMetrics")
        size = metrics["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = await self.send("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    async def download(self, selector: str, folder: Path) -> Path:
        """Click something that downloads a file, and wait until the file is complete in `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        await self.send("Browser.setDownloadBehavior", page=False, behavior="allow", downloadPath=str(folder),
                        eventsEnabled=True)  # fmt: skip
        started = self.expect("Browser.downloadWillBegin", page=False)
        await self.click(selector, navigates=False)
        name = (await asyncio.wait_for(started, WAIT_S))["suggestedFilename"]
        deadline = time.monotonic() + WAIT_S
        while "completed" not in self.downloads:
            assert "canceled" not in self.downloads and time.monotonic() < deadline, f"download: {self.downloads}"
            await asyncio.sleep(0.1)
        return folder / name


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Browser]:
    """Start headless Chromium with a fresh profile folder; fail (never skip) when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make chromium` (Debian packages chromium, "
                    "chromium-driver)", pytrace=False)  # fmt: skip
    profile.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + WAIT_S
        while not (active.is_file() and len(active.read_text().split()) == 2):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Chromium did not start: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            await asyncio.sleep(0.1)
        port, path = active.read_text().split()
        async with websockets.client.connect(f"ws://127.0.0.1:{port}{path}", max_size=64 * 2**20) as socket:
            browser = Browser(socket)
            await browser.open_page()
            try:
                yield browser
            finally:
                browser.reader.cancel()
                with contextlib.suppress(Exception):  # no answer comes: the browser is gone
                    await socket.send(json.dumps({"id": 0, "method": "Browser.close"}))
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        if process.stderr is not None:
            process.stderr.close()
