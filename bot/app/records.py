"""`python -m bot db|staff|decisions|tracker`: the decision log and retention from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.integrity import cmd_decisions_checkpoint, cmd_decisions_verify
from bot.council.models import StaffFile, StaffMember
from bot.loading import load_council, validation_summary
from bot.settings import ROOT, Settings, settings_from_env

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


class BadInputError(ValueError):
    """Bad command-line input; main() prints it on one line and exits 2."""


def _settings() -> Settings:
    return settings_from_env()


def upgrade(url: str) -> None:
    """Bring the decision-log schema up to date (Alembic upgrade head)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Apply migrations to DATABASE_URL."""
    settings = _settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    print("database schema is up to date")
    return EXIT_OK


def _engine() -> Engine:
    from bot.storage.db import make_engine

    return make_engine(_settings().db_url)


def cmd_staff_add(args: argparse.Namespace) -> int:
    """Add or update one member of staff."""
    from pydantic import ValidationError

    from bot.staff import directory as staff
    from bot.storage.db import unit_of_work

    identities = {c: ids for c, ids in (("rest", args.rest), ("telegram", args.telegram), ("teams", args.teams)) if ids}
    try:
        member = StaffMember.parse_obj(
            {
                "id": args.id,
                "name": args.name,
                "role": args.role,
                "team": args.team,
                "supervisor": args.supervisor,
                "identities": identities,
            }
        )
    except ValidationError as exc:
        raise BadInputError(validation_summary(exc)) from exc
    with unit_of_work(_engine()) as session:
        try:
            staff.add(session, member)
        except staff.StaffError as exc:
            raise BadInputError(str(exc)) from exc
    print(f"saved {member.id} ({member.role}, {member.team})")
    return EXIT_OK


def cmd_staff_import(args: argparse.Namespace) -> int:
    """Import a staff file (the same format as staff.example.yml)."""
    from bot.loading import CouncilDataError, Problem, parse_model
    from bot.staff import directory as staff
    from bot.storage.db import unit_of_work

    problems: list[Problem] = []
    parsed = parse_model(StaffFile, Path(args.file), problems)
    if parsed is None:
        raise CouncilDataError(problems)
    with unit_of_work(_engine()) as session:
        try:
            count = staff.import_file(session, parsed)
        except staff.StaffError as exc:
            raise BadInputError(str(exc)) from exc
    print(f"imported {count} member(s) of staff from {args.file}")
    return EXIT_OK


def cmd_staff_list(args: argparse.Namespace) -> int:
    """List the staff directory."""
    from bot.staff import directory as staff
    from bot.storage.db import unit_of_work

    with unit_of_work(_engine()) as session:
        people = staff.list_all(session)
    if args.json:
        print(json.dumps(people, indent=2))
    for person in [] if args.json else people:
        state = "" if person["active"] else " (inactive)"
        ids = ", ".join(map(str, person["identities"]))  # type: ignore[call-overload]
        print(f"{person['id']}: {person['name']}, {person['role']}, team {person['team']}{state}; {ids}")
    return EXIT_OK


def cmd_staff_refusals(args: argparse.Namespace) -> int:
    """Unregistered identities refused each day (counted, at most 100 a day plus one overflow row)."""
    from dataclasses import asdict

    from bot.clock import system_clock
    from bot.staff import refusals
    from bot.storage.db import unit_of_work

    if args.days < 1:
        raise BadInputError("--days must be at least 1")
    with unit_of_work(_engine(), read_only=True) as session:
        found = refusals.recent(session, system_clock().date() - dt.timedelta(days=args.days - 1))
    if args.json:
        print(json.dumps([asdict(c) for c in found], indent=2, default=str))
    for c in [] if args.json else found:
        print(f"{c.day} {c.identity}: {c.count} refused, first {c.first_at:%H:%M}, last {c.last_at:%H:%M} UTC")
    if not found and not args.json:
        print(f"no refused messages in the last {args.days} day(s)")
    return EXIT_OK


def cmd_staff_deactivate(args: argparse.Namespace) -> int:
    """Stop serving a member of staff (their records stay)."""
    from bot.staff import directory as staff
    from bot.storage.db import unit_of_work

    with unit_of_work(_engine()) as session:
        try:
            staff.deactivate(session, args.id)
        except staff.StaffError as exc:
            raise BadInputError(str(exc)) from exc
    print(f"deactivated {args.id}")
    return EXIT_OK


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadInputError(f"'{value}' is not a date like 2026-11-26") from exc


def cmd_decisions_export(args: argparse.Namespace) -> int:
    """Write a supervision pack for one member of staff and period."""
    from bot.decisions import export
    from bot.storage.db import unit_of_work

    start, end = _date(args.start), _date(args.end)
    if end < start:
        raise BadInputError("--to is before --from")
    with unit_of_work(_engine()) as session:
        name = export.staff_name(session, args.staff)
        if name is None:
            raise BadInputError(f"no member of staff with id '{args.staff}'")
        items = export.lines(session, args.staff, start, end)
    text = export.to_csv(items) if args.format == "csv" else export.to_html(items, name, start, end)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {len(items)} decision(s) to {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_reminders(args: argparse.Namespace) -> int:
    """Send due reminders on Telegram and Teams: the channels' runner, in its own process.

    The senders live with the channels (they speak Rasa's output types), and `bot` outside the
    channels never imports Rasa: so the runner is started as `python -m bot.channels.reminders`.
    """
    import subprocess

    command = [sys.executable, "-m", "bot.channels.reminders", *(["--once"] if args.once else [])]
    return subprocess.call(command, cwd=ROOT)


def cmd_tracker_purge(args: argparse.Namespace) -> int:
    """Delete conversation events older than the retention period."""
    from bot.app.retention import parse_duration, purge_events
    from bot.clock import system_clock

    try:
        period = parse_duration(args.older_than)
    except ValueError as exc:
        raise BadInputError(str(exc)) from exc
    url = args.db or f"sqlite:///{_tracker_db()}"
    deleted = purge_events(url, period, system_clock())
    print(f"deleted {deleted} conversation event(s) older than {args.older_than}")
    return EXIT_OK


def _tracker_db() -> str:
    import os

    return os.environ.get("TRACKER_DB") or str(_settings().var_dir / "tracker.db")


def first_run(settings: Settings) -> list[str]:
    """Upgrade the schema and, on an empty directory, import the example staff; return what was done."""
    from bot.staff import directory as staff
    from bot.storage.db import make_engine, unit_of_work

    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    done = ["database schema is up to date"]
    engine = make_engine(settings.db_url)
    with unit_of_work(engine) as session:
        if staff.is_empty(session):
            count = staff.import_file(session, load_council(settings.council_path).staff)
            done.append(f"imported {count} example staff from staff.example.yml")
    engine.dispose()
    return done


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the db, staff, decisions, reminders and tracker subcommands."""
    db = sub.add_parser("db", help="the decision-log database").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db_upgrade)

    staff = sub.add_parser("staff", help="the staff directory").add_subparsers(dest="action", required=True)
    add = staff.add_parser("add", help="add or update a member of staff")
    add.add_argument("--id", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=["practitioner", "nqsw", "supervisor", "admin"])
    add.add_argument("--team", required=True)
    add.add_argument("--supervisor")
    for channel in ("rest", "telegram", "teams"):
        add.add_argument(f"--{channel}", action="append", default=[], help=f"{channel} identity (repeatable)")
    add.set_defaults(func=cmd_staff_add)
    listing = staff.add_parser("list", help="list the directory")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_staff_list)
    imp = staff.add_parser("import", help="import a staff YAML file")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_staff_import)
    refused = staff.add_parser("refusals", help="unregistered identities refused each day")
    refused.add_argument("--days", type=int, default=7, help="how many days back, today included (default 7)")
    refused.add_argument("--json", action="store_true")
    refused.set_defaults(func=cmd_staff_refusals)
    off = staff.add_parser("deactivate", help="stop serving a member of staff")
    off.add_argument("id")
    off.set_defaults(func=cmd_staff_deactivate)

    decisions = sub.add_parser("decisions", help="the decision log").add_subparsers(dest="action", required=True)
    verify = decisions.add_parser("verify", help="check the hash chains, their heads and the signed checkpoints")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_decisions_verify)
    decisions.add_parser("checkpoint", help="sign the current chain heads").set_defaults(func=cmd_decisions_checkpoint)
    export = decisions.add_parser("export", help="a printable supervision pack")
    export.add_argument("--staff", required=True)
    export.add_argument("--from", dest="start", required=True)
    export.add_argument("--to", dest="end", required=True)
    export.add_argument("--format", choices=["csv", "html"], default="html")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_decisions_export)

    reminders = sub.add_parser("reminders", help="review news and daily summaries on Telegram and Teams")
    reminders.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    reminders.set_defaults(func=cmd_reminders)

    tracker = sub.add_parser("tracker", help="conversation retention").add_subparsers(dest="action", required=True)
    purge = tracker.add_parser("purge", help="delete conversation events older than a period")
    purge.add_argument("--older-than", default="30d", help="e.g. 30d (default), 12h, 2w")
    purge.add_argument("--db", help="tracker database URL (default: sqlite under var/, or TRACKER_DB)")
    purge.set_defaults(func=cmd_tracker_purge)
