"""NLU on held-out examples (never used in training) must stay above a recorded intent F1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.build import model_path, rasa_env
from bot.settings import ROOT, Settings

# Recorded in README.md ("Quality bars"); raise it when the data improves, never lower it quietly.
MIN_WEIGHTED_F1 = 0.85
MIN_DANGER_RECALL = 0.95


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("nlu")
    settings = Settings()
    cmd = [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", "tests/nlu/holdout.yml"]
    cmd += ["--model", str(model_path(settings.council_path)), "--out", str(out)]
    env = rasa_env(settings, dict(os.environ))
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    return json.loads(Path(out, "intent_report.json").read_text())


def test_weighted_intent_f1(report: dict) -> None:
    f1 = report["weighted avg"]["f1-score"]
    print(f"held-out weighted intent F1: {f1:.3f}")
    assert f1 >= MIN_WEIGHTED_F1


def test_danger_is_almost_never_missed(report: dict) -> None:
    assert report["immediate_danger"]["recall"] >= MIN_DANGER_RECALL
