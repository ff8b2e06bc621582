"""`python -m bot procedures search` and `python -m bot glossary`: the council's library from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.library.data import glossary_lookup
from bot.loading import Council, load_council
from bot.settings import Settings, settings_from_env

EXIT_OK, EXIT_BAD_INPUT = 0, 2


class LibraryInputError(ValueError):
    """Bad command-line input; main() prints it on one line and exits 2."""


def _council(args: argparse.Namespace) -> tuple[Settings, Council]:
    settings = settings_from_env()
    return settings, load_council(Path(args.council).resolve() if args.council else settings.council_path)


def cmd_search(args: argparse.Namespace) -> int:
    """Ranked sections for a question: procedure id, title, section, score, source, last reviewed."""
    from bot.app.bootstrap import Root
    from bot.library.search import describe

    question = " ".join(args.question).strip()
    if not question:
        raise LibraryInputError('give a question, e.g. python -m bot procedures search "how do I refer to MASH"')
    settings, council = _council(args)
    root = Root(settings, council=council)
    hits = root.library.search(question[:4000], root.clock().date(), limit=args.limit)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "procedure_id": h.section.procedure.id,
                        "title": h.section.procedure.title,
                        "section": h.section.heading,
                        "score": round(h.score, 4),
                        "source": h.section.procedure.sources,
                        "last_reviewed": h.section.procedure.last_reviewed.isoformat(),
                        "stale": h.stale,
                    }
                    for h in hits
                ],
                indent=2,
            )
        )
    else:
        print("\n\n".join(describe(h) for h in hits) if hits else "No good match in the procedure library.")
    return EXIT_OK


def cmd_feedback(args: argparse.Namespace) -> int:
    """Yes/no counts per section, least helpful first, for the library's content owners."""
    import datetime as dt

    from bot.library.feedback import report
    from bot.storage.db import make_engine, unit_of_work

    since = None
    if args.since:
        try:
            since = dt.datetime.combine(dt.date.fromisoformat(args.since), dt.time(), dt.timezone.utc)
        except ValueError:
            raise LibraryInputError(f"--since must be a date like 2026-11-01, not '{args.since}'") from None
    with unit_of_work(make_engine(settings_from_env().db_url), read_only=True) as session:
        lines = report(session, since)
    if args.json:
        print(json.dumps([line.__dict__ for line in lines], indent=2))
    elif not lines:
        print("No feedback yet" + (f" since {args.since}" if args.since else "") + ".")
    else:
        print(f"{'helpful':>7} {'not':>5}  procedure / section")
        for line in lines:
            print(f"{line.helpful:>7} {line.not_helpful:>5}  {line.procedure_id} / {line.section}")
    return EXIT_OK


def cmd_glossary(args: argparse.Namespace) -> int:
    """The definition of a term, by acronym, full name or synonym."""
    _, council = _council(args)
    term = glossary_lookup(council.glossary, " ".join(args.term))
    if term is None:
        raise LibraryInputError(f"'{' '.join(args.term)}' is not in the glossary")
    name = f"{term.term} ({term.full})" if term.full else term.term
    print(f"{name}: {term.definition}\nSource: {term.source}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the procedures and glossary subcommands."""
    procedures = sub.add_parser("procedures", help="the procedure library").add_subparsers(dest="action", required=True)
    search = procedures.add_parser("search", help="ranked sections for a question")
    search.add_argument("question", nargs="+")
    search.add_argument("--limit", type=int, default=3)
    search.add_argument("--council")
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=cmd_search)
    feedback = procedures.add_parser("feedback", help='"did this help?" counts per section, least helpful first')
    feedback.add_argument("--since", help="only feedback from this date (YYYY-MM-DD)")
    feedback.add_argument("--json", action="store_true")
    feedback.set_defaults(func=cmd_feedback)
    glossary = sub.add_parser("glossary", help="what a term means")
    glossary.add_argument("term", nargs="+")
    glossary.add_argument("--council")
    glossary.set_defaults(func=cmd_glossary)
