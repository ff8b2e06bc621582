"""The thresholds file's models and cross-checks: every problem named by field."""

from __future__ import annotations

import copy

import yaml

from bot.threshold.data import Corpus, Paraphrases, Thresholds, check_thresholds, merge_corpora
from tests.conftest import COUNCIL_DIR

RAW = yaml.safe_load((COUNCIL_DIR / "thresholds.yml").read_text())


def test_the_example_thresholds_are_valid_and_cross_checked() -> None:
    data = Thresholds.parse_obj(RAW)
    assert [lv.level for lv in data.levels] == [1, 2, 3, 4]
    assert (
        check_thresholds(
            RAW, {"emergency_999", "mash_professionals", "edt", "police_non_emergency", "lado", "mash_public", "nspcc"}
        )
        == []
    )


def test_unknown_ids_themes_and_combinations_are_named() -> None:
    raw = copy.deepcopy(RAW)
    raw["indicators"].append({**raw["indicators"][0], "theme": "nope"})
    raw["rules"]["protocols"][0]["when"]["all_indicators"] = ["ghost"]
    problems = dict(check_thresholds(raw, set()))
    assert any("duplicate id" in m for m in problems.values())
    assert any(f.endswith(".theme") and "nope" in m for f, m in problems.items())
    assert any(f.endswith("when.all_indicators") and "ghost" in m for f, m in problems.items())


def test_paraphrase_files_merge_per_indicator() -> None:
    one = Corpus.parse_obj({"indicators": {"a": {"say": ["x1", "x2", "x3", "x4", "x5"], "not": ["n"]}}})
    two = Corpus.parse_obj({"indicators": {"a": {"say": ["y1", "y2", "y3", "y4", "y5"]}}})
    merged = merge_corpora([one, two])
    assert isinstance(merged["a"], Paraphrases) and len(merged["a"].say) == 10 and merged["a"].not_ == ["n"]
