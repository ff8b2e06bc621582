"""Benchmarks: REST load on our assistant and a stock `rasa init` one, training times, in-process assess.

Usage: python bench/run.py [--quick]   (results printed as Markdown and written to bench/out/results.json)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import nlp, serve  # noqa: E402
from bot.build import ensure_model, rasa_command, rasa_env  # noqa: E402
from bot.cli_records import first_run  # noqa: E402
from bot.config import Settings, load_council  # noqa: E402
from bot.thresholds import ThresholdEngine  # noqa: E402

OUT = ROOT / "bench" / "out"
WORK = OUT / "work"  # recreated on every run: VAR_DIR, tracker DB, logs, trained models
STOCK_DIR = OUT / "stock"  # the `rasa init` project; kept between --quick runs
RESULTS = OUT / "results.json"

OUR_SCRIPT = ("hi", "who do I contact?", "what's the LADO number", "thanks", "are you a bot?", "bye")
STOCK_SCRIPT = ("hi", "I am sad", "yes", "bye", "are you a bot?", "great")
# Our REST channel answers 200 with this apology when a message could not be handled: an error.
OUR_FAILURE_MARK = "couldn't finish that just now"
LEVELS = (1, 20)
MESSAGES = {1: 200, 20: 600}
QUICK_MESSAGES = {1: 40, 20: 120}
LOAD_DEADLINE_S = 600.0
REQUEST_TIMEOUT_S = 60.0
TRAIN_TIMEOUT_S = 1800.0
INIT_TIMEOUT_S = 1200.0
READY_TIMEOUT_S = 300.0

ASSESS_WARMUP = 20
ASSESS_RUNS = 300
ASSESS_GOAL_MS = 20.0
ASSESS_DEADLINE_S = 120.0
# A Thursday morning inside office hours, so the contacts part of assess is repeatable.
ASSESS_WHEN = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)
DESCRIPTION = (
    "I am the designated safeguarding lead at a primary school and I want to check the threshold for a "
    "family I have been worried about since September. Jayden is 7 years old and lives with his mum and his "
    "two younger sisters in a privately rented flat; dad is not involved and there has been no contact for "
    "about a year. Mum is warm and loving with the children and there is a good bond, but she has told the "
    "class teacher she is feeling low and has been on antidepressants since the spring. Over the last half "
    "term Jayden has often come in hungry and in the same clothes all week, and staff have noticed he is "
    "unkempt, with head lice that keep coming back. His attendance has dropped to 86 percent, with late "
    "arrivals most Mondays, and he is falling behind with reading. He has said that the flat is cold and "
    "that mum stays in bed a lot. There have been no marks or bruises and he has not said anyone hurts him. "
    "Mum told the family support worker about rent arrears and that she uses the food bank, and she has "
    "little support since her sister moved away; she is new to the area and feels isolated. She asked for "
    "advice on routines because bedtimes are late and the children are on screens until midnight. Jayden "
    "has friends and plays well with others at break, and he talks to his teacher when he is upset, which "
    "is a strength. Mum engages well when we speak to her and attends all appointments at school, but she "
    "missed the younger girls' development check and the health visitor has not been able to see them. I "
    "have not seen any signs of domestic abuse and there is no known drug or alcohol use. Is this early "
    "help, or should I ring the front door?"
)


class BenchError(Exception):
    """A part of the benchmark could not run."""


def say(message: str) -> None:
    """Print a progress line."""
    print(f"[bench] {message}", flush=True)


# ---------------------------------------------------------------- statistics


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of values (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


def ratio(ours: float | None, stock: float | None) -> float | None:
    """ours / stock, or None when either is missing or stock is zero."""
    if ours is None or not stock:
        return None
    return ours / stock


# ---------------------------------------------------------------- processes and memory


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


# ---------------------------------------------------------------- REST load


@dataclass
class LoadRun:
    """The state of one load run: a message budget shared by concurrent conversations."""

    url: str
    script: tuple[str, ...]
    total: int
    deadline: float
    prefix: str
    failure_mark: str | None = None
    taken: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0
    error_samples: list[str] = field(default_factory=list)

    def take(self) -> bool:
        """Claim one message from the budget; False when it is spent or time is up."""
        if self.taken >= self.total or time.monotonic() > self.deadline:
            return False
        self.taken += 1
        return True

    def fail(self, why: str) -> None:
        """Count an error and keep the first few reasons."""
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(why[:200])


@dataclass
class LoadResult:
    """Figures from one load run."""

    concurrency: int
    target: int
    sent: int
    ok: int
    errors: int
    empty_replies: int
    seconds: float
    msgs_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    stopped_by_deadline: bool
    error_samples: list[str]


def _reply_problem(status: int, body: Any, failure_mark: str | None) -> str | None:
    """Why a reply counts as an error, or None when it is fine."""
    if status != 200:
        return f"HTTP {status}: {str(body)[:120]}"
    if not isinstance(body, list):
        return f"not a list: {str(body)[:120]}"
    texts = " ".join(str(m.get("text") or "") for m in body if isinstance(m, dict))
    if failure_mark and failure_mark in texts:
        return f"apology: {texts[:120]}"
    return None


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> tuple[int, Any]:
    """POST one message to the REST channel; return the status and parsed body."""
    async with session.post(url, json={"sender": sender, "message": text}) as reply:
        return reply.status, await reply.json(content_type=None)


async def _timed_send(session: aiohttp.ClientSession, run: LoadRun, sender: str, text: str) -> None:
    """Send one message and record its latency or error."""
    started = time.perf_counter()
    try:
        status, body = await send(session, run.url, sender, text)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        run.fail(f"{type(exc).__name__}: {exc}")
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    problem = _reply_problem(status, body, run.failure_mark)
    if problem:
        run.fail(problem)
        return
    run.latencies.append(elapsed_ms)
    run.empty += body == []


async def _conversations(session: aiohttp.ClientSession, run: LoadRun, worker: int) -> None:
    """One simulated user: conversation after conversation, each with a new sender id."""
    for conversation in range(run.total):
        sender = f"{run.prefix}-w{worker}-{conversation}-{uuid.uuid4().hex[:6]}"
        for text in run.script:
            if not run.take():
                return
            await _timed_send(session, run, sender, text)


async def _drive(run: LoadRun, concurrency: int) -> float:
    """Run `concurrency` simulated users until the budget is spent; return the wall time."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        workers = [_conversations(session, run, worker) for worker in range(concurrency)]
        await asyncio.wait_for(asyncio.gather(*workers), LOAD_DEADLINE_S + REQUEST_TIMEOUT_S + 30)
        return time.perf_counter() - started


