"""The dashboard's real Sanic server on a free port, in a thread of its own, and a client that keeps cookies."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sanic import Sanic

from bot.dashboard.server import build_app
from bot.dashboard.web import Dashboard

# Sanic 21.12 rewrites some of its own methods when an app starts ("touch-up") and cannot do it a
# second time in one process, unless it keeps the originals, which it does in test mode. This module
# is imported while pytest collects, before any app starts, so every app of the run starts cleanly.
Sanic.test_mode = True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(dashboard: Dashboard) -> Iterator[str]:
    """Serve the dashboard on 127.0.0.1 until the block ends; yields its base URL."""
    app = build_app(dashboard)
    port = free_port()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def start() -> None:
        # Sanic 21.12 binds the socket inside create_server (it awaits its own AsyncioServer), then the app starts.
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
        assert server is not None
        await server.startup()
        await server.before_start()
        await server.after_start()
        state["server"] = server

    async def stop() -> None:
        server = state["server"]
        await server.before_stop()
        server.close()
        await server.wait_closed()
        for connection in list(server.connections):  # keep-alive clients: let go, as Sanic does on shutdown
            connection.close_if_idle()
        await asyncio.sleep(0.05)
        for connection in list(server.connections):
            connection.abort()
        await server.after_stop()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(start())
        except BaseException as exc:  # a server that cannot start must fail the test, not hang it
            state["error"] = exc
            ready.set()
            return
        ready.set()
        loop.run_forever()
        loop.run_until_complete(stop())
        loop.close()

    thread = threading.Thread(target=run, name=f"dashboard-{port}", daemon=True)
    thread.start()
    assert ready.wait(30), "the dashboard did not start within 30 s"
    if "error" in state:
        raise state["error"]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)


def client(base: str) -> httpx.Client:
    """A client for the dashboard that keeps its cookies and never follows redirects by itself."""
    return httpx.Client(base_url=base, follow_redirects=False, timeout=30)
