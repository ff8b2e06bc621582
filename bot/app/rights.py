"""`python -m bot privacy export|erase --staff ID`: a member of staff's data-protection rights, by hand."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from bot.app.records import BadInputError
from bot.app.tracker import tracker_url
from bot.settings import Settings, settings_from_env

EXIT_OK, EXIT_ERROR = 0, 1


def operator() -> str:
    """Who ran the command, for the audit trail (the login name on this machine)."""
    try:
        return f"cli:{getpass.getuser()}"[:200]
    except (KeyError, OSError):  # no login name in a bare container
        return "cli"


def _where(args: argparse.Namespace) -> tuple[Settings, str]:
    from sqlalchemy.engine import make_url

    settings = settings_from_env()
    url = make_url(settings.db_url)
    # Asking about someone must not leave an empty database behind where none was.
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        raise BadInputError(
            f"no decision-log database at {url.database} (set DATABASE_URL, or run `python -m bot db upgrade`)"
        )
    return settings, args.tracker_db or tracker_url(settings.var_dir)


def _write_private(path: Path, text: str) -> None:
    # The export is personal data: readable by its owner only, whatever the umask.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)


def cmd_privacy_export(args: argparse.Namespace) -> int:
    """Print (or write with --out) everything held about a member of staff, as JSON."""
    from bot.app.subject import UnknownStaffError, export
    from bot.clock import system_clock
    from bot.storage.db import make_engine

    settings, tracker = _where(args)
    engine = make_engine(settings.db_url)
    try:
        found = export(engine, tracker, args.staff, operator(), system_clock())
    except UnknownStaffError as exc:
        raise BadInputError(str(exc)) from exc
    finally:
        engine.dispose()
    text = json.dumps(found, indent=2, ensure_ascii=False) + "\n"
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    _write_private(Path(args.out), text)
    events = sum(len(e) for e in found["conversations"].values())
    print(
        f"wrote everything held about {args.staff} to {args.out}: {len(found['identities'])} identity(ies), "
        f"{len(found['decisions'])} decision(s), {len(found['reviews_made']) + len(found['reviews_received'])} "
        f"review(s), {len(found['audit_events'])} audit event(s), {events} conversation event(s)"
    )
    return EXIT_OK


def _confirmed(staff_id: str) -> bool:
    try:
        answer = input(f"Type the staff id ({staff_id}) to erase, anything else to cancel: ")
    except EOFError:  # no one at the keyboard (cron, a pipe): never erase unasked
        return False
    return answer.strip() == staff_id


def cmd_privacy_erase(args: argparse.Namespace) -> int:
    """Erase a member of staff's conversations, identities and reminder records; keep decisions, anonymised."""
    from bot.app.subject import UnknownStaffError, erase, preview
    from bot.clock import system_clock
    from bot.storage.db import make_engine

    settings, tracker = _where(args)
    engine = make_engine(settings.db_url)
    try:
        if not args.yes:
            print(f"erasing {args.staff} would delete or change:")
            print("\n".join(f"  {line}" for line in preview(engine, tracker, args.staff).lines()))
            if not _confirmed(args.staff):
                print("cancelled: nothing was erased", file=sys.stderr)
                return EXIT_ERROR
        done = erase(engine, tracker, args.staff, operator(), system_clock())
    except UnknownStaffError as exc:
        raise BadInputError(str(exc)) from exc
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(done.as_dict(), indent=2))
    else:
        print(f"erased {args.staff} (each step is in the audit trail):")
        print("\n".join(f"  {line}" for line in done.lines()))
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register `privacy export` and `privacy erase`."""
    privacy = sub.add_parser("privacy", help="data-protection requests from members of staff")
    actions = privacy.add_subparsers(dest="action", required=True)
    tracker_help = "tracker store URL (default: TRACKER_URL, or sqlite at TRACKER_DB or var/tracker.db)"
    export = actions.add_parser("export", help="everything held about a member of staff, as JSON")
    export.add_argument("--staff", required=True, help="the staff id")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--tracker-db", help=tracker_help)
    export.set_defaults(func=cmd_privacy_export)
    erase = actions.add_parser("erase", help="erase a member of staff's conversations and identities")
    erase.add_argument("--staff", required=True, help="the staff id")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument("--json", action="store_true", help="machine-readable output")
    erase.add_argument("--tracker-db", help=tracker_help)
    erase.set_defaults(func=cmd_privacy_erase)
