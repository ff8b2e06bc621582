"""The indicator recogniser: clause by clause, trained once and saved by its inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.loading import Council
from bot.threshold import recogniser
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
