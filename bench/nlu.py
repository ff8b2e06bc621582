"""NLU variants side by side: training time, and intent F1 on the development set and the held-out sets.

    python bench/nlu.py baseline no_transformer ...

Each variant is config.yml with some DIET settings changed (VARIANTS below), trained with `rasa train nlu`
on the project's NLU data and scored with `rasa test nlu`. Choose on the development set only; the held-out
figures are reported beside it and never used to choose. Results go to bench/out/nlu-<variant>.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app.build import rasa_env
from bot.settings import ROOT, Settings

SETS = ("dev.yml", "holdout.yml", "holdout_unseen.yml")
VARIANTS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "no_transformer": {"number_of_transformer_layers": 0},
    "one_layer_128": {"number_of_transformer_layers": 1, "transformer_size": 128},
    "two_layers_128": {"transformer_size": 128},
    "one_layer_128_60": {"number_of_transformer_layers": 1, "transformer_size": 128, "epochs": 60},
    "one_layer_256": {"number_of_transformer_layers": 1},
    "baseline_20": {"epochs": 20},
    "two_layers_128_60": {"transformer_size": 128, "epochs": 60},
}


def _config(changes: dict[str, Any], folder: Path) -> Path:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for step in config["pipeline"]:
        if step["name"] == "DIETClassifier":
            step.update(changes)
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _known(data: dict[str, Any]) -> dict[str, Any]:
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    return {**data, "nlu": [item for item in data["nlu"] if item.get("intent") in intents]}


def run(name: str) -> dict[str, Any]:
    """Train one variant and score it on every evaluation set."""
    folder = ROOT / "bench" / "out" / f"nlu-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    env = rasa_env(Settings())
    config = _config(VARIANTS[name], folder)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--nlu", "data/nlu",
         "--out", str(folder), "--fixed-model-name", "model"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    found: dict[str, Any] = {"variant": name, "changes": VARIANTS[name], "train_s": round(time.monotonic() - started)}
    for set_name in SETS:
        examples = folder / set_name
        data = yaml.safe_load((ROOT / "tests" / "nlu" / set_name).read_text(encoding="utf-8"))
        examples.write_text(yaml.safe_dump(_known(data), sort_keys=False, allow_unicode=True), encoding="utf-8")
        out = folder / set_name.removesuffix(".yml")
        subprocess.run(
            [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", str(examples), "--model",
             str(folder / "model.tar.gz"), "--out", str(out)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
        found[set_name] = round(report["weighted avg"]["f1-score"], 3)
        found[f"{set_name}:danger_recall"] = round(report.get("immediate_danger", {}).get("recall", 0.0), 3)
    (ROOT / "bench" / "out" / f"nlu-{name}.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    return found


def main(names: list[str]) -> int:
    """Run the named variants (all of them when none is named) and print one line each."""
    for name in names or list(VARIANTS):
        if name not in VARIANTS:
            print(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}", file=sys.stderr)
            return 2
        print(json.dumps(run(name)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
