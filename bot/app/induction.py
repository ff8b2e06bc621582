"""`python -m bot practice scenarios|progress`: the council's practice scenarios, and one worker's progress."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.app.records import BadInputError
from bot.induction.data import Scenario, ScenarioBank
from bot.loading import load_council
from bot.settings import Settings, settings_from_env

EXIT_OK = 0


def _settings(args: argparse.Namespace) -> Settings:
    settings = settings_from_env()
    council = getattr(args, "council", None)
    return settings.copy(update={"council_dir": Path(council).resolve()}) if council else settings


def _bank(settings: Settings) -> ScenarioBank:
    return load_council(settings.council_path).scenarios


def scenario_dict(scenario: Scenario) -> dict[str, Any]:
    """One scenario as plain values (what the list shows, not the model answer in full)."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "theme": scenario.theme,
        "expected_level": scenario.expected_level,
        "expected_indicators": list(scenario.expected_ids),
        "route": scenario.route.key,
        "pitfalls": [p.key for p in scenario.pitfalls],
        "stages": len(scenario.stages),
        "sources": list(scenario.sources),
        "last_reviewed": scenario.last_reviewed.isoformat(),
        "file": scenario.file,
    }


def cmd_practice_scenarios(args: argparse.Namespace) -> int:
    """List the scenario bank, with how it spreads across levels and themes."""
    bank = _bank(_settings(args))
    by_level, by_theme = bank.count_by("expected_level"), bank.count_by("theme")
    if args.json:
        report = {"scenarios": [scenario_dict(s) for s in bank.scenarios], "by_level": by_level, "by_theme": by_theme}
        print(json.dumps(report, indent=2))
        return EXIT_OK
    if not bank.scenarios:
        print("no practice scenarios in this council's data (add council/<name>/scenarios/*.yml)")
        return EXIT_OK
    for s in sorted(bank.scenarios, key=lambda s: (s.expected_level, s.theme, s.id)):
        print(f"L{s.expected_level}  {s.route.key:<19}  {s.theme:<28}  {s.id}: {s.title}")
    levels = ", ".join(f"Level {k}: {n}" for k, n in by_level.items())
    themes = ", ".join(f"{bank.themes.get(k, k)}: {n}" for k, n in by_theme.items())
    print(f"\n{len(bank.scenarios)} scenario(s). {levels}.\nThemes: {themes}.")
    return EXIT_OK


def _database(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(settings.db_url)
    # Asking about someone must not leave an empty database behind where none was.
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        raise BadInputError(
            f"no decision-log database at {url.database} (set DATABASE_URL, or run `python -m bot db upgrade`)"
        )
    return settings.db_url


def cmd_practice_progress(args: argparse.Namespace) -> int:
    """Print one worker's practice progress: scenarios done, agreement, themes, pitfalls, over time."""
    from bot.induction.progress import progress_of
    from bot.induction.report import progress_text
    from bot.storage.db import make_engine, unit_of_work

    settings = _settings(args)
    engine = make_engine(_database(settings))
    bank = _bank(settings)
    try:
        with unit_of_work(engine, read_only=True) as session:
            found = progress_of(session, args.staff, bank)
    finally:
        engine.dispose()
    if found is None:
        raise BadInputError(f"no member of staff with id '{args.staff}' (see `python -m bot staff list`)")
    print(json.dumps(found.as_dict(), indent=2) if args.json else progress_text(found, bank, own=False))
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register `practice scenarios` and `practice progress`."""
    practice = sub.add_parser("practice", help="induction practice: scenarios and progress")
    actions = practice.add_subparsers(dest="action", required=True)
    scenarios = actions.add_parser("scenarios", help="the council's practice scenarios, by level and theme")
    scenarios.add_argument("--council", help="council directory (default: council/$COUNCIL)")
    scenarios.add_argument("--json", action="store_true", help="machine-readable output")
    scenarios.set_defaults(func=cmd_practice_scenarios)
    progress = actions.add_parser("progress", help="a worker's practice progress")
    progress.add_argument("--staff", required=True, help="the staff id")
    progress.add_argument("--council", help="council directory (default: council/$COUNCIL)")
    progress.add_argument("--json", action="store_true", help="machine-readable output")
    progress.set_defaults(func=cmd_practice_progress)
