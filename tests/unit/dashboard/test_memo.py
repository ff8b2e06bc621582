"""The memo keeps the newest few values by key, and forgets the oldest first."""

from __future__ import annotations

from bot.dashboard.memo import Memo


def test_values_are_kept_by_key_and_the_least_recently_used_goes_first() -> None:
    memo: Memo[str] = Memo(size=2)
    assert memo.get("a") is None
    assert memo.put("a", "A") == "A" and memo.put("b", "B") == "B"
    assert memo.get("a") == "A"  # now the most recently used
    memo.put("c", "C")
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == ("A", None, "C")
