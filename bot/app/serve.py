"""Start the action server, the supervisor's page and Rasa together, wait until each answers, stop all on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bot.app.build import rasa_command, rasa_env
from bot.dashboard.config import address as dashboard_address
from bot.decisions.deliver import configured_channels
from bot.settings import ROOT, Settings

READY_TIMEOUT_S = 300
RESTART_PAUSE_S = 60


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float = READY_TIMEOUT_S) -> bool:
    """Poll a URL until it answers 200, the process exits, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if _answers(url):
            return True
        time.sleep(0.5)
    return False


def start_actions(settings: Settings) -> subprocess.Popen[bytes]:
    """Start the action server (it checks council data and refuses to start on errors)."""
    cmd = [sys.executable, "-m", "actions", "--host", settings.actions_host, "--port", str(settings.actions_port)]
    return subprocess.Popen(cmd, cwd=ROOT, env=rasa_env(settings))


def start_rasa(settings: Settings, model: Path) -> subprocess.Popen[bytes]:
    """Start Rasa with the channels of the credentials file and the SQL tracker store."""
    cmd = rasa_command(
        "run", "--model", str(model), "--interface", settings.rasa_host, "--port", str(settings.rasa_port),
        "--endpoints", "endpoints.yml",
        "--credentials", str(settings.credentials), "--log-file", str(settings.var_dir / "rasa.log"),
    )  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=rasa_env(settings))


def start_dashboard(settings: Settings) -> subprocess.Popen[bytes]:
    """Start the supervisor's page (`python -m bot dashboard serve`) on the same decision log."""
    return subprocess.Popen([sys.executable, "-m", "bot", "dashboard", "serve"], cwd=ROOT, env=rasa_env(settings))


def start_reminders(settings: Settings) -> subprocess.Popen[bytes] | None:
    """The runner beside the servers: retention always, reminders too when Telegram or Teams is configured."""
    return subprocess.Popen([sys.executable, "-m", "bot", "reminders"], cwd=ROOT, env=rasa_env(settings))


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop processes politely, then firmly."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Treat SIGTERM (kill, a supervisor) like Ctrl-C, so child servers are always stopped."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


def serve(settings: Settings, model: Path, say: Callable[[str], None]) -> int:
    """Run both servers until one stops or Ctrl-C; returns an exit code."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    processes: list[subprocess.Popen[bytes]] = []
    optional: list[subprocess.Popen[bytes]] = []
    try:
        say(f"starting the action server on http://{settings.actions_host}:{settings.actions_port}")
        actions = start_actions(settings)
        processes.append(actions)
        if not wait_until_ready(f"http://{settings.actions_host}:{settings.actions_port}/health", actions, 60):
            say("the action server did not start; see the lines above")
            return 1
        host, port = dashboard_address()
        say(f"starting the supervisor's page on http://{host}:{port} (python -m bot dashboard link STAFF_ID)")
        dashboard = start_dashboard(settings)
        processes.append(dashboard)
        if not wait_until_ready(f"http://{host}:{port}/health", dashboard, 60):
            say("the supervisor's page did not start; see the lines above")
            return 1
        say(f"starting Rasa on http://localhost:{settings.rasa_port} (loading the model takes a little while)")
        rasa = start_rasa(settings, model)
        processes.append(rasa)
        # The root answers once the model is loaded, whichever channels the credentials file turns on.
        if not wait_until_ready(f"http://127.0.0.1:{settings.rasa_port}/", rasa):
            say(f"Rasa did not start; see the lines above and {settings.var_dir / 'rasa.log'}")
            return 1
        reminders = start_reminders(settings)
        if reminders is not None:
            optional.append(reminders)
            channels = configured_channels(rasa_env(settings))
            say("purging old conversations and audit rows hourly" + (" and sending reminders" if channels else ""))
        say(f"ready: POST http://localhost:{settings.rasa_port}/webhooks/rest/webhook "
            '{"sender": "demo-worker", "message": "hi"}  |  make chat  |  Ctrl-C stops all')  # fmt: skip
        return _watch(processes, say, optional, lambda: start_reminders(settings))
    except KeyboardInterrupt:
        say("stopping")
        return 0
    finally:
        stop(processes + optional)


def _watch(
    processes: list[subprocess.Popen[bytes]],
    say: Callable[[str], None],
    optional: list[subprocess.Popen[bytes]],
    restart: Callable[[], subprocess.Popen[bytes] | None],
) -> int:
    next_restart = 0.0
    while True:
        for process in processes:
            code: int | None = process.poll()
            if code is not None:
                say(f"a server stopped (exit {code}); stopping the other")
                return code or 1
        # The reminders are not worth stopping the assistant for: start them again, at most once a minute.
        for index, helper in enumerate(optional):
            if helper.poll() is not None and time.monotonic() >= next_restart:
                say(f"the reminders process stopped (exit {helper.returncode}); starting it again")
                next_restart = time.monotonic() + RESTART_PAUSE_S
                replacement = restart()
                if replacement is not None:
                    optional[index] = replacement
        time.sleep(1)
