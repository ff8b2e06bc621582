"""The procedure library answers everyday questions: top-1 at least 85%, top-3 at least 95%."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from bot.config import Council
from bot.library import glossary_lookup
from bot.procedures import ProcedureIndex
from tests.conftest import WEEKDAY_MORNING

QUESTIONS = yaml.safe_load((Path(__file__).parents[1] / "retrieval.yml").read_text())["questions"]
# A floor against regressions at today's measured level (97/127 top-1, 110/127 top-3). Issue 5 asks for
# 0.85 and 0.95: not reached yet, so the issue stays open (see README, "Quality bars").
MIN_TOP1, MIN_TOP3 = 0.75, 0.85


@pytest.fixture(scope="module")
def index(pipeline: Language, council: Council) -> ProcedureIndex:
    return ProcedureIndex(pipeline, council.procedures, council.glossary)


def test_enough_questions_for_every_procedure(council: Council) -> None:
    assert len(QUESTIONS) >= 80
    ids = {s.procedure.id for s in council.procedures}
    assert {q["expect"] for q in QUESTIONS} <= ids


def test_top1_and_top3(index: ProcedureIndex) -> None:
    top1 = top3 = 0
    misses = []
    for item in QUESTIONS:
        found = [h.section.procedure.id for h in index.search(item["q"], WEEKDAY_MORNING.date(), limit=10)]
        ranked = list(dict.fromkeys(found))  # one place per procedure
        top1 += ranked[:1] == [item["expect"]]
        top3 += item["expect"] in ranked[:3]
        if ranked[:1] != [item["expect"]]:
            misses.append(f"{item['q']} -> {ranked[:3]} (want {item['expect']})")
    print(f"top-1 {top1}/{len(QUESTIONS)}, top-3 {top3}/{len(QUESTIONS)}")
    assert top1 / len(QUESTIONS) >= MIN_TOP1, "\n".join(misses)
    assert top3 / len(QUESTIONS) >= MIN_TOP3, "\n".join(misses)


def test_every_glossary_term_by_acronym_and_full_name(council: Council) -> None:
    for term in council.glossary.terms:
        assert glossary_lookup(council.glossary, term.term) is term
        if term.full:
            assert glossary_lookup(council.glossary, term.full) is term
