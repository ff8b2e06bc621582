"""The indicator recogniser: clause by clause, trained once and saved by its inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.loading import Council
from bot.threshold import recogniser, recognition
from bot.threshold.data import Paraphrases
from bot.threshold.engine import ThresholdEngine
from bot.threshold.recogniser import Recogniser, fingerprint, load_or_train
from tests.conftest import WEEKDAY_MORNING


def test_words_the_phrases_miss_are_recognised_and_quoted(engine: ThresholdEngine) -> None:
    text = "Nursery: the 3yo is always starving when she arrives and wears the same dirty clothes all week"
    result = engine.assess(text, WEEKDAY_MORNING)
    models = [m for m in [*result.matched, *result.possible] if m.how == "model"]
    assert any(m.indicator.theme == "neglect" for m in models)
    assert all(m.words and m.words in text for m in models)


def test_a_model_match_quotes_its_clause(engine: ThresholdEngine) -> None:
    text = "Mum was lovely. The 6 year old said her step dad whacks her with his slipper when she is naughty."
    result = engine.assess(text, WEEKDAY_MORNING)
    found = [m for m in [*result.matched, *result.possible] if m.indicator.theme == "physical_abuse"]
    assert found and all(m.words in text for m in found)


def test_a_negated_clause_only_ever_gives_a_possible_match(engine: ThresholdEngine) -> None:
    result = engine.assess("No injuries noted. Fridge has food in it.", WEEKDAY_MORNING)
    assert not [m for m in result.matched if m.how == "model"]


def test_trained_once_then_loaded_from_disk(council: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    few = council.thresholds.indicators[:3]
    corpus = {i.id: Paraphrases.parse_obj({"say": [f"{i.wording} {n}" for n in range(6)], "not": []}) for i in few}
    first = load_or_train(few, corpus, tmp_path)
    saved = list(tmp_path.glob("recogniser-*.joblib"))
    assert len(saved) == 1 and fingerprint(few, corpus) in saved[0].name
    assert load_or_train(few, corpus, tmp_path) is first  # the same process keeps what it built
    elsewhere = tmp_path / "elsewhere"
    assert load_or_train(few, corpus, elsewhere) is first and list(elsewhere.glob("recogniser-*.joblib"))
    monkeypatch.setattr(recogniser, "_BUILT", {})  # as a new process: read from disk
    again = load_or_train(few, corpus, tmp_path)
    assert again is not first and again.ids == first.ids and isinstance(again, Recogniser)
    monkeypatch.setattr(recogniser, "_BUILT", {})
    saved[0].write_bytes(b"not a model")  # a broken file is rebuilt, never trusted
    assert load_or_train(few, corpus, tmp_path).ids == first.ids
    assert saved[0].read_bytes() != b"not a model"


def test_with_no_indicator_certain_the_level_it_reads_like_is_given_and_said_to_be_a_reading(
    engine: ThresholdEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No model match may count here, and the text holds no council phrase: only the level reading can give
    # a level, quoted, and the model's matches stay possible, to be confirmed.
    monkeypatch.setattr(engine.finder, "confident", 1.01)
    monkeypatch.setattr(recognition, "AGREE", 1.01)  # nor may the reading confirm one
    text = "the lad is always getting picked up by grown men in flash cars and comes back with cash he can't explain"
    result = engine.assess(text, WEEKDAY_MORNING)
    assert result.matched == [] and result.possible
    assert result.reading is not None and result.level == result.reading.level >= 3
    assert result.reading.words in text
    assert any("reads most like a Level" in reason for reason in result.reasons)


def test_words_about_nothing_in_particular_still_get_tell_me_more(engine: ThresholdEngine) -> None:
    for text in ("I had a meeting about the family today.", "Can we talk about the case from Tuesday"):
        result = engine.assess(text, WEEKDAY_MORNING)
        assert result.reading is None and result.needs_more


def test_the_reading_never_counts_a_near_miss(council: Council) -> None:
    few = [next(i for i in council.thresholds.indicators if i.level == level and not i.strength) for level in (4, 2)]
    corpus = {
        few[0].id: Paraphrases.parse_obj(
            {
                "say": ["the baby has a bruise on her face and nobody can say how"] * 5,
                "not": ["no bruises seen on the baby at the visit"] * 5,
            }
        ),
        few[1].id: Paraphrases.parse_obj(
            {"say": ["mum sometimes shouts at the children in the morning"] * 5, "not": []}
        ),
    }
    built = Recogniser(few, corpus)
    assert built.reading("no bruises seen on the baby at the visit today", 0.0) is None
    found = built.reading("the baby has a bruise on her cheek and nobody can say how", 0.0)
    assert found is not None and found.level == 4


def test_a_possible_match_counts_when_the_level_reading_of_its_clause_agrees(
    engine: ThresholdEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine.finder, "confident", 1.01)  # no model match is sure on its own
    text = "the lad is always getting picked up by grown men in flash cars and comes back with cash he can't explain"
    result = engine.assess(text, WEEKDAY_MORNING)
    agreed = [m for m in result.matched if m.how == "model"]
    assert agreed and all(m.indicator.level == 4 and m.confidence < 1.01 for m in agreed)
    assert result.reading is None and result.level == 4  # found, so no reading is needed
