"""Redaction on case notes written apart from the rules: floors at the recorded figures (README, "Privacy").

The held-out set was never read item by item; its figures are reported, not tuned. Raise a floor when the
figures improve, never lower one quietly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.redaction import evaluate

SETS = Path(__file__).resolve().parents[1] / "privacy_eval"

# (set, names, other identifiers, practice words kept), as measured on 2026-12-02 (dev3.yml: its first run,
# before tuning, was names 92.4%, others 88.0%, kept 95.5%).
FLOORS = [
    ("holdout.yml", 0.95, 0.93, 0.97),
    ("dev.yml", 0.99, 1.0, 0.99),
    ("dev2.yml", 0.97, 1.0, 0.99),
    ("dev3.yml", 0.97, 1.0, 0.96),
]


@pytest.mark.parametrize(("name", "names", "others", "kept"), FLOORS)
def test_redaction_stays_above_its_floor(name: str, names: float, others: float, kept: float) -> None:
    score = evaluate(SETS / name)
    # Plain numbers in the assertions: a failure must not print the held-out set's misses.
    found_names, found_others, kept_rate = score.recall("name"), score.recall("other"), score.keep_rate()
    assert found_names >= names
    assert found_others >= others
    assert kept_rate >= kept
