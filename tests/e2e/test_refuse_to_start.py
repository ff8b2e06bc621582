"""Rasa itself refuses to start, with the same lines as `config check`, when council data is broken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.app.build import model_path, rasa_env
from bot.settings import ROOT, Settings


def test_rasa_server_refuses_to_start_on_bad_data(council_copy: Path) -> None:
    (council_copy / "profile.yml").write_text("name: [unclosed\n")
    model = model_path(Settings().council_path)
    assert model.is_file(), f"train a model first: {model}"
    env = rasa_env(Settings(), dict(os.environ))
    env.update(COUNCIL_DIR=str(council_copy), ACTIONS_PORT="1", TRACKER_DB=str(council_copy / "t.db"))
    cmd = [
        sys.executable,
        "-m",
        "rasa",
        "run",
        "--model",
        str(model),
        "--port",
        "1",
        "--credentials",
        "credentials.yml",
    ]
    cmd += ["--endpoints", "endpoints.yml"]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 2
    assert "profile.yml: line 2, column 1: not valid YAML" in result.stderr
    assert "Rasa not started" in result.stderr
