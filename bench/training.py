"""Creating the stock `rasa init` assistant and timing `rasa train --force` of both assistants."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from bench.common import OUT, ROOT, STOCK_DIR, WORK, BenchError, say
from bot.app.build import rasa_command, rasa_env
from bot.settings import Settings

TRAIN_TIMEOUT_S = 1800.0
INIT_TIMEOUT_S = 1200.0


def run_logged(cmd: list[str], cwd: Path, env: dict[str, str], log: Path, timeout: float) -> float:
    """Run a command with output to a log file; return its wall time in seconds or raise BenchError."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("ab") as handle:
        try:
            result = subprocess.run(
                cmd, check=False, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, timeout=timeout
            )
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"{' '.join(cmd[2:4])} took over {timeout:.0f} s; see {log}") from exc
    if result.returncode != 0:
        raise BenchError(f"{' '.join(cmd[2:4])} failed (exit {result.returncode}); see {log}")
    return time.monotonic() - started


def stock_env(settings: Settings) -> dict[str, str]:
    """The same thread and seed settings as ours, with a cache under bench/out."""
    env = rasa_env(settings)
    env["RASA_CACHE_DIRECTORY"] = str(WORK / "cache-stock")
    return env


def newest_model(project: Path) -> Path | None:
    """The newest model in a project's models/ folder, if any."""
    models = sorted((project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def init_stock(settings: Settings, reuse: bool) -> tuple[Path, float | None]:
    """Create (or with --quick reuse) the `rasa init` project; return its model and the init time."""
    existing = newest_model(STOCK_DIR)
    if reuse and existing:
        say(f"stock: reusing {existing.relative_to(OUT)} from an earlier run")
        return existing, None
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)  # with --no-prompt, rasa init wants the folder to exist
    say("stock: rasa init --no-prompt (creates and trains the example assistant)")
    cmd = rasa_command("init", "--no-prompt", "--init-dir", str(STOCK_DIR))
    seconds = run_logged(cmd, OUT, stock_env(settings), WORK / "logs" / "stock-init.out", INIT_TIMEOUT_S)
    model = newest_model(STOCK_DIR)
    if model is None:
        raise BenchError(f"rasa init made no model; see {WORK / 'logs' / 'stock-init.out'}")
    return model, seconds


def time_our_training(settings: Settings) -> float:
    """Wall time of `rasa train --force` of our assistant into bench/out/work/train-ours."""
    env = rasa_env(settings)
    env["RASA_CACHE_DIRECTORY"] = str(WORK / "cache-ours")
    cmd = rasa_command(
        "train", "--force", "--domain", "domain.yml", "--config", "config.yml", "--data", "data",
        "--out", str(WORK / "train-ours"),
    )  # fmt: skip
    return run_logged(cmd, ROOT, env, WORK / "logs" / "train-ours.out", TRAIN_TIMEOUT_S)


def time_stock_training(settings: Settings) -> float:
    """Wall time of `rasa train --force` of the stock assistant into bench/out/work/train-stock."""
    cmd = rasa_command("train", "--force", "--out", str(WORK / "train-stock"))
    return run_logged(cmd, STOCK_DIR, stock_env(settings), WORK / "logs" / "train-stock.out", TRAIN_TIMEOUT_S)
