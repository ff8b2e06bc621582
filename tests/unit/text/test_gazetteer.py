"""The name finder's word lists come from installed packages and the shipped lists, nothing downloaded."""

from __future__ import annotations

from bot.text.gazetteer import COMMON_WORDS, common_words, fold, gazetteer


def test_lists_are_large_and_hold_names_from_many_communities() -> None:
    words = gazetteer()
    assert len(words.given) > 15_000 and len(words.surnames) > 15_000
    for given in ("mehmet", "agnieszka", "kwame", "priya", "sinead", "wojciech"):
        assert given in words.given
    assert "blackwell" in words.surnames and "flanagan" in words.surnames


def test_places_and_kept_words() -> None:
    words = gazetteer()
    assert {"birmingham", "lagos", "mogadishu", "constanta", "wood green"} <= words.places
    assert {"haringey", "camhs", "barnardo", "snapchat", "eid"} <= words.not_names


def test_ordinary_words_are_english_and_rare_names_are_not() -> None:
    english = gazetteer().english
    assert {"will", "grace", "bruise", "from", "hasnt"} <= english
    assert not {"tracey", "sean", "connor"} & english


def test_the_shipped_common_words_are_what_the_generator_writes() -> None:
    shipped = [w for w in COMMON_WORDS.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    assert shipped == common_words()


def test_fold_removes_accents() -> None:
    assert fold("Constanța") == "constanta" and fold("Siân") == "sian"
