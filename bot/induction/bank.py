"""Reading and checking a council's scenario bank (scenarios/*.yml) against its thresholds.yml.

`parse_bank` returns the bank and every problem as (file, field, message); the loader reports them
with the rest of the council data, so `python -m bot config check` names file and field.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.induction.data import PITFALLS, ROUTES, Scenario, ScenarioBank, Sign, Stage, Term
from bot.induction.fields import Issue, Reader
from bot.induction.wording import key_words, names
from bot.threshold.data import Thresholds

VOCABULARY = "about.yml"
MAX_STAGES = 3
KEYS = (
    "id", "title", "theme", "stages", "expected_level", "expected_indicators", "next_steps", "route",
    "pitfalls", "model_answer", "sources", "last_reviewed",
)  # fmt: skip
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# "Title (address)": the address has a dot in it (haringey.gov.uk, legislation.gov.uk/uksi/...).
_SOURCE = re.compile(r"\S.{2,}\([^()]*\w\.[a-z]{2,}[^()]*\)")


@dataclass(frozen=True)
class _Context:
    """What each scenario is checked against."""

    signs: Mapping[str, Sign]
    themes: Mapping[str, str]
    routes: Mapping[str, Term]
    pitfalls: Mapping[str, Term]
    levels: Mapping[int, str]
    # False when about.yml could not be read: its practice themes are then unknown, not wrong.
    vocabulary: bool = True


def _terms(raw: Any, kind: str, known: Collection[str], read: Reader) -> dict[str, Term]:
    if not isinstance(raw, dict):
        read.problem(kind, "must be a mapping of each key to its label and meaning")
        return {}
    terms: dict[str, Term] = {}
    allowed = ("label", "meaning", "question") if kind == "pitfalls" else ("label", "meaning")
    for key, entry in raw.items():
        where = f"{kind}.{key}"
        if key not in known:
            read.problem(where, f"unknown {kind[:-1]} '{key}' (the feedback engine knows {', '.join(known)})")
        elif not isinstance(entry, dict):
            read.problem(where, f"must be a mapping with {' and '.join(allowed)}")
        else:
            read.unknown_keys(entry, allowed, where)
            label, meaning = read.text(entry, "label", where), read.text(entry, "meaning", where, 20)
            question = read.text(entry, "question", where, 10) if kind == "pitfalls" else ""
            terms[key] = Term(key, label or key, meaning or "", question or "")
    read.issues += [(read.file, f"{kind}.{k}", f"missing: explain the {kind[:-1]} '{k}' in one line") for k in known
                    if k not in raw]  # fmt: skip
    return terms


def parse_vocabulary(raw: Any, read: Reader) -> tuple[dict[str, Term], dict[str, Term], dict[str, str]]:
    """The routes, pitfalls and practice themes of about.yml."""
    if not isinstance(raw, dict):
        read.problem("(top level)", "must be a mapping with routes, pitfalls and themes")
        return {}, {}, {}
    read.unknown_keys(raw, ("routes", "pitfalls", "themes"), "")
    routes = _terms(raw.get("routes"), "routes", tuple(ROUTES), read)
    pitfalls = _terms(raw.get("pitfalls"), "pitfalls", PITFALLS, read)
    themes = raw.get("themes") or {}
    if not isinstance(themes, dict) or not all(isinstance(v, str) and v.strip() for v in themes.values()):
        read.problem("themes", "must map each practice theme to its label")
        themes = {}
    return routes, pitfalls, {str(k): str(v) for k, v in themes.items()}


def _stages(raw: Mapping[str, Any], where: str, read: Reader) -> tuple[Stage, ...]:
    found = read.items(raw, "stages", where)
    if len(found) > MAX_STAGES:
        read.problem(f"{where}.stages", f"has {len(found)} stages: use 1 to {MAX_STAGES}")
    stages = []
    for index, stage in enumerate(found):
        at = f"{where}.stages.{index}"
        if not isinstance(stage, dict):
            read.problem(at, "must be a mapping with label and text")
            continue
        read.unknown_keys(stage, ("label", "text"), at)
        label, text = read.text(stage, "label", at), read.text(stage, "text", at, 60)
        if label and text:
            stages.append(Stage(label, text))
    return tuple(stages)


def _level(raw: Mapping[str, Any], where: str, read: Reader) -> int | None:
    value = raw.get("expected_level")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        message = "field required" if value is None else f"must be a level from 1 to 4 (value: {value!r})"
        read.problem(f"{where}.expected_level", message)
        return None
    return value


def _expected(raw: Mapping[str, Any], where: str, level: int | None, ctx: _Context, read: Reader) -> list[Sign]:
    at = f"{where}.expected_indicators"
    ids = read.strings(raw, "expected_indicators", where)
    signs = []
    for index, key in enumerate(ids):
        sign = ctx.signs.get(key)
        if sign is None:
            read.problem(f"{at}.{index}", f"no indicator with this id in thresholds.yml (value: {key!r})")
        elif key in ids[:index]:
            read.problem(f"{at}.{index}", f"'{key}' is listed twice")
        elif level is not None and sign.level > level:
            message = f"'{key}' is a Level {sign.level} indicator, above the expected Level {level}"
            read.problem(f"{at}.{index}", message)
        else:
            signs.append(sign)
    if level is not None and signs and len(signs) == len(ids) and all(s.level < level for s in signs):
        read.problem(at, f"none of these is a Level {level} indicator: name the one that carries the level")
    return signs


def _route(raw: Mapping[str, Any], where: str, level: int | None, ctx: _Context, read: Reader) -> Term | None:
    key = read.text(raw, "route", where)
    if key is None:
        return None
    if key not in ROUTES:
        read.problem(f"{where}.route", f"unknown route '{key}' (use {', '.join(ROUTES)})")
        return None
    if level is not None and level not in ROUTES[key]:
        fits = " or ".join(str(n) for n in ROUTES[key])
        read.problem(f"{where}.route", f"'{key}' does not fit Level {level} (it fits Level {fits})")
    return ctx.routes.get(key) or Term(key, key.replace("_", " "), "")


def _pitfalls(raw: Mapping[str, Any], where: str, ctx: _Context, read: Reader) -> tuple[Term, ...]:
    terms = []
    for index, key in enumerate(read.strings(raw, "pitfalls", where, min_items=0)):
        if key not in PITFALLS:
            read.problem(f"{where}.pitfalls.{index}", f"unknown pitfall '{key}' (use {', '.join(PITFALLS)})")
        else:
            terms.append(ctx.pitfalls.get(key) or Term(key, key.replace("_", " "), ""))
    return tuple(terms)


def _model_answer(raw: Mapping[str, Any], where: str, signs: list[Sign], read: Reader) -> str:
    answer = read.text(raw, "model_answer", where, 120) or ""
    for sign in signs:
        if answer and not names(answer, sign.wording):
            words = ", ".join(key_words(sign.wording))
            read.problem(f"{where}.model_answer", f"does not name '{sign.id}' (use most of these words: {words})")
    return answer


def _sources(raw: Mapping[str, Any], where: str, read: Reader) -> tuple[str, ...]:
    sources = read.strings(raw, "sources", where)
    for index, source in enumerate(sources):
        if not _SOURCE.match(source):
            message = f"name the source by title and address, like 'Title (site.gov.uk/page)' (value: {source!r})"
            read.problem(f"{where}.sources.{index}", message)
    return tuple(sources)


def _identity(raw: Mapping[str, Any], where: str, ctx: _Context, read: Reader) -> tuple[str | None, str | None]:
    key = read.text(raw, "id", where, 1)
    if key is not None and not _ID.match(key):
        read.problem(f"{where}.id", f"use lower-case letters, digits and _ only (value: {key!r})")
    theme = read.text(raw, "theme", where, 1)
    if theme is not None and theme not in ctx.themes and ctx.vocabulary:
        read.problem(f"{where}.theme", f"unknown theme '{theme}' (use a theme of thresholds.yml or of {VOCABULARY})")
    return key, theme


def _scenario(raw: Any, where: str, ctx: _Context, read: Reader) -> Scenario | None:
    if not isinstance(raw, dict):
        read.problem(where, "must be a mapping of a scenario's fields")
        return None
    read.unknown_keys(raw, KEYS, where)
    key, theme = _identity(raw, where, ctx, read)
    title, stages = read.text(raw, "title", where, 5), _stages(raw, where, read)
    level = _level(raw, where, read)
    signs = _expected(raw, where, level, ctx, read)
    next_steps, route = read.text(raw, "next_steps", where, 20), _route(raw, where, level, ctx, read)
    pitfalls, answer = _pitfalls(raw, where, ctx, read), _model_answer(raw, where, signs, read)
    sources, reviewed = _sources(raw, where, read), read.date(raw, "last_reviewed", where)
    parts = (key, title, theme, stages, level, signs, next_steps, route, answer, sources, reviewed)
    if any(not part for part in parts):
        return None
    return Scenario(
        key, title, theme, ctx.themes.get(theme, theme), stages, level, tuple(signs), next_steps, route,  # type: ignore[arg-type]
        pitfalls, answer, sources, reviewed, read.file, dict(ctx.levels), dict(ctx.pitfalls),  # type: ignore[arg-type]
        dict(ctx.routes),
    )  # fmt: skip


def _scenarios(label: str, raw: Any, ctx: _Context, issues: list[Issue]) -> list[tuple[int, Scenario]]:
    read = Reader(label, issues)
    if raw is None:
        read.problem("(file)", "is empty")
        return []
    if not isinstance(raw, dict):
        read.problem("(top level)", "must be a mapping with a list of scenarios")
        return []
    read.unknown_keys(raw, ("scenarios",), "")
    items = enumerate(read.items(raw, "scenarios", ""))
    found = [(i, _scenario(item, f"scenarios.{i}", ctx, read)) for i, item in items]
    return [(i, s) for i, s in found if s is not None]


def _context(files: Sequence[tuple[str, Any]], thresholds: Thresholds, unreadable: Collection[str],
             issues: list[Issue]) -> _Context:  # fmt: skip
    signs = {
        i.id: Sign(i.id, i.level, i.wording, thresholds.domains.get(i.domain, i.domain),
                   thresholds.themes.get(i.theme, i.theme), i.strength)
        for i in thresholds.indicators
    }  # fmt: skip
    levels = {lv.level: lv.name.split(" (")[0] for lv in thresholds.levels}  # "Targeted", not its gloss
    vocabulary = next((raw for label, raw in files if label.endswith(f"/{VOCABULARY}")), None)
    label = next((label for label, _ in files if label.endswith(f"/{VOCABULARY}")), f"scenarios/{VOCABULARY}")
    if label in unreadable:
        return _Context(signs, dict(thresholds.themes), {}, {}, levels, vocabulary=False)
    read = Reader(label, issues)
    if vocabulary is None:
        read.problem("(file)", "missing or empty: the bank's routes, pitfalls and practice themes are explained here")
    routes, pitfalls, themes = parse_vocabulary(vocabulary or {}, read)
    return _Context(signs, {**thresholds.themes, **themes}, routes, pitfalls, levels)


def parse_bank(
    files: Sequence[tuple[str, Any]], thresholds: Thresholds, unreadable: Collection[str] = ()
) -> tuple[ScenarioBank, list[Issue]]:
    """The bank from (label, YAML data) per file, and every problem; files in `unreadable` were already reported."""
    issues: list[Issue] = []
    ctx = _context(files, thresholds, unreadable, issues)
    scenarios: list[Scenario] = []
    where_first: dict[str, str] = {}
    for label, raw in files:
        if label in unreadable or label.endswith(f"/{VOCABULARY}"):
            continue
        for index, scenario in _scenarios(label, raw, ctx, issues):
            if scenario.id in where_first:
                message = f"duplicate id '{scenario.id}' (also in {where_first[scenario.id]})"
                issues.append((label, f"scenarios.{index}.id", message))
                continue
            where_first[scenario.id] = label
            scenarios.append(scenario)
    themes = {key: name for key, name in ctx.themes.items() if any(s.theme == key for s in scenarios)}
    return ScenarioBank(tuple(scenarios), ctx.routes, ctx.pitfalls, themes), issues
