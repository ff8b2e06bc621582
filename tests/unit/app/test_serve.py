"""`make run` keeps serving when the reminders process stops: it is started again, the servers are not."""

from __future__ import annotations

import subprocess
import sys

from bot.app import serve


def _python(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code])


def test_a_stopped_reminders_process_is_restarted_and_a_stopped_server_ends_the_watch() -> None:
    server = _python("import time; time.sleep(2.5)")
    optional = [_python("raise SystemExit(3)")]
    restarted: list[subprocess.Popen[bytes]] = []

    def restart() -> subprocess.Popen[bytes]:
        restarted.append(_python("import time; time.sleep(30)"))
        return restarted[-1]

    said: list[str] = []
    try:
        code = serve._watch([server], said.append, optional, restart)
    finally:
        serve.stop([server, *optional])
    assert code == 1  # the server's exit still ends the watch
    assert len(restarted) == 1 and optional == restarted  # once, not once a second
    assert any("reminders process stopped (exit 3)" in line for line in said)
    assert said[-1].startswith("a server stopped")
