"""Readable citations: no answer anywhere carries a bracketed source number, and sources have titles."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from bot.library import dialogue as ld
from bot.library.search import ProcedureIndex
from bot.loading import Council
from bot.settings import ROOT
from bot.threshold.engine import ThresholdEngine
from bot.threshold.render import render
from tests.conftest import COUNCIL_DIR, WEEKDAY_MORNING

BRACKETED = re.compile(r"\[\d{1,3}\]")
TODAY = WEEKDAY_MORNING.date()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_response_template_carries_a_bracketed_number() -> None:
    responses = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    assert [s for s in _strings(responses) if BRACKETED.search(s)] == []


def test_no_council_file_that_feeds_answers_carries_a_bracketed_number() -> None:
    files = [*COUNCIL_DIR.glob("*.yml"), *COUNCIL_DIR.glob("procedures/*.md")]
    found = [f"{p.name}: {m.group(0)}" for p in files for m in BRACKETED.finditer(p.read_text())]
    assert len(files) > 30 and found == []


def test_answers_as_built_carry_none_either(council: Council, engine: ThresholdEngine) -> None:
    index = ProcedureIndex(engine._danger._index._nlp, council.procedures, council.glossary)
    answers = [ld.show(index, ld.ref(s, index), 0, [], TODAY) for s in index.sections]
    texts = [m.text for a in answers if a for m in a.messages()]
    texts += [ld.define(council.glossary, t, index).text for t in council.glossary.terms]
    texts.append(
        render(engine.assess("4 month old with a bruise, previous CP plan", WEEKDAY_MORNING), council.thresholds)
    )
    assert [t[:80] for t in texts if BRACKETED.search(t)] == []


def test_a_threshold_answer_names_its_main_sources_and_offers_the_rest(
    engine: ThresholdEngine, council: Council
) -> None:
    text = render(
        engine.assess("baby not yet crawling has a bruise on his arm", dt.datetime(2026, 11, 26, 10, 0)),
        council.thresholds,
    )
    last = text.splitlines()[-1]
    assert last.startswith("Main sources: Pan-London Threshold Document") and 'say "all sources"' in last
    assert "(londonsafeguardingchildrenprocedures.co.uk)" in last
