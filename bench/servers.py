"""Starting and stopping our stack and the stock `rasa init` assistant, free ports and memory from /proc."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.common import ROOT, STOCK_DIR, WORK, BenchError, say
from bench.load import LEVELS, MESSAGES, QUICK_MESSAGES, load, transcript
from bench.training import stock_env
from bot.app import serve
from bot.app.build import ensure_model, rasa_command
from bot.app.records import first_run
from bot.loading import load_council
from bot.settings import Settings

OUR_SCRIPT = ("hi", "who do I contact?", "what's the LADO number", "thanks", "are you a bot?", "bye")
STOCK_SCRIPT = ("hi", "I am sad", "yes", "bye", "are you a bot?", "great")
# Our REST channel answers 200 with this apology when a message could not be handled: an error.
OUR_FAILURE_MARK = "couldn't finish that just now"
READY_TIMEOUT_S = 300.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    """Direct children of a process, from /proc/*/stat."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def process_tree(pid: int, limit: int = 64) -> list[int]:
    """A process and all its descendants (bounded)."""
    tree: list[int] = []
    queue = [pid]
    while queue and len(tree) < limit:
        current = queue.pop()
        tree.append(current)
        queue += _children(current)
    return tree


def _status_kb(pid: int, key: str) -> int:
    """One `kB` field (VmRSS, VmHWM) from /proc/<pid>/status; 0 if the process is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    return 0


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at peak (VmRSS, VmHWM) of a process and its children, in MB."""
    tree = process_tree(pid)
    rss = sum(_status_kb(p, "VmRSS") for p in tree)
    hwm = sum(_status_kb(p, "VmHWM") for p in tree)
    return {"rss_mb": round(rss / 1024, 1), "peak_mb": round(hwm / 1024, 1), "processes": len(tree)}


@contextlib.contextmanager
def output_to(log: Path) -> Iterator[None]:
    """Point this process's stdout/stderr at a log file while children are started, so they inherit it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = (os.dup(1), os.dup(2))
    with log.open("ab") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def benchmark_server(name: str, url: str, script: tuple[str, ...], pids: dict[str, int], quick: bool) -> dict:
    """Warm up, then load at each concurrency level, then read memory of the server processes."""
    failure_mark = OUR_FAILURE_MARK if name == "ours" else None
    result: dict[str, Any] = {"script": list(script), "warmup": asyncio.run(transcript(url, script))}
    budgets = QUICK_MESSAGES if quick else MESSAGES
    for level in LEVELS:
        say(f"{name}: {budgets[level]} messages at concurrency {level}")
        figures = load(url, script, level, budgets[level], failure_mark)
        say(f"{name}: c={level}: p95 {figures.p95_ms} ms, {figures.msgs_per_s} msg/s, {figures.errors} errors")
        result[f"c{level}"] = asdict(figures)
    memory = {role: memory_mb(pid) for role, pid in pids.items()}
    memory["total"] = {key: round(sum(m[key] for m in memory.values()), 1) for key in ("rss_mb", "peak_mb")}
    result["memory"] = memory
    return result


def bench_settings() -> Settings:
    """Settings for a private stack: free ports, a fresh secret, VAR_DIR and TRACKER_DB under bench/out."""
    var = WORK / "var"
    var.mkdir(parents=True, exist_ok=True)
    overrides = {
        "VAR_DIR": str(var),
        "TRACKER_DB": str(var / "tracker.db"),
        "RASA_PORT": str(free_port()),
        "ACTIONS_PORT": str(free_port()),
        "ACTIONS_HOST": "127.0.0.1",
        "ACTION_SERVER_SECRET": secrets.token_hex(16),
    }
    os.environ.update(overrides)  # children started by bot.app.serve read these through rasa_env
    settings = Settings()
    first_run(settings)  # the decision-log schema and example staff, as `make run` does
    return settings


def start_ours(settings: Settings, model: Path, processes: dict[str, Any]) -> None:
    """Start our action server and Rasa (output to bench/out/work/logs) and wait until both answer."""
    logs = WORK / "logs"
    with output_to(logs / "ours-actions.out"):
        processes["actions"] = serve.start_actions(settings)
    health = f"http://127.0.0.1:{settings.actions_port}/health"
    if not serve.wait_until_ready(health, processes["actions"], 120):
        raise BenchError(f"our action server did not start; see {logs / 'ours-actions.out'}")
    with output_to(logs / "ours-rasa.out"):
        processes["rasa"] = serve.start_rasa(settings, model)
    if not serve.wait_until_ready(f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/", processes["rasa"]):
        raise BenchError(f"our Rasa server did not start; see {logs / 'ours-rasa.out'} and {settings.var_dir}")


def quiet_ensure_model(settings: Settings) -> Path:
    """ensure_model (trains only if the inputs changed), with any training output sent to a log."""
    council = load_council(settings.council_path)
    lines: list[str] = []
    log = WORK / "logs" / "ours-ensure-model.out"
    say(f"ours: ensure_model (trains only if the inputs changed; output in {log.relative_to(ROOT)})")
    try:
        with output_to(log):
            return ensure_model(council, settings, lines.append)
    finally:
        for line in lines:
            say(f"ours: {line}")


def bench_ours(settings: Settings, quick: bool) -> dict:
    """Load benchmark of our assistant (action server + Rasa), stopped afterwards whatever happens."""
    model = quiet_ensure_model(settings)
    processes: dict[str, Any] = {}
    try:
        started = time.monotonic()
        start_ours(settings, model, processes)
        say(f"ours: servers ready in {time.monotonic() - started:.0f} s (model {model.name})")
        url = f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
        pids = {role: process.pid for role, process in processes.items()}
        result = benchmark_server("ours", url, OUR_SCRIPT, pids, quick)
        result["model"] = model.name
        return result
    finally:
        serve.stop(list(processes.values()))


def bench_stock(settings: Settings, model: Path, quick: bool) -> dict:
    """Load benchmark of the stock assistant (Rasa only, in-memory tracker), stopped afterwards."""
    port = free_port()
    log = WORK / "logs" / "stock-rasa.out"
    cmd = rasa_command("run", "--model", str(model), "--port", str(port), "--log-file", str(WORK / "stock-rasa.log"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with log.open("ab") as handle:
            processes.append(
                subprocess.Popen(cmd, cwd=STOCK_DIR, env=stock_env(settings), stdout=handle, stderr=subprocess.STDOUT)
            )
        if not serve.wait_until_ready(f"http://127.0.0.1:{port}/webhooks/rest/", processes[0], READY_TIMEOUT_S):
            raise BenchError(f"the stock Rasa server did not start; see {log}")
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        return benchmark_server("stock", url, STOCK_SCRIPT, {"rasa": processes[0].pid}, quick)
    finally:
        serve.stop(processes)
