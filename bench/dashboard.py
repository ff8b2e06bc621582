"""Dashboard benchmark: the team page of a team with 2,000 decisions, p95 over 30 requests (goal < 300 ms).

The real server process (`python -m bot dashboard serve`) on a free port over a fresh SQLite file;
decisions and reviews are written through bot.decisions.log, as the chat writes them. A signed-in
client asks for the team page 30 times after one untimed warm-up, each time just after a new review
(so the figures are read from the log every time: the worst case); then 30 times with nothing
changed (the figures are reused); then whole visits, the page and its five charts. Prints Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app.records import first_run  # noqa: E402
from bot.clock import system_clock  # noqa: E402
from bot.council.models import StaffMember  # noqa: E402
from bot.dashboard.links import issue_link  # noqa: E402
from bot.decisions import log  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.staff import directory  # noqa: E402
from bot.storage.db import SqlUnitOfWork, make_engine, unit_of_work  # noqa: E402

RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
CHARTS = ("weekly", "outcomes", "delay", "differs", "kinds")
WORKERS = 8
KINDS = ("threshold", "escalation", "reflection", "other")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _draft(n: int) -> log.Draft:
    rec = (n % 4) + 1 if n % 5 else None
    chosen = (rec if n % 3 else max(1, rec - 1)) if rec else None
    return log.Draft(KINDS[n % 4] if rec else "escalation", f"{3_000_000 + n}", RATIONALE, "EHA", rec, chosen)


def _fill(url: str, count: int, now: dt.datetime) -> None:
    """`count` decisions over a year by eight more practitioners, three in four reviewed (some twice)."""
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        for n in range(WORKERS):
            member = StaffMember(id=f"w{n}", name=f"Worker {n}", role="practitioner", team="assessment-1",
                                 supervisor="demo-supervisor", identities={"rest": [f"w{n}"]})  # fmt: skip
            directory.add(session, member)
        authors = [directory.get_actor(session, f"w{n}") for n in range(WORKERS)]
        supervisor = directory.get_actor(session, "demo-supervisor")
        assert supervisor is not None and all(authors)
        for n in range(count):
            made = now - dt.timedelta(days=365 * (count - n) / count)
            decision = log.record(session, authors[n % WORKERS], _draft(n), made)  # type: ignore[arg-type]
            for times in range(1 + (n % 11 == 0) if n % 4 else 0):
                outcome = ("agree", "discuss", "challenge")[(n + times) % 3]
                later = made + dt.timedelta(days=2 + 2 * times)
                log.add_review(session, supervisor, decision.id, outcome=outcome, comment="", now=later)
    engine.dispose()


@contextmanager
def _server(url: str, folder: Path) -> Iterator[str]:
    """The real dashboard process on a free port; its base URL once it answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(folder / "var"), "ENVIRONMENT": "development",
           "CHAIN_CHECKPOINTS": str(folder / "checkpoints.jsonl"), "DASHBOARD_PORT": str(port)}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "bot", "dashboard", "serve"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _review_one(engine: Engine) -> None:
    """A supervisor's review of the oldest decision still waiting (outside the timing)."""
    with unit_of_work(engine) as session:
        supervisor = directory.get_actor(session, "demo-supervisor")
        assert supervisor is not None
        oldest = log.review_queue(session, supervisor, limit=1)[0]
        log.add_review(session, supervisor, oldest.id, outcome="agree", comment="", now=system_clock())


def _timed(
    client: httpx.Client, paths: list[str], requests: int, before: Callable[[], None] | None = None
) -> list[float]:
    samples = []
    for _ in range(requests):
        if before is not None:
            before()
        started = time.perf_counter()
        for path in paths:
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _p(samples: list[float], percent: int) -> float:
    return statistics.quantiles(samples, n=100)[percent - 1]


def main() -> int:
    """Fill, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pc-bench-dashboard-"))
    url = f"sqlite:///{folder / 'practice.db'}"
    first_run(Settings(database_url=url, var_dir=folder / "var", chain_checkpoints=folder / "checkpoints.jsonl"))
    started = time.perf_counter()
    _fill(url, args.decisions, system_clock())
    fill_s = time.perf_counter() - started
    engine = make_engine(url)
    with _server(url, folder) as base, httpx.Client(base_url=base, timeout=60) as client:
        link = issue_link(SqlUnitOfWork(engine), "demo-supervisor", system_clock(), base_url=base)
        assert client.post("/signin", data={"token": link.rsplit("/", 1)[1]}).status_code == 303
        cold = _timed(client, ["/team"], 1)[0]
        visit_paths = ["/team", *(f"/team/charts/{c}.png" for c in CHARTS)]
        page = _timed(client, ["/team"], args.requests, lambda: _review_one(engine))
        kept = _timed(client, ["/team"], args.requests)
        visit = _timed(client, visit_paths, args.requests, lambda: _review_one(engine))
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    verdict = "PASS" if _p(page, 95) < 300 else "FAIL"
    print(
        f"| measure ({args.decisions:,} decisions in one team, SQLite, {args.requests} requests) | p50 | p95 | goal |"
    )
    print("|---|---|---|---|")
    print(f"| team page just after a new review (read from the log) | {_p(page, 50):.0f} ms | {_p(page, 95):.0f} ms "
          f"| < 300 ms {verdict} |")  # fmt: skip
    print(f"| team page, nothing changed (figures reused) | {_p(kept, 50):.0f} ms | {_p(kept, 95):.0f} ms | - |")
    print(f"| a visit after a new review: page and 5 charts | {_p(visit, 50):.0f} ms | {_p(visit, 95):.0f} ms | - |")
    print(f"| first team page after start-up (not in the above) | {cold:.0f} ms | | - |")
    print(f"| filling the log through bot.decisions.log | {fill_s:.1f} s | | - |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
