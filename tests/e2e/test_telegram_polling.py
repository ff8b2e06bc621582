"""Telegram in polling mode: updates fetched from the fake API and forwarded to Rasa, and a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT
from tests.e2e.telegram_side import Telegram, texts
from tests.fakes.telegram_api import message_update, next_update_id


def test_polling_forwards_updates_and_stops_on_ctrl_c(tg: Telegram, tmp_path: Path) -> None:
    user = tg.new_staff()
    env = {**tg.stack.env, "RASA_PORT": str(tg.stack.rasa_port)}
    log = (tmp_path / "polling.log").open("wb")
    cmd = [sys.executable, "-m", "bot.channels.telegram_polling"]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        tg.fake.queue_update(message_update(user, "/start", update_id=next_update_id()))
        replies = tg.fake.wait_for_sent(user, 1, timeout=90)
        assert "Practice Companion" in texts(replies)
        assert tg.fake.calls_of("deleteWebhook") and tg.fake.calls_of("getUpdates")
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        log.close()
    assert code == 0, (tmp_path / "polling.log").read_text()
    # The forwarded update was confirmed on the way out: nothing is left to fetch again.
    assert tg.fake.updates == []


def test_polling_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot.channels.telegram_polling"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2 and "TELEGRAM_TOKEN" in result.stderr
