"""Start the real action server and Rasa server on free ports, and talk to them over REST, Telegram and Teams.

One stack serves every test file: starting Rasa and the action server takes about a minute, so the REST,
Telegram and Teams channels are all configured on it, beside fake Telegram and Bot Framework servers.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.app.build import model_path, rasa_env
from bot.settings import ROOT, Settings
from tests.fakes.botframework import FakeBotFramework
from tests.fakes.telegram_api import FakeTelegram, running_fake

if TYPE_CHECKING:  # imported where used: these modules import this one
    from tests.e2e.teams_side import Teams
    from tests.e2e.telegram_side import Telegram

# A Thursday morning, inside office hours: answers that depend on the time are repeatable.
FIXED_NOW = "2026-11-26T10:30:00+00:00"
START_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@dataclass
class Stack:
    """The running servers and how to talk to them."""

    rasa_port: int
    actions_port: int
    env: dict[str, str]
    log_dir: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def post_raw(self, body: bytes, timeout: float = 120) -> tuple[int, Any]:
        request = urllib.request.Request(self.webhook, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                return reply.status, json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        status, replies = self.post_raw(json.dumps({"sender": sender, "message": text}).encode())
        assert status == 200, replies
        return list(replies)

    def start_actions(self) -> None:
        cmd = [sys.executable, "-m", "actions", "--port", str(self.actions_port)]
        log = (self.log_dir / "actions.log").open("ab")
        process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes["actions"] = process
        wait_for(f"http://127.0.0.1:{self.actions_port}/health", process, 60)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        process.wait(timeout=30)


def texts(replies: list[dict[str, Any]]) -> str:
    """Everything the assistant said, as one string."""
    return "\n".join(r.get("text") or "" for r in replies)


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Every button offered."""
    return [b for r in replies for b in r.get("buttons") or []]


def new_sender(prefix: str = "e2e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def trained_model() -> Path:
    """The model for the current data (E2E_MODEL may name another one while data is being edited)."""
    chosen = os.environ.get("E2E_MODEL")
    model = Path(chosen) if chosen else model_path(Settings().council_path)
    if not model.is_file():
        pytest.fail(f"no trained model at {model}: run `make train` (make e2e does it for you)")
    return model


@contextmanager
def running_stack(
    var: Path, credentials: Path | str = "credentials.yml", extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """The action server and Rasa on free ports, with a fresh database under `var`, stopped afterwards."""
    model = trained_model()
    env = rasa_env(Settings(), dict(os.environ))
    rasa_port, actions_port = free_port(), free_port()
    env.update(
        ACTIONS_PORT=str(actions_port),
        ACTION_SERVER_SECRET=secrets.token_hex(16),
        TRACKER_DB=str(var / "tracker.db"),
        DATABASE_URL=f"sqlite:///{var / 'practice.db'}",
        VAR_DIR=str(var),
        PRACTICE_NOW=FIXED_NOW,
        # The conversations replay a worker's turns as fast as the servers answer: far above any person's pace.
        RATE_LIMIT_PER_MINUTE="6000",
        RATE_LIMIT_BURST="1000",
    )
    env.update(extra_env or {})
    # The same first-run steps as `make run`: schema up to date, example staff imported.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from bot.app.records import first_run; from bot.settings import Settings; first_run(Settings())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    stack = Stack(rasa_port, actions_port, env, var)
    try:
        stack.start_actions()
        cmd = [sys.executable, "-m", "rasa", "run", "--model", str(model), "--port", str(rasa_port)]
        cmd += ["--endpoints", "endpoints.yml", "--credentials", str(credentials)]
        log = (var / "rasa.log").open("ab")
        stack.processes["rasa"] = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_for(f"http://127.0.0.1:{rasa_port}/webhooks/rest/", stack.processes["rasa"], START_TIMEOUT_S)
        yield stack
    finally:
        for name in list(stack.processes):
            stack.stop(name)


TELEGRAM_SECRET = "e2e-secret_token-123"
CHANNELS = (
    "bot.channels.rest.PracticeRestInput: {}\n"
    "bot.channels.telegram.TelegramInput: {}\n"
    "bot.channels.teams.TeamsInput: {}\n"
)


@pytest.fixture(scope="session")
def fake_telegram() -> Iterator[FakeTelegram]:
    """A fake Telegram Bot API on 127.0.0.1 for the whole session."""
    with running_fake() as running:
        yield running


@pytest.fixture(scope="session")
def fake_bot_framework() -> Iterator[FakeBotFramework]:
    """Fake Bot Framework endpoints (OpenID metadata, keys, tokens, conversations) for the whole session."""
    with FakeBotFramework() as running:
        yield running


@pytest.fixture(scope="session")
def stack(
    tmp_path_factory: pytest.TempPathFactory, fake_telegram: FakeTelegram, fake_bot_framework: FakeBotFramework
) -> Iterator[Stack]:
    """The one running stack, with the REST, Telegram and Teams channels."""
    var = tmp_path_factory.mktemp("var")
    credentials = var / "credentials.yml"
    credentials.write_text(CHANNELS, encoding="utf-8")
    env = {
        "TELEGRAM_TOKEN": fake_telegram.token,
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_BASE_URL": fake_telegram.base_url,
        "TELEGRAM_WEBHOOK_URL": "https://practice.example.org/webhooks/telegram/webhook",
        **fake_bot_framework.env(),
    }
    with running_stack(var, credentials, env) as running:
        yield running


def cited(text: str) -> bool:
    """True when an answer names its source (one source, or its main ones)."""
    return "Source:" in text or "Main sources:" in text


@pytest.fixture(scope="session")
def tg(stack: Stack, fake_telegram: FakeTelegram) -> Iterator[Telegram]:
    """The shared stack seen from Telegram's side."""
    from tests.e2e.telegram_side import Telegram

    telegram = Telegram(stack, fake_telegram)
    yield telegram
    if telegram.conn is not None:
        telegram.conn.close()


@pytest.fixture(scope="session")
def teams(stack: Stack, fake_bot_framework: FakeBotFramework) -> Teams:
    """The shared stack seen from Teams' side."""
    from tests.e2e.teams_side import Teams

    return Teams(stack, fake_bot_framework)
