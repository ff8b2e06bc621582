"""Building the assistant: the spaCy pipeline, and a Rasa model trained only when inputs change."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from bot.loading import Council
from bot.settings import ROOT, Settings

MODEL_PREFIX = "pc-"
# Everything a trained model depends on, relative to the project root.
TRAINING_INPUTS = ("domain.yml", "config.yml", "data", "components")
KEEP_MODELS = 3


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


# Council data the Rasa model never reads: the recogniser's corpus and the danger examples train
# their own models (saved under var/), and the practice scenarios are read by the action server only,
# so editing them must not retrain Rasa.
NOT_IN_MODEL = ("paraphrases", "danger_examples.yml", "scenarios")


def model_fingerprint(council_dir: Path, root: Path = ROOT) -> str:
    """A hash of the domain, config, training data, components and the council data Rasa reads."""
    digest = hashlib.sha256(f"rasa {version('rasa')}".encode())
    for path in [*(root / name for name in TRAINING_INPUTS), council_dir]:
        for file in _files(path):
            if path == council_dir and file.relative_to(council_dir).parts[0] in NOT_IN_MODEL:
                continue
            digest.update(str(file.relative_to(path.parent)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(council_dir: Path, root: Path = ROOT) -> Path:
    """Where the model for the current inputs is (or will be) stored."""
    return root / "models" / f"{MODEL_PREFIX}{model_fingerprint(council_dir, root)}.tar.gz"


def rasa_env(settings: Settings, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for Rasa processes: local defaults, fixed seeds and thread counts."""
    env = dict(os.environ if base is None else base)
    defaults = {
        "COUNCIL": settings.council,
        "ACTIONS_HOST": settings.actions_host,
        "ACTIONS_PORT": str(settings.actions_port),
        "ACTION_SERVER_SECRET": settings.action_server_secret.get_secret_value(),
        "TRACKER_DB": str(settings.var_dir / "tracker.db"),
        "RASA_CACHE_DIRECTORY": str(ROOT / ".rasa" / "cache"),
        "PYTHONHASHSEED": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "TF_DETERMINISTIC_OPS": "1",
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
        "TF_INTRA_OP_PARALLELISM_THREADS": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_REGISTER": "False",
    }
    for key, value in defaults.items():
        env.setdefault(key, value)
    if settings.council_dir:
        env.setdefault("COUNCIL_DIR", str(settings.council_dir))
    return env


def rasa_command(*args: str) -> list[str]:
    """A command line that runs Rasa from this interpreter's environment."""
    return [sys.executable, "-m", "rasa", *args]


def ensure_model(council: Council, settings: Settings, say: Callable[[str], None], force: bool = False) -> Path:
    """Build the pipeline and train a model unless one for the same inputs exists."""
    from bot.app.bootstrap import Root  # the CLI's root builds the pipeline; imported late to keep `model-path` quick

    root = Root(settings, council=council)
    pipeline = root.pipeline_path
    if root.recogniser is not None:  # trained (or found) now, so the action server starts without the wait
        say(f"indicator recogniser ready ({len(root.recogniser.ids)} indicators)")
    say(f"spaCy pipeline: {pipeline.relative_to(ROOT) if pipeline.is_relative_to(ROOT) else pipeline}")
    target = model_path(council.directory)
    if target.is_file() and not force:
        say(f"model up to date: {target.relative_to(ROOT)}")
        return target
    say("training the model (data, domain, config or council data changed); this takes a few minutes")
    started = time.monotonic()
    cmd = rasa_command(
        "train", "--domain", "domain.yml", "--config", "config.yml", "--data", "data",
        "--out", str(target.parent), "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    )  # fmt: skip
    result = subprocess.run(cmd, cwd=ROOT, env=rasa_env(settings), check=False)
    if result.returncode != 0 or not target.is_file():
        raise RuntimeError(f"training failed (exit {result.returncode}); see the output above")
    say(f"trained in {time.monotonic() - started:.0f} s: {target.relative_to(ROOT)}")
    prune_models(target.parent, keep=KEEP_MODELS)
    return target


def prune_models(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` models this project trained; return what was deleted."""
    models = sorted(folder.glob(f"{MODEL_PREFIX}*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[keep:]:
        old.unlink(missing_ok=True)
    return models[keep:]
