"""`python -m bot dashboard link|serve`: links for an administrator, and the real server process on the decision log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.app.cli import main
from bot.dashboard import links
from bot.settings import ROOT
from bot.staff import directory
from bot.storage.db import make_engine, unit_of_work
from bot.storage.models import AuditRow
from tests.integration.dashboard.serving import free_port


@pytest.fixture()
def env(database: str, tmp_path: Path, council: object, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of a process on this test's database, with the example staff imported."""
    engine = make_engine(database)
    with unit_of_work(engine) as session:
        directory.import_file(session, council.staff)  # type: ignore[attr-defined]
    engine.dispose()
    values = {
        "DATABASE_URL": database,
        "VAR_DIR": str(tmp_path / "var"),
        "CHAIN_CHECKPOINTS": str(tmp_path / "checkpoints.jsonl"),
        "ENVIRONMENT": "development",
        "DASHBOARD_URL": "https://dashboard.example.org",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    for key in ("DASHBOARD_KEY", "DASHBOARD_PORT", "DASHBOARD_HOST", "DASHBOARD_SECURE", "PRACTICE_NOW"):
        monkeypatch.delenv(key, raising=False)
    return values


def _issued(database: str) -> list[AuditRow]:
    engine = make_engine(database)
    with unit_of_work(engine) as session:
        rows = list(session.execute(select(AuditRow).where(AuditRow.action == links.ISSUED)).scalars())
    engine.dispose()
    return rows


def test_link_prints_a_link_for_the_administrator_and_keeps_only_its_hash(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dashboard", "link", "demo-supervisor"]) == 0
    out, err = capsys.readouterr()
    link = out.strip()
    assert link.startswith("https://dashboard.example.org/signin/") and "valid once, for 10 minutes" in err
    issued = _issued(env["DATABASE_URL"])
    assert [(r.target, r.detail) for r in issued] == [("demo-supervisor", links.digest(link.rsplit("/", 1)[1]))]
    assert main(["dashboard", "link", "demo-worker", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["staff_id"] == "demo-worker" and found["valid_minutes"] == 10


def test_link_for_someone_not_in_the_directory_is_bad_input(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dashboard", "link", "nobody"]) == 2
    assert capsys.readouterr().err.strip() == "error: no active member of staff with id 'nobody'"
    assert _issued(env["DATABASE_URL"]) == []


def test_no_database_no_link_and_no_empty_database_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    assert main(["dashboard", "link", "demo-supervisor"]) == 2
    assert "run `python -m bot db upgrade` first" in capsys.readouterr().err and not missing.exists()


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"ENVIRONMENT": "production"}, "DASHBOARD_KEY must be set in production"),
        ({"ENVIRONMENT": "production", "DASHBOARD_KEY": "short"}, "DASHBOARD_KEY must be at least 32 characters"),
        ({"DASHBOARD_PORT": "eighty"}, "DASHBOARD_PORT must be a port number"),
    ],
)
def test_serve_refuses_to_start_without_a_usable_setting(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    settings: dict[str, str], words: str,
) -> None:  # fmt: skip
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    assert main(["dashboard", "serve"]) == 2
    assert words in capsys.readouterr().err


def test_serve_runs_the_real_server_on_the_decision_log_until_interrupted(env: dict[str, str]) -> None:
    port = free_port()
    process_env = {**os.environ, **env, "DASHBOARD_PORT": str(port), "DASHBOARD_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen([sys.executable, "-m", "bot", "dashboard", "serve"], cwd=ROOT, env=process_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        made = subprocess.run([sys.executable, "-m", "bot", "dashboard", "link", "demo-supervisor"], cwd=ROOT,
                              env=process_env, capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
        token = made.stdout.strip().rsplit("/", 1)[1]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as browser:
            assert browser.post("/signin", data={"token": token}).status_code == 303
            team = browser.get("/team")
        assert team.status_code == 200 and "Review queue" in team.text
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()
    assert server.returncode == 0, output
    assert f"serving on http://127.0.0.1:{port}" in output and "development key" in output
    assert token not in output  # no access log: the sign-in address never reaches a log


def test_run_starts_the_dashboard_beside_the_servers_and_stops_it_with_them(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.app import serve
    from bot.dashboard.config import address
    from bot.settings import settings_from_env

    port = free_port()
    monkeypatch.setenv("DASHBOARD_PORT", str(port))
    host, found = address()
    assert (host, found) == ("127.0.0.1", port)
    dashboard = serve.start_dashboard(settings_from_env())
    try:
        assert serve.wait_until_ready(f"http://{host}:{port}/health", dashboard, 60)
    finally:
        serve.stop([dashboard])
    assert dashboard.returncode == 0
