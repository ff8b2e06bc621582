"""Redaction quality on a case-note set: identifiers removed by kind, practice words kept.

Usage: .venv/bin/python bench/redaction.py tests/privacy_eval/dev.yml [--misses]

An identifier counts as removed when every letter and digit of its occurrence in the note (a title
such as "Mrs" before a name excepted) lies inside some removal (of any kind: a name taken out as part
of an address is still gone). A kept phrase counts as kept when no removal touches it. Occurrences
are found in order, so a name listed twice is the first and the second time it appears.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.privacy import Removal, redact


@dataclass
class Score:
    """Counts per kind of identifier, and of kept phrases, with the misses for reading."""

    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    keep_total: int = 0
    missed: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        """Share of identifiers removed: names only, all but names, or every kind when `kind` is None."""
        if kind == "name":
            return self.found["name"] / max(1, self.total["name"])
        if kind == "other":
            others = [k for k in self.total if k != "name"]
            return sum(self.found[k] for k in others) / max(1, sum(self.total[k] for k in others))
        return sum(self.found.values()) / max(1, sum(self.total.values()))

    def keep_rate(self) -> float:
        """Share of practice phrases that survived."""
        return self.kept / max(1, self.keep_total)


def _occurrences(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at >= 0:
        starts.append(at)
        at = text.find(needle, at + 1)
    return starts


_TITLE = re.compile(r"(?i:mrs|mr|ms|miss|mx|dr)\b\.?\s+")


def _covered(removals: tuple[Removal, ...], start: int, end: int, text: str) -> bool:
    # A title before a name ("Mrs [name]") identifies no one, so it may stay.
    title = _TITLE.match(text, start)
    if title and title.end() < end:
        start = title.end()
    letters = [i for i in range(start, end) if text[i].isalnum()]
    return all(any(r.start <= i < r.end for r in removals) for i in letters)


def _touched(removals: tuple[Removal, ...], start: int, end: int) -> bool:
    return any(r.start < end and start < r.end for r in removals)


def score_note(note: dict[str, Any], score: Score) -> None:
    """Add one note's identifiers and kept phrases to the score."""
    text = note["text"]
    removals = redact(text).removals
    seen: Counter[str] = Counter()
    for ident in note.get("identifiers") or []:
        needle, kind = ident["text"], ident["kind"]
        places = _occurrences(text, needle)
        nth = seen[needle]
        seen[needle] += 1
        score.total[kind] += 1
        if nth < len(places) and _covered(removals, places[nth], places[nth] + len(needle), text):
            score.found[kind] += 1
        else:
            score.missed.append(f"{note['id']} {kind}: {needle}")
    for phrase in note.get("keep") or []:
        score.keep_total += 1
        places = _occurrences(text, phrase)
        if places and not all(_touched(removals, p, p + len(phrase)) for p in places):
            score.kept += 1
        else:
            score.lost.append(f"{note['id']} keep: {phrase}")


def evaluate(path: Path) -> Score:
    """Score redaction on every note in a YAML set."""
    score = Score()
    for note in yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]:
        score_note(note, score)
    return score


def main(argv: list[str] | None = None) -> int:
    """Print recall by kind and the kept-phrase rate for each set named."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="list what was missed and lost (never on holdout)")
    args = parser.parse_args(argv)
    for path in args.sets:
        s = evaluate(path)
        names, others = s.total["name"], sum(s.total.values()) - s.total["name"]
        print(
            f"{path}: names {s.found['name']}/{names} ({s.recall('name'):.1%}), "
            f"other identifiers {sum(s.found.values()) - s.found['name']}/{others} ({s.recall('other'):.1%}), "
            f"practice words kept {s.kept}/{s.keep_total} ({s.keep_rate():.1%})"
        )
        for kind in sorted(s.total):
            print(f"  {kind:14} {s.found[kind]}/{s.total[kind]}")
        if args.misses:
            print("\n".join(s.missed + s.lost))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
