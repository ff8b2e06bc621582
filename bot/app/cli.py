"""`python -m bot`: check council data, build, train, serve and chat."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.app.induction import add_parsers as add_practice
from bot.app.records import BadInputError, first_run
from bot.library.cli import LibraryInputError
from bot.loading import Council, CouncilDataError, check_council, load_council, validation_summary
from bot.settings import Settings

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


def say(line: str) -> None:
    """A progress line for people."""
    print(f"[practice] {line}", flush=True)


class UsageError(Exception):
    """Bad input from the command line: exit 2 with a one-line reason."""


def _settings(args: argparse.Namespace) -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        raise UsageError(validation_summary(exc)) from exc
    council = getattr(args, "council", None)
    return settings.copy(update={"council_dir": Path(council).resolve()}) if council else settings


def cmd_config_check(args: argparse.Namespace) -> int:
    """Print every problem in the council data, or OK."""
    directory = _settings(args).council_path
    problems = check_council(directory)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps({"ok": not errors, "problems": [p.__dict__ for p in problems]}, indent=2))
    else:
        for problem in problems:
            print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
        if not errors:
            print(f"OK: {directory}")
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _load(args: argparse.Namespace, quiet: bool = False) -> tuple[Settings, Council]:
    settings = _settings(args)
    council = load_council(settings.council_path)
    for warning in council.warnings:
        print(f"[practice] {warning}", file=sys.stderr if quiet else sys.stdout)
    return settings, council


def cmd_train(args: argparse.Namespace) -> int:
    """Build the spaCy pipeline and train the model when inputs changed."""
    from bot.app.build import ensure_model

    settings, council = _load(args)
    ensure_model(council, settings, say, force=args.force)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Check, build, train if needed, then serve the action server and Rasa."""
    from bot.app.build import ensure_model
    from bot.app.serve import serve, stop_on_sigterm

    stop_on_sigterm()
    settings, council = _load(args)
    say(f"council data OK: {council.profile.name} ({council.directory})")
    for line in first_run(settings):
        say(line)
    model = ensure_model(council, settings, say)
    return serve(settings, model, say)


def cmd_assess(args: argparse.Namespace) -> int:
    """Recommend a level of need for a description, with reasons, route and contacts."""
    from bot.app.bootstrap import Root
    from bot.threshold.age import Age
    from bot.threshold.render import as_dict, render

    if args.evaluate:
        return _evaluate(args)
    text = " ".join(args.text).strip()
    if not text:
        raise UsageError('give a description of the worry, e.g. python -m bot assess "9 year old, often hungry"')
    if args.age_months is not None and not 0 <= args.age_months <= 216:
        raise UsageError("--age-months must be between 0 and 216")
    settings, council = _load(args, quiet=args.json)
    root = Root(settings, council=council)
    age = Age(args.age_months) if args.age_months is not None else None
    result = root.engine.assess(text, root.clock(), age=age)
    print(
        json.dumps(as_dict(result, council.thresholds), indent=2) if args.json else render(result, council.thresholds)
    )
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    """Exact level, confusion, under-calls and danger recall and precision over a file of cases."""
    import yaml

    from bot.app.bootstrap import Root
    from bot.threshold.evaluate import evaluate, read_cases

    path = Path(args.evaluate)
    try:
        cases = read_cases(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise UsageError(f"{path}: {exc}") from exc
    settings, council = _load(args, quiet=True)
    root = Root(settings, council=council)
    report = evaluate(root.engine, cases, root.clock())
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.as_text())
    return EXIT_OK


def cmd_timescale(args: argparse.Namespace) -> int:
    """When something is due from an event and a start date (UK working days or months)."""
    import datetime as dt

    from bot.practice.timescales import describe, due_date, find_event

    try:
        start = dt.date.fromisoformat(args.date)
    except ValueError as exc:
        raise UsageError(f"'{args.date}' is not a real date in the form YYYY-MM-DD") from exc
    _, council = _load(args, quiet=args.json)
    event = council.timescales.get(args.event) or find_event(council.timescales, args.event)
    if event is None:
        known = ", ".join(e.id for e in council.timescales.events)
        raise UsageError(f"unknown event '{args.event}' (known: {known})")
    due = due_date(council.profile, event, start)
    if args.json:
        report = {
            "event": event.id,
            "title": event.title,
            "start": start.isoformat(),
            "due": due.due.isoformat(),
            "weekday": due.weekday,
            "then": [d.isoformat() for d in due.later],
            "amount": event.amount,
            "unit": event.unit,
            "rule": event.rule,
            "source": event.source,
            "example": event.example,
        }
        print(json.dumps(report, indent=2))
    else:
        print(describe(due))
    return EXIT_OK


