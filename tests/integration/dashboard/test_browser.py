"""The dashboard in a real headless Chromium: the real server process on a free port and a test database.

Sign in with a link, the counts and charts drawn, a decision opened and reviewed (its author's
notice waiting for the chat), the supervision pack downloaded, the used link refused, and a
practitioner refused the team page. Screenshots are kept under results/dashboard/.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.app.records import first_run
from bot.clock import system_clock
from bot.dashboard.links import issue_link
from bot.decisions import log, usecases
from bot.settings import ROOT, Settings
from bot.staff.directory import get_actor
from bot.storage.db import SqlUnitOfWork, make_engine, unit_of_work
from tests.integration.dashboard.chromium import Browser, chromium
from tests.integration.dashboard.serving import free_port

SHOTS = ROOT / "results" / "dashboard"
KEY = "browser-test-key-for-the-dashboard-0123456789"
REASONS = (
    "School and health both report the children are fed and clean, and mum asked for help with routines.",
    "Two missed health appointments and a teacher's worry about bruising; the child's account is consistent.",
    "Dad has moved back in; mum says she feels safer with support from her sister and the family hub.",
)


def _seed(url: str, now: dt.datetime) -> int:
    """Eight weeks of the demo team's decisions, some reviewed, through the decision log; the oldest unreviewed id."""
    engine = make_engine(url)
    oldest_waiting = 0
    with unit_of_work(engine) as session:
        worker, nqsw = get_actor(session, "demo-worker"), get_actor(session, "demo-nqsw")
        supervisor = get_actor(session, "demo-supervisor")
        assert worker and nqsw and supervisor
        for n in range(36):
            kind = ("threshold", "threshold", "escalation", "reflection", "threshold", "other")[n % 6]
            rec = (n % 4) + 1 if kind == "threshold" else None
            chosen = (rec if n % 3 else max(1, (rec or 2) - 1)) if rec else None
            draft = log.Draft(kind, f"{2_100_000 + n}", REASONS[n % 3], "Talk to the family hub", rec, chosen,
                              ("l2_school_absence",) if rec else ())  # fmt: skip
            made = now - dt.timedelta(days=56 - n * 1.5, hours=2)
            decision = log.record(session, worker if n % 2 else nqsw, draft, made)
            if n < 28:
                outcome = ("agree", "agree", "discuss", "challenge")[n % 4]
                log.add_review(session, supervisor, decision.id, outcome=outcome, comment="Talked it through.",
                               now=made + dt.timedelta(days=1 + n % 5))  # fmt: skip
            elif not oldest_waiting:
                oldest_waiting = decision.id
    engine.dispose()
    return oldest_waiting


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, str, SqlUnitOfWork]]:
    """`python -m bot dashboard serve` on a free port over a first-run database (example staff) with decisions."""
    url = f"sqlite:///{tmp_path / 'practice.db'}"
    env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(tmp_path / "var"), "DASHBOARD_KEY": KEY,
           "CHAIN_CHECKPOINTS": str(tmp_path / "checkpoints.jsonl"), "ENVIRONMENT": "development"}  # fmt: skip
    env.pop("PRACTICE_NOW", None)
    first_run(Settings(database_url=url, var_dir=tmp_path / "var"))  # schema and the example staff, as `make run`
    _seed(url, system_clock())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "bot", "dashboard", "serve", "--port", str(port)], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    engine = make_engine(url)
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert server.poll() is None, server.communicate()[0].decode()[-3000:]
        yield base, url, SqlUnitOfWork(engine)
    finally:
        server.terminate()
        server.communicate(timeout=30)
        engine.dispose()


async def _journey(browser: Browser, base: str, uow: SqlUnitOfWork, downloads: Path) -> dict[str, object]:
    now = system_clock()
    link = issue_link(uow, "demo-supervisor", now, base_url=base)
    seen: dict[str, object] = {}

    await browser.goto(link)
    assert "This link signs in Demo Supervisor" in await browser.text()
    await browser.screenshot(SHOTS / "01-sign-in.png")
    await browser.click("#sign-in")
    assert await browser.url() == f"{base}/team"
    counts = await browser.text("#counts")
    seen["counts"] = counts
    charts = await browser.images_loaded(".charts img")
    seen["charts"] = charts
    await browser.screenshot(SHOTS / "02-team.png")

    await browser.click("table.rows a")  # the oldest decision in the queue
    decision_id = int((await browser.url()).rsplit("/", 1)[1])
    seen["decision"] = decision_id
    page = await browser.text()
    assert f"Decision #{decision_id}" in page and "Recommendation" in page and "Review history" in page
    await browser.screenshot(SHOTS / "03-decision.png")
    await browser.evaluate(
        "document.querySelector('#comment').value = 'Agreed: the plan with the family hub is sound.'"
    )
    await browser.click("#review-agree")
    seen["saved"] = await browser.text("#saved")
    seen["status"] = await browser.text("#status")
    await browser.screenshot(SHOTS / "04-reviewed.png")

    await browser.goto(f"{base}/team")
    pack = await browser.download("#pack-download", downloads)
    seen["pack"] = pack.read_text(encoding="utf-8")

    await browser.goto(link)  # the same link, a second time
    seen["again"] = await browser.text("#message")
    await browser.screenshot(SHOTS / "05-link-used.png")

    await browser.goto(issue_link(uow, "demo-worker", system_clock(), base_url=base))
    await browser.click("#sign-in")
    seen["practitioner_home"] = await browser.url()
    await browser.goto(f"{base}/team")
    seen["practitioner_team"] = await browser.text("#message")
    await browser.screenshot(SHOTS / "06-practitioner-refused.png")
    return seen


def test_a_supervisor_and_a_practitioner_use_the_dashboard_in_a_real_browser(
    served: tuple[str, str, SqlUnitOfWork], tmp_path: Path
) -> None:
    base, _, uow = served

    async def run() -> tuple[dict[str, object], list[str]]:
        async with chromium(tmp_path / "profile") as browser:
            seen = await _journey(browser, base, uow, tmp_path / "downloads")
            return seen, browser.requests

    seen, requests = asyncio.run(run())
    counts = str(seen["counts"])
    assert "8\nAwaiting review" in counts and "Challenged" in counts and "Reviewed this month" in counts
    charts = seen["charts"]
    assert isinstance(charts, list) and len(charts) == 5 and all(w == 700 and h == 340 for w, h in charts)
    assert "Review saved." in str(seen["saved"]) and seen["status"] == "agreed"
    decision = seen["decision"]
    with unit_of_work(uow.engine) as session:
        row = log.open_decision(session, get_actor(session, "demo-supervisor"), int(str(decision)))  # type: ignore[arg-type]
    author = "demo-worker" if row.author_id == "demo-worker" else "demo-nqsw"
    _, told = usecases.session_start(uow, usecases.Who("rest", author), system_clock())  # the chat's next greeting
    assert told is not None and f"#{decision}: agreed by demo-supervisor" in told.text
    assert "Supervision pack: Demo Newly Qualified Social Worker" in str(seen["pack"])
    assert "already been used" in str(seen["again"])
    assert seen["practitioner_home"] == f"{base}/mine"
    assert "The team page is for supervisors." in str(seen["practitioner_team"])
    assert requests and all(r.startswith((base, "about:", "data:")) for r in requests), requests  # nothing from outside
    for shot in ("01-sign-in", "02-team", "03-decision", "04-reviewed", "05-link-used", "06-practitioner-refused"):
        assert (SHOTS / f"{shot}.png").stat().st_size > 10_000, shot