def load(url: str, script: tuple[str, ...], concurrency: int, total: int, failure_mark: str | None) -> LoadResult:
    """Drive the REST channel at a fixed concurrency for a fixed number of messages."""
    prefix = f"bench-c{concurrency}-{uuid.uuid4().hex[:6]}"
    run = LoadRun(url, script, total, time.monotonic() + LOAD_DEADLINE_S, prefix, failure_mark)
    seconds = asyncio.run(_drive(run, concurrency))
    lat = run.latencies
    return LoadResult(
        concurrency, total, run.taken, len(lat), run.errors, run.empty, round(seconds, 2),
        round(len(lat) / seconds, 2) if seconds else 0.0,
        round(percentile(lat, 50), 1), round(percentile(lat, 95), 1), round(percentile(lat, 99), 1),
        round(max(lat, default=0.0), 1), run.taken < total, run.error_samples,
    )  # fmt: skip


async def _transcript(url: str, script: tuple[str, ...]) -> list[dict[str, Any]]:
    """One conversation, replies kept: warms the server up and shows what the bot answered."""
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    sender = f"bench-warmup-{uuid.uuid4().hex[:6]}"
    lines = []
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for text in script:
            status, body = await send(session, url, sender, text)
            replies = [str(m.get("text") or m) for m in body] if isinstance(body, list) else [str(body)]
            lines.append({"user": text, "status": status, "bot": [r[:160] for r in replies]})
    return lines


def benchmark_server(name: str, url: str, script: tuple[str, ...], pids: dict[str, int], quick: bool) -> dict:
    """Warm up, then load at each concurrency level, then read memory of the server processes."""
    failure_mark = OUR_FAILURE_MARK if name == "ours" else None
    result: dict[str, Any] = {"script": list(script), "warmup": asyncio.run(_transcript(url, script))}
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


# ---------------------------------------------------------------- our assistant


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
    os.environ.update(overrides)  # children started by bot.serve read these through rasa_env
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


def time_our_training(settings: Settings) -> float:
    """Wall time of `rasa train --force` of our assistant into bench/out/work/train-ours."""
    env = rasa_env(settings)
    env["RASA_CACHE_DIRECTORY"] = str(WORK / "cache-ours")
    cmd = rasa_command(
        "train", "--force", "--domain", "domain.yml", "--config", "config.yml", "--data", "data",
        "--out", str(WORK / "train-ours"),
    )  # fmt: skip
    return run_logged(cmd, ROOT, env, WORK / "logs" / "train-ours.out", TRAIN_TIMEOUT_S)


# ---------------------------------------------------------------- stock assistant


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


def time_stock_training(settings: Settings) -> float:
    """Wall time of `rasa train --force` of the stock assistant into bench/out/work/train-stock."""
    cmd = rasa_command("train", "--force", "--out", str(WORK / "train-stock"))
    return run_logged(cmd, STOCK_DIR, stock_env(settings), WORK / "logs" / "train-stock.out", TRAIN_TIMEOUT_S)


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


