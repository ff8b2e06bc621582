"""The REST load generator (asyncio + aiohttp) and latency statistics."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import aiohttp

LEVELS = (1, 20)
MESSAGES = {1: 200, 20: 600}
QUICK_MESSAGES = {1: 40, 20: 120}
LOAD_DEADLINE_S = 600.0
REQUEST_TIMEOUT_S = 60.0


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of values (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


@dataclass
class Budget:
    """A message budget shared by concurrent simulated users, with the latencies and errors it met."""

    total: int
    deadline: float
    _: KW_ONLY
    taken: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def take(self) -> bool:
        """Claim one message from the budget; False when it is spent or time is up."""
        if self.taken >= self.total or time.monotonic() > self.deadline:
            return False
        self.taken += 1
        return True

    def fail(self, why: str) -> None:
        """Count an error and keep the first few reasons."""
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(why[:200])


@dataclass
class LoadRun(Budget):
    """One REST load run: the budget, the script and how a failed turn is recognised."""

    url: str
    script: tuple[str, ...]
    prefix: str
    failure_mark: str | None = None
    empty: int = 0


@dataclass
class LoadResult:
    """Figures from one load run."""

    concurrency: int
    target: int
    sent: int
    ok: int
    errors: int
    empty_replies: int
    seconds: float
    msgs_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    stopped_by_deadline: bool
    error_samples: list[str]


def _reply_problem(status: int, body: Any, failure_mark: str | None) -> str | None:
    """Why a reply counts as an error, or None when it is fine."""
    if status != 200:
        return f"HTTP {status}: {str(body)[:120]}"
    if not isinstance(body, list):
        return f"not a list: {str(body)[:120]}"
    texts = " ".join(str(m.get("text") or "") for m in body if isinstance(m, dict))
    if failure_mark and failure_mark in texts:
        return f"apology: {texts[:120]}"
    return None


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> tuple[int, Any]:
    """POST one message to the REST channel; return the status and parsed body."""
    async with session.post(url, json={"sender": sender, "message": text}) as reply:
        return reply.status, await reply.json(content_type=None)


async def _timed_send(session: aiohttp.ClientSession, run: LoadRun, sender: str, text: str) -> None:
    """Send one message and record its latency or error."""
    started = time.perf_counter()
    try:
        status, body = await send(session, run.url, sender, text)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        run.fail(f"{type(exc).__name__}: {exc}")
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    problem = _reply_problem(status, body, run.failure_mark)
    if problem:
        run.fail(problem)
        return
    run.latencies.append(elapsed_ms)
    run.empty += body == []


async def _conversations(session: aiohttp.ClientSession, run: LoadRun, worker: int) -> None:
    """One simulated user: conversation after conversation, each with a new sender id."""
    for conversation in range(run.total):
        sender = f"{run.prefix}-w{worker}-{conversation}-{uuid.uuid4().hex[:6]}"
        for text in run.script:
            if not run.take():
                return
            await _timed_send(session, run, sender, text)


async def _drive(run: LoadRun, concurrency: int) -> float:
    """Run `concurrency` simulated users until the budget is spent; return the wall time."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        workers = [_conversations(session, run, worker) for worker in range(concurrency)]
        await asyncio.wait_for(asyncio.gather(*workers), LOAD_DEADLINE_S + REQUEST_TIMEOUT_S + 30)
        return time.perf_counter() - started


def load(url: str, script: tuple[str, ...], concurrency: int, total: int, failure_mark: str | None) -> LoadResult:
    """Drive the REST channel at a fixed concurrency for a fixed number of messages."""
    prefix = f"bench-c{concurrency}-{uuid.uuid4().hex[:6]}"
    deadline = time.monotonic() + LOAD_DEADLINE_S
    run = LoadRun(total, deadline, url=url, script=script, prefix=prefix, failure_mark=failure_mark)
    seconds = asyncio.run(_drive(run, concurrency))
    lat = run.latencies
    return LoadResult(
        concurrency, total, run.taken, len(lat), run.errors, run.empty, round(seconds, 2),
        round(len(lat) / seconds, 2) if seconds else 0.0,
        round(percentile(lat, 50), 1), round(percentile(lat, 95), 1), round(percentile(lat, 99), 1),
        round(max(lat, default=0.0), 1), run.taken < total, run.error_samples,
    )  # fmt: skip


async def transcript(url: str, script: tuple[str, ...]) -> list[dict[str, Any]]:
    """One conversation, replies kept: warms the server up and shows what the bot answered."""
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    sender = f"bench-warmup-{uuid.uuid4().hex[:6]}"
    lines = []
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for text in script:
            status, body = await send(session, url, sender, text)
            replies = [str(m.get("text") or m) for m in body] if isinstance(body, list) else [str(body)]
            lines.append({"user": text, "status": status, "bot": [r[:160] for r in replies]})
    return lines