def cmd_content_report(args: argparse.Namespace) -> int:
    """Every fact-bearing item with its source and review dates; overdue and due-soon first."""
    from bot.app.content import as_dicts, as_text, items
    from bot.clock import system_clock

    _, council = _load(args, quiet=True)
    today = system_clock().date()
    found = items(council, today)
    print(json.dumps(as_dicts(found), indent=2) if args.json else as_text(found, today))
    return EXIT_OK


def cmd_model_path(args: argparse.Namespace) -> int:
    """Print where the model for the current inputs is; exit 1 if it has not been trained."""
    from bot.app.build import model_path

    path = model_path(_settings(args).council_path)
    print(path)
    return EXIT_OK if path.is_file() else EXIT_ERROR


def cmd_chat(args: argparse.Namespace) -> int:
    """A terminal conversation with the running server."""
    from bot.app.chat import chat

    return chat(args.url, args.sender)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Practice Companion command line")
    sub = parser.add_subparsers(dest="command", required=True)

    config = sub.add_parser("config", help="council data")
    config_sub = config.add_subparsers(dest="action", required=True)
    check = config_sub.add_parser("check", help="print every problem in the council data, or OK")
    check.add_argument("--council", help="council directory (default: council/$COUNCIL)")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_config_check)

    train = sub.add_parser("train", help="build the pipeline and train if inputs changed")
    train.add_argument("--council")
    train.add_argument("--force", action="store_true", help="train even if a model for these inputs exists")
    train.set_defaults(func=cmd_train)

    run = sub.add_parser("run", help="serve the assistant (action server and Rasa)")
    run.add_argument("--council")
    run.set_defaults(func=cmd_run)

    assess = sub.add_parser("assess", help="recommend a level of need for a description")
    assess.add_argument("text", nargs="*", help="the worry, in your own words")
    assess.add_argument("--evaluate", metavar="FILE", help="measure the engine on a YAML file of described cases")
    assess.add_argument("--age-months", type=int, help="the child's age in months, if not in the text")
    assess.add_argument("--council")
    assess.add_argument("--json", action="store_true", help="machine-readable output")
    assess.set_defaults(func=cmd_assess)

    from bot.app.records import add_parsers
    from bot.app.rights import add_parsers as add_privacy
    from bot.dashboard.cli import add_parsers as add_dashboard
    from bot.library.cli import add_parsers as add_library

    add_parsers(sub)
    add_library(sub)
    add_privacy(sub)
    add_practice(sub)
    add_dashboard(sub)

    timescale = sub.add_parser("timescale", help="when something is due")
    timescale.add_argument("event", help="an event id or name, e.g. strategy_to_icpc")
    timescale.add_argument("date", help="the start date, YYYY-MM-DD")
    timescale.add_argument("--council")
    timescale.add_argument("--json", action="store_true")
    timescale.set_defaults(func=cmd_timescale)

    content = sub.add_parser("content", help="the council's content, for its owner")
    report = content.add_subparsers(dest="action", required=True).add_parser(
        "report", help="every fact-bearing item with its source, review and verified dates"
    )
    report.add_argument("--council")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_content_report)

    model = sub.add_parser("model-path", help="print the path of the model for the current inputs")
    model.add_argument("--council")
    model.set_defaults(func=cmd_model_path)

    chat = sub.add_parser("chat", help="talk to the running assistant in the terminal")
    chat.add_argument("--url", default="http://localhost:5005/webhooks/rest/webhook")
    chat.add_argument("--sender", default="demo-worker")
    chat.set_defaults(func=cmd_chat)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; exit 0 on success, 2 on bad input, 1 on anything else."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except (UsageError, BadInputError, LibraryInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CouncilDataError as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line for people; details only with PRACTICE_DEBUG
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