# ---------------------------------------------------------------- in-process threshold engine


def bench_assess(settings: Settings) -> dict:
    """Time ThresholdEngine.assess on a fixed ~300-word description, as the issue asks."""
    council = load_council(settings.council_path)
    engine = ThresholdEngine(nlp.load(nlp.ensure_built(council, settings.var_dir / "nlp")), council)
    deadline = time.monotonic() + ASSESS_DEADLINE_S
    for _ in range(ASSESS_WARMUP):
        assessment = engine.assess(DESCRIPTION, ASSESS_WHEN)
    times: list[float] = []
    for _ in range(ASSESS_RUNS):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        assessment = engine.assess(DESCRIPTION, ASSESS_WHEN)
        times.append((time.perf_counter() - started) * 1000)
    p95 = percentile(times, 95)
    return {
        "words": len(DESCRIPTION.split()), "warmup_runs": ASSESS_WARMUP, "runs": len(times),
        "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(p95, 2), "max_ms": round(max(times), 2),
        "goal_p95_ms": ASSESS_GOAL_MS, "pass": p95 < ASSESS_GOAL_MS and len(times) == ASSESS_RUNS,
        "level": assessment.level, "indicators_matched": len(assessment.matched),
    }  # fmt: skip


# ---------------------------------------------------------------- report


def _git(*args: str) -> str:
    """Output of a read-only git command in the project, or '?'."""
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return done.stdout.strip() if done.returncode == 0 else "?"


def machine() -> dict[str, Any]:
    """Where and when the benchmark ran."""
    meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git("status", "--porcelain")),
        "cpus": os.cpu_count(),
        "memory_gb": round(int(meminfo[1]) / 1024 / 1024, 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "rasa": version("rasa"),
    }


