"""NLU on held-out examples (never used in training) must stay above the recorded intent F1.

Two held-out sets: `tests/nlu/holdout.yml` (the first) and `tests/nlu/holdout_unseen.yml` (written by a helper
who never saw the training data, in practitioners' own wording). Intents the assistant does not have yet are
left out of the unseen set's evaluation and named in the README.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.app.build import model_path, rasa_env
from bot.settings import ROOT, Settings

# Recorded in README.md ("Tests and quality bars"); raise them when the data improves, never lower them quietly.
FLOORS = {"holdout.yml": 0.90, "holdout_unseen.yml": 0.80}
MIN_DANGER_RECALL = 0.95


def _known_intents() -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["intents"])


@pytest.fixture(scope="module", params=sorted(FLOORS))
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    name = request.param
    out = tmp_path_factory.mktemp("nlu")
    data = yaml.safe_load((ROOT / "tests" / "nlu" / name).read_text(encoding="utf-8"))
    known = _known_intents()
    data["nlu"] = [item for item in data["nlu"] if item.get("intent") in known]
    examples = out / name
    examples.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    model = os.environ.get("E2E_MODEL") or str(model_path(Settings().council_path))
    cmd = [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", str(examples), "--model", model, "--out", str(out)]
    subprocess.run(
        cmd, cwd=ROOT, env=rasa_env(Settings(), dict(os.environ)), check=True, capture_output=True, timeout=600
    )
    return name, json.loads(Path(out, "intent_report.json").read_text())


def test_weighted_intent_f1(report: tuple[str, dict]) -> None:
    name, scores = report
    f1 = scores["weighted avg"]["f1-score"]
    weakest = sorted((v["f1-score"], k) for k, v in scores.items() if isinstance(v, dict) and "support" in v)[:4]
    print(f"{name}: weighted intent F1 {f1:.3f}; weakest {[(k, round(f, 2)) for f, k in weakest]}")
    assert f1 >= FLOORS[name]


def test_danger_is_almost_never_missed(report: tuple[str, dict]) -> None:
    _, scores = report
    assert scores["immediate_danger"]["recall"] >= MIN_DANGER_RECALL
