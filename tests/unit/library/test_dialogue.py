"""Library answers in the conversation: the best section in parts, follow-ups, glossary, no-match."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from bot.library import dialogue as ld
from bot.library.search import ProcedureIndex
from bot.loading import Council
from tests.conftest import WEEKDAY_MORNING

TODAY = WEEKDAY_MORNING.date()


@pytest.fixture(scope="module")
def index(pipeline: Language, council: Council) -> ProcedureIndex:
    return ProcedureIndex(pipeline, council.procedures, council.glossary)


@pytest.fixture(scope="module")
def no_match(council: Council) -> ld.Reply:
    return ld.no_match(council.profile, ld.front_door_line(council.profile, WEEKDAY_MORNING))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=3000))
@settings(max_examples=300, deadline=None)
def test_parts_keep_every_word_in_order_and_stay_within_the_size(text: str) -> None:
    chunks = ld.parts(text)
    assert all(len(c) <= ld.PART_CHARS for c in chunks) or chunks == [text]
    assert "".join("".join(chunks).split()) == "".join(text.split())


def test_parts_keep_line_breaks_and_bullets() -> None:
    text = "Steps:\n- see the child alone\n- record their words\n\nThen tell your manager."
    assert ld.parts(text) == [text]
    long = "\n".join(f"- point {n}: " + "word " * 30 for n in range(12))
    chunks = ld.parts(long)
    assert len(chunks) > 1 and all(c.startswith("- point") for c in chunks)


def test_a_long_section_is_read_in_parts_with_more(index: ProcedureIndex, pipeline: Language, council: Council) -> None:
    section = index.sections[0]
    long = dataclasses.replace(section, text="\n".join(f"- step {n}: " + "detail " * 25 for n in range(20)))
    bigger = ProcedureIndex(pipeline, (long, *index.sections[1:]), council.glossary)
    first = ld.show(bigger, ld.ref(long, bigger), 0, [], TODAY)
    assert first is not None and "(Part 1 of" in first.text
    second = ld.more(bigger, first.remember["procedure_shown"], first.remember["procedure_part"], [], TODAY)
    assert (
        "(Part 2 of" in second.text
        and "- step" in second.text
        and second.remember["procedure_shown"] == first.remember["procedure_shown"]
    )


def test_a_question_gets_the_best_section_with_source_date_and_buttons(
    index: ProcedureIndex, no_match: ld.Reply
) -> None:
    reply = ld.answer_question(index, "a 3 month old baby has a bruise on his ear, what do I do", TODAY, no_match)
    assert reply.remember["procedure_shown"] is not None and reply.remember["procedure_shown"].startswith(
        "bruising-non-mobile-babies/"
    )
    assert ("Source:" in reply.text or "Main sources:" in reply.text) and "Last reviewed" in reply.text
    assert bool(reply.then)
    assert len(reply.remember["procedure_others"]) == 2
    assert [c.payload.startswith("/open_procedure") for c in reply.choices[:2]] == [True, True]


def test_no_match_is_honest_and_offers_the_front_door(index: ProcedureIndex, no_match: ld.Reply) -> None:
    reply = ld.answer_question(index, "recipe for banana bread with walnuts", TODAY, no_match)
    assert reply is no_match
    assert "won't guess" in reply.text and "manager" in reply.text and "999" in reply.text
    assert reply.remember["procedure_shown"] is None and not bool(reply.then)


def test_a_weak_match_says_it_may_not_answer(index: ProcedureIndex, no_match: ld.Reply) -> None:
    weak = ld.answer_question(index, "what's the procedure for booking a meeting room", TODAY, no_match)
    assert weak.text.startswith("I'm not sure this answers your question")
    strong = ld.answer_question(index, "a 3 month old baby has a bruise on his ear, what do I do", TODAY, no_match)
    assert not strong.text.startswith("I'm not sure")


def test_a_long_question_is_cut_not_refused(index: ProcedureIndex, no_match: ld.Reply) -> None:
    reply = ld.answer_question(index, "child missing from home overnight " * 400, TODAY, no_match)
    assert reply.remember["procedure_shown"] is not None and reply.remember["procedure_shown"].startswith(
        "missing-children/"
    )


def test_more_walks_through_parts_then_sections_then_ends(index: ProcedureIndex) -> None:
    first = ld.show(index, "missing-children/0", 0, [], TODAY)
    assert first is not None
    seen = [first.remember["procedure_shown"]]
    reply = first
    for _ in range(40):
        reply = ld.more(
            index,
            reply.remember["procedure_shown"],
            reply.remember["procedure_part"],
            reply.remember["procedure_others"],
            TODAY,
        )
        if reply.text.startswith("That's the end"):
            break
        seen.append(reply.remember["procedure_shown"])
    assert reply.text.startswith("That's the end of")
    assert len(set(seen)) == len([s for s in index.sections if s.procedure.id == "missing-children"])


def test_more_and_what_else_before_any_question_say_so(index: ProcedureIndex) -> None:
    assert "nothing to continue" in ld.more(index, None, 0, [], TODAY).text
    assert "no other results" in ld.what_else(index, [], TODAY).text


def test_what_else_shows_the_next_result(index: ProcedureIndex, no_match: ld.Reply) -> None:
    reply = ld.answer_question(index, "how do I refer a child to the front door", TODAY, no_match)
    following = ld.what_else(index, reply.remember["procedure_others"], TODAY)
    assert following.remember["procedure_shown"] == reply.remember["procedure_others"][0]
    assert following.remember["procedure_others"] == reply.remember["procedure_others"][1:]


def test_a_changed_library_reference_is_handled(index: ProcedureIndex) -> None:
    assert ld.show(index, "no-such-procedure/0", 0, [], TODAY) is None
    assert ld.section_of("missing-children/999", index) is None
    assert ld.section_of("missing-children/x", index) is None
    assert ld.section_of("missing-children/²", index) is None


def test_a_stale_procedure_warns(index: ProcedureIndex) -> None:
    due = index.sections[0].procedure.review_due
    reply = ld.show(index, ld.ref(index.sections[0], index), 0, [], due + dt.timedelta(days=1))
    assert reply is not None and "may be out of date" in reply.text


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("what does LADO mean?", "LADO"),
        ("what does MASH stand for", "MASH"),
        ("what is disguised compliance", "disguised compliance"),
        ("what's the rule of optimism?", "rule of optimism"),
        ("define respectful uncertainty", "respectful uncertainty"),
        ("can you explain start again syndrome", "start-again syndrome"),
    ],
)
def test_glossary_questions_find_their_term(council: Council, question: str, term: str) -> None:
    found = ld.find_term(council.glossary, question)
    assert found is not None
    assert term.lower() in {found.term.lower(), found.full.lower(), *(s.lower() for s in found.synonyms)}


def test_do_in_lower_case_is_not_the_designated_officer(council: Council) -> None:
    assert ld.find_term(council.glossary, "what do I do now") is None


def test_a_definition_names_its_source_and_offers_related_procedures(council: Council, index: ProcedureIndex) -> None:
    term = ld.find_term(council.glossary, "what does LADO mean")
    assert term is not None
    reply = ld.define(council.glossary, term, index)
    assert ("Source:" in reply.text or "Main sources:" in reply.text) and "last reviewed" in reply.text
    assert reply.choices and all(c.payload.startswith("/open_procedure") for c in reply.choices)


def test_every_answer_fits_a_chat_message(index: ProcedureIndex) -> None:
    for section in index.sections:
        reply = ld.show(index, ld.ref(section, index), 0, [], TODAY)
        assert reply is not None and len(reply.text) < 1500, section.procedure.id
        if "\n" in section.text:
            assert "\n" in reply.text.split("\n", 1)[1], section.procedure.id  # lines survive


def test_every_term_is_found_in_a_question_by_acronym_and_by_full_name(council: Council) -> None:
    misses = []
    for term in council.glossary.terms:
        for name in (term.term, term.full):
            if name and ld.find_term(council.glossary, f"what does {name} mean?") is not term:
                misses.append(name)
    assert not misses


def test_do_i_have_to_report_fgm_myself(index: ProcedureIndex, no_match: ld.Reply) -> None:
    reply = ld.answer_question(index, "Do I have to report FGM myself?", TODAY, no_match)
    text = reply.text
    assert "personal" in text and "101" in text and "one month" in text
    assert "Female Genital Mutilation Act 2003, section 5B" in reply.slots()["sources_all"][1]
    assert "Main sources: Home Office, Mandatory reporting" in text and "Last reviewed" in text