def _get(results: dict, *path: str) -> Any:
    """A nested value, or None if any step is missing."""
    value: Any = results
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _fmt(value: Any, digits: int = 1) -> str:
    """A table cell."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


NO_RATIO = frozenset({"sent", "errors"})


def comparison_rows(results: dict) -> list[tuple[str, Any, Any, bool]]:
    """(measure, ours, stock, show a ratio) for the comparison table."""
    rows: list[tuple[str, Any, Any, bool]] = []
    for level in LEVELS:
        for key, label in (("p50_ms", "p50 latency (ms)"), ("p95_ms", "p95 latency (ms)"),
                           ("p99_ms", "p99 latency (ms)"), ("msgs_per_s", "messages/s"),
                           ("sent", "messages sent"), ("errors", "errors")):  # fmt: skip
            ours, stock = (_get(results, "load", side, f"c{level}", key) for side in ("ours", "stock"))
            rows.append((f"c={level} {label}", ours, stock, key not in NO_RATIO))
    for key, label in (("rss_mb", "server RSS after load (MB)"), ("peak_mb", "server peak RSS, VmHWM (MB)")):
        ours, stock = (_get(results, "load", side, "memory", "total", key) for side in ("ours", "stock"))
        rows.append((label, ours, stock, True))
    if not _get(results, "training", "skipped"):
        ours, stock = (_get(results, "training", f"{side}_s") for side in ("ours", "stock"))
        rows.append(("training, `rasa train --force` (s)", ours, stock, True))
    return rows


def extra_rows(results: dict) -> list[str]:
    """Rows without a comparison: our memory per server, stock init time, skipped training."""
    lines = []
    memory = _get(results, "load", "ours", "memory") or {}
    for role in ("rasa", "actions"):
        if role in memory:
            lines.append(f"| ours: {role} server RSS after load / peak (MB) | "
                         f"{memory[role]['rss_mb']} / {memory[role]['peak_mb']} | | |")  # fmt: skip
    init = _get(results, "training", "stock_init_s")
    if init is not None:
        lines.append(f"| stock: `rasa init` incl. its first training (s) | | {_fmt(init)} | |")
    if _get(results, "training", "skipped"):
        lines.append("| training | skipped (--quick) | skipped (--quick) | |")
    return lines


def header(results: dict) -> str:
    """One line saying when, where and how the figures were made."""
    meta = results["meta"]
    load = ", ".join(f"{x:.2f}" for x in meta["load_average_at_start"])
    mode = "--quick" if meta["quick"] else "full"
    dirty = " + uncommitted changes" if meta["uncommitted_changes"] else ""
    return (f"{mode} run {meta['date']}, commit {meta['commit']}{dirty}, "
            f"{meta['cpus']} CPUs / {meta['memory_gb']} GB, load average at start {load}, "
            f"rasa {meta['rasa']}, Python {meta['python']}")  # fmt: skip


def markdown(results: dict) -> str:
    """The results as Markdown tables."""
    lines = [header(results), "", "| Measure | Ours | Stock `rasa init` | Ours / stock |", "|---|---:|---:|---:|"]
    for label, ours, stock, with_ratio in comparison_rows(results):
        both = isinstance(ours, (int, float)) and isinstance(stock, (int, float))
        shown = _fmt(ratio(float(ours), float(stock)), 2) if both and with_ratio else ""
        lines.append(f"| {label} | {_fmt(ours)} | {_fmt(stock)} | {shown} |")
    lines += [*extra_rows(results), "", *assess_lines(results.get("assess"))]
    return "\n".join(lines)


def assess_lines(assess: dict | None) -> list[str]:
    """The in-process threshold table."""
    if not assess:
        return ["In-process `ThresholdEngine.assess`: did not run."]
    mark = "PASS" if assess["pass"] else "FAIL"
    return [
        f"In-process `ThresholdEngine.assess`, {assess['words']}-word description, "
        f"{assess['runs']} runs after {assess['warmup_runs']} warm-up:",
        "",
        "| p50 (ms) | p95 (ms) | max (ms) | goal | result |",
        "|---:|---:|---:|---|---|",
        f"| {assess['p50_ms']} | {assess['p95_ms']} | {assess['max_ms']} | p95 < {assess['goal_p95_ms']:.0f} ms | "
        f"**{mark}** |",
    ]


def add_ratios(results: dict) -> None:
    """ours/stock ratios for the headline figures, into results['ratios']."""
    pairs: dict[str, tuple[str, ...]] = {
        f"c{lv}_{key}": ("load", "{side}", f"c{lv}", key) for lv in LEVELS for key in ("p95_ms", "msgs_per_s")
    }
    pairs["rss_mb"] = ("load", "{side}", "memory", "total", "rss_mb")
    pairs["peak_mb"] = ("load", "{side}", "memory", "total", "peak_mb")
    pairs["training_s"] = ("training", "{side}_s")
    ratios = {}
    for name, path in pairs.items():
        ours, stock = (_get(results, *(p.format(side=side) for p in path)) for side in ("ours", "stock"))
        value = ratio(ours, stock)
        ratios[name] = round(value, 3) if value is not None else None
    results["ratios"] = ratios


# ---------------------------------------------------------------- main


def step(results: dict, name: str, action: Callable[[], Any]) -> Any:
    """Run one part of the benchmark; record and print its error instead of stopping the others."""
    say(f"--- {name}")
    started = time.monotonic()
    try:
        value = action()
    except Exception as exc:  # one failed part must not hide the others' figures
        traceback.print_exc()
        results["errors"][name] = f"{type(exc).__name__}: {exc}"
        say(f"{name}: FAILED: {exc}")
        return None
    say(f"{name}: done in {time.monotonic() - started:.0f} s")
    return value


def run_training(results: dict, settings: Settings, quick: bool) -> None:
    """Time the training of both assistants, unless --quick."""
    training: dict[str, Any] = {"skipped": quick}
    results["training"] = training
    if quick:
        say("training benchmarks skipped (--quick)")
        return
    training["stock_s"] = _rounded(step(results, "train stock", lambda: time_stock_training(settings)))
    training["ours_s"] = _rounded(step(results, "train ours", lambda: time_our_training(settings)))


def _rounded(value: float | None) -> float | None:
    """A time in seconds to one decimal, None stays None."""
    return None if value is None else round(value, 1)


def run_all(results: dict, quick: bool) -> None:
    """Every part, in an order that keeps CPU-heavy parts from overlapping."""
    settings = bench_settings()
    results["assess"] = step(results, "assess in process", lambda: bench_assess(settings))
    stock = step(results, "stock init", lambda: init_stock(settings, reuse=quick))
    run_training(results, settings, quick)
    if stock is not None:
        results.setdefault("training", {})["stock_init_s"] = _rounded(stock[1])
    results["load"] = {"ours": step(results, "load ours", lambda: bench_ours(settings, quick))}
    if stock is not None:
        results["load"]["stock"] = step(results, "load stock", lambda: bench_stock(settings, stock[0], quick))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the tables, write bench/out/results.json; 1 if a part could not run."""
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages, no training benchmarks")
    args = parser.parse_args(argv)
    serve.stop_on_sigterm()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    results: dict[str, Any] = {"meta": {**machine(), "quick": args.quick}, "errors": {}}
    started = time.monotonic()
    try:
        run_all(results, args.quick)
    finally:
        results["meta"]["total_s"] = round(time.monotonic() - started, 1)
        results["meta"]["load_average_at_end"] = os.getloadavg()
        add_ratios(results)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + markdown(results) + "\n", flush=True)
    for name, error in results["errors"].items():
        print(f"could not run: {name}: {error}", flush=True)
    say(f"results written to {RESULTS.relative_to(ROOT)}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
