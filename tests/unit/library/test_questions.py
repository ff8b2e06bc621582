"""The question classifier: trained from the council's example questions, blended into the library's ranking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from bot.library.questions import QuestionModel
from bot.library.search import ProcedureIndex
from bot.loading import Council, CouncilDataError, load_council
from tests.conftest import WEEKDAY_MORNING


def test_the_classifier_learns_a_procedure_from_its_questions() -> None:
    model = QuestionModel(
        {
            "a": ["who do I ring about a bruise on a baby", "small mark on a newborn"],
            "b": ["police won't agree with us"],
        },
        ["b", "a", "c"],
    )
    found = model.probabilities("tiny mark on the baby's cheek")
    assert found[1] > found[0] and found[2] == 0.0  # in the order given; "c" has no examples


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("the police won't agree to a strategy meeting and I think we need one", "professional-disagreements"),
        ("the school DSL and I don't see eye to eye about referring", "professional-disagreements"),
    ],
)
def test_everyday_questions_reach_their_procedure(
    pipeline: Language, council: Council, question: str, expected: str
) -> None:
    index = ProcedureIndex(pipeline, council.procedures, council.glossary, council.questions)
    assert [h.section.procedure.id for h in index.search(question, WEEKDAY_MORNING.date())][:1] == [expected]


def test_questions_for_an_unknown_procedure_are_refused_at_load(council: Council, tmp_path: Path) -> None:
    copy = tmp_path / "council"
    shutil.copytree(council.directory, copy)
    (copy / "procedure_questions.yml").write_text("procedures:\n  no-such-procedure: ['what now?']\n")
    with pytest.raises(CouncilDataError) as error:
        load_council(copy)
    assert any("no-such-procedure" in p.field and "procedure_questions.yml" in p.file for p in error.value.problems)


def test_a_childs_age_or_school_year_does_not_pull_the_newly_qualified_year(
    pipeline: Language, council: Council
) -> None:
    index = ProcedureIndex(pipeline, council.procedures, council.glossary, council.questions)
    today = WEEKDAY_MORNING.date()
    for question in ("a Year 10 pupil told me she is being groomed online", "a 16 year old keeps going missing"):
        assert "supervision-standards-asye" not in [h.section.procedure.id for h in index.search(question, today)]
    first = index.search("how much supervision should I get in my first year", today)[0]
    assert first.section.procedure.id == "supervision-standards-asye"
