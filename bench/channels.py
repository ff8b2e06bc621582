"""Messages per second through the REST, Telegram and Teams webhooks of one stack, Telegram and Teams against fakes.

Usage: PYTHONPATH=. python bench/channels.py [--quick]   (Markdown printed, JSON in bench/out/channels.json)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.channel_load import (  # noqa: E402
    FIRST_TELEGRAM_ID,
    TELEGRAM_SECRET,
    Channel,
    Rest,
    Teams,
    Telegram,
    drive,
    register,
    transcript,
)
from bench.common import OUT, BenchError, say  # noqa: E402
from bench.report import machine  # noqa: E402
from bench.servers import free_port, output_to  # noqa: E402
from bot.app import serve  # noqa: E402
from bot.app.bootstrap import Root  # noqa: E402
from bot.app.build import model_path  # noqa: E402
from bot.app.records import first_run  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakes.botframework import FakeBotFramework  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram, running_fake  # noqa: E402

SCRIPT = ("hi", "who do I contact?", "what's the LADO number", "what does MASH stand for", "thanks", "bye")
LEVELS = (1, 10)
MESSAGES = {1: 120, 10: 300}
QUICK_MESSAGES = {1: 24, 10: 60}
RESULTS = OUT / "channels.json"
CHANNEL_CLASSES = ("rest.PracticeRestInput", "telegram.TelegramInput", "teams.TeamsInput")
CREDENTIALS = "".join(f"bot.channels.{name}: {{}}\n" for name in CHANNEL_CLASSES)
MODEL_WAIT_S = 15 * 60
MODEL_POLL_S = 30


def wait_for_model() -> Path:
    """BENCH_MODEL if set, else the model for the current inputs, waiting for a training run to write it."""
    chosen = os.environ.get("BENCH_MODEL")
    if chosen:
        if not Path(chosen).is_file():
            raise BenchError(f"BENCH_MODEL={chosen} is not a file")
        return Path(chosen)
    deadline = time.monotonic() + MODEL_WAIT_S
    while True:
        # Recomputed on every poll: the fingerprint changes if someone edits the data meanwhile.
        model = model_path(Settings().council_path)
        if model.is_file():
            return model
        if time.monotonic() > deadline:
            raise BenchError(f"no model at {model} after {MODEL_WAIT_S // 60} minutes: run `make train`")
        say(f"waiting for {model.name} (training in progress?); next look in {MODEL_POLL_S} s")
        time.sleep(MODEL_POLL_S)


def configure(work: Path, telegram: FakeTelegram, teams: FakeBotFramework) -> Settings:
    """Environment for a private stack in `work` pointed at the fakes; the DB set up as `make run` does."""
    var = work / "var"
    credentials = work / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    os.environ.pop("TELEGRAM_WEBHOOK_URL", None)  # no setWebhook call: the bench posts the updates itself
    os.environ.update(
        {
            "VAR_DIR": str(var),
            "TRACKER_DB": str(var / "tracker.db"),
            "DATABASE_URL": f"sqlite:///{var / 'practice.db'}",
            "CREDENTIALS": str(credentials),
            "RASA_PORT": str(free_port()),
            "ACTIONS_PORT": str(free_port()),
            "ACTIONS_HOST": "127.0.0.1",
            "ACTION_SERVER_SECRET": secrets.token_hex(16),
            "TELEGRAM_TOKEN": telegram.token,
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            "TELEGRAM_BASE_URL": telegram.base_url,
            **teams.env(),
        }
    )  # children started by bot.app.serve read all of these through rasa_env
    settings = Settings()
    first_run(settings)
    # Built here once, so the two servers do not both build the council's spaCy pipeline at start.
    Root(settings).pipeline_path  # noqa: B018 (building it is the point)
    return settings


def start_stack(settings: Settings, model: Path, work: Path, processes: dict[str, Any]) -> None:
    """Start the action server, then Rasa with all three channels; wait until both answer."""
    with output_to(work / "actions.out"):
        processes["actions"] = serve.start_actions(settings)
    if not serve.wait_until_ready(f"http://127.0.0.1:{settings.actions_port}/health", processes["actions"], 120):
        raise BenchError(f"the action server did not start; see {work / 'actions.out'}")
    with output_to(work / "rasa.out"):
        processes["rasa"] = serve.start_rasa(settings, model)
    for channel in ("rest", "telegram", "teams"):
        url = f"http://127.0.0.1:{settings.rasa_port}/webhooks/{channel}/"
        if not serve.wait_until_ready(url, processes["rasa"]):
            raise BenchError(f"Rasa did not serve {url}; see {work / 'rasa.out'} and {settings.var_dir / 'rasa.log'}")


def make_channels(settings: Settings, telegram: FakeTelegram, teams: FakeBotFramework, quick: bool) -> list[Channel]:
    """The three channels, Telegram and Teams with a pool of freshly registered identities each."""
    base = f"http://127.0.0.1:{settings.rasa_port}/webhooks"
    budgets = QUICK_MESSAGES if quick else MESSAGES
    # One identity per conversation: the budget's conversations, a spare per user, and the warm-up.
    needed = sum(-(-budgets[level] // len(SCRIPT)) + level for level in LEVELS) + 1
    tg = Telegram(f"{base}/telegram/webhook", telegram, [str(FIRST_TELEGRAM_ID + n) for n in range(needed)])
    ms = Teams(f"{base}/teams/webhook", teams, [str(uuid.uuid4()) for _ in range(needed)])
    register(settings.db_url, "telegram", tg.pool)
    register(settings.db_url, "teams", ms.pool)
    return [Rest(f"{base}/rest/webhook"), tg, ms]


def measure(channels: list[Channel], quick: bool, results: dict[str, Any]) -> None:
    """Warm each channel up, then each level with the channels side by side (so REST is measured alongside)."""
    for channel in channels:
        results["warmup"][channel.name] = lines = asyncio.run(transcript(channel, SCRIPT))
        bad = [line for line in lines if line["problem"]]
        if bad:
            raise BenchError(f"{channel.name} warm-up failed: {bad}")
    budgets = QUICK_MESSAGES if quick else MESSAGES
    for level in LEVELS:
        for channel in channels:
            say(f"{channel.name}: {budgets[level]} messages at concurrency {level}")
            try:
                figures = asyncio.run(drive(channel, SCRIPT, level, budgets[level]))
            except Exception as exc:  # one channel failing must not hide the others' figures
                traceback.print_exc()
                results["errors"][f"{channel.name} c={level}"] = f"{type(exc).__name__}: {exc}"
                continue
            say(f"{channel.name}: c={level}: {figures['msgs_per_s']} msg/s, p95 {figures['p95_ms']} ms, "
                f"{figures['errors']} errors")  # fmt: skip
            results["runs"].append(figures)


def add_ratios(runs: list[dict[str, Any]]) -> None:
    """Throughput and median latency of each run against REST at the same concurrency."""
    rest = {r["concurrency"]: r for r in runs if r["channel"] == "REST"}
    for run in runs:
        base = rest.get(run["concurrency"], {})
        rate, p50 = base.get("msgs_per_s"), base.get("p50_ms")
        run["msgs_per_s_vs_rest"] = round(run["msgs_per_s"] / rate, 2) if rate else None
        run["p50_vs_rest"] = round(run["p50_ms"] / p50, 2) if p50 else None


def _ratio(value: float | None) -> str:
    """A ratio cell ("-" when REST has no figure to compare with)."""
    return "-" if value is None else f"{value:.2f}"


def markdown(runs: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| Channel | Concurrency | Messages | Messages/s | p50 (ms) | p95 (ms) | Errors "
        "| Messages/s vs REST | p50 vs REST |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(runs, key=lambda r: (r["concurrency"], ["REST", "Telegram", "Teams"].index(r["channel"]))):
        lines.append(
            f"| {r['channel']} | {r['concurrency']} | {r['sent']} | {r['msgs_per_s']:.1f} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['errors']} | {_ratio(r['msgs_per_s_vs_rest'])} | {_ratio(r['p50_vs_rest'])} |"
        )
    return "\n".join(lines)


def run_bench(quick: bool, results: dict[str, Any], work: Path) -> None:
    """Fakes and stack up once, the load through each channel, everything stopped whatever happens."""
    model = wait_for_model()
    results["meta"]["model"] = model.name
    processes: dict[str, Any] = {}
    with running_fake() as telegram, FakeBotFramework() as teams:
        try:
            settings = configure(work, telegram, teams)
            started = time.monotonic()
            start_stack(settings, model, work, processes)
            say(f"stack ready in {time.monotonic() - started:.0f} s (model {model.name})")
            measure(make_channels(settings, telegram, teams, quick), quick, results)
            results["fakes"] = {"telegram_messages": len(telegram.sent), "teams_token_requests": teams.token_requests,
                                "teams_jwks_fetches": teams.jwks_fetches}  # fmt: skip
        finally:
            serve.stop(list(processes.values()))


def main(argv: list[str] | None = None) -> int:
    """Run the channel benchmark, print the table, write bench/out/channels.json; 1 if it could not run."""
    parser = argparse.ArgumentParser(prog="bench/channels.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_MESSAGES} messages instead of {MESSAGES}")
    args = parser.parse_args(argv)
    serve.stop_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="bench-channels-"))
    results: dict[str, Any] = {"meta": {**machine(), "quick": args.quick}, "script": list(SCRIPT), "warmup": {},
                               "runs": [], "errors": {}}  # fmt: skip
    started = time.monotonic()
    finished = False
    try:
        run_bench(args.quick, results, work)
        finished = True
    except Exception as exc:
        traceback.print_exc()
        results["errors"]["setup"] = f"{type(exc).__name__}: {exc}"
    finally:
        results["meta"]["total_s"] = round(time.monotonic() - started, 1)
        results["meta"]["load_average_at_end"] = os.getloadavg()
        add_ratios(results["runs"])
        OUT.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        # Kept on Ctrl-C, a failed part or any failed turn: the server logs say why.
        if results["errors"] or not finished or any(r["errors"] for r in results["runs"]):
            say(f"logs and databases kept in {work}")
        else:
            with contextlib.suppress(OSError):
                shutil.rmtree(work)
    print("\n" + markdown(results["runs"]) + "\n", flush=True)
    for name, error in results["errors"].items():
        print(f"could not run: {name}: {error}", flush=True)
    say(f"results written to {RESULTS.relative_to(ROOT)}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
