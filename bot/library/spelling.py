"""One-letter spelling correction for the library's search: words one slip away from a word it knows."""

from __future__ import annotations

from collections.abc import Iterable

# Misspellings are corrected only for words at least this long (short ones collide too easily).
MIN_FUZZY = 6


def deletes(word: str) -> set[str]:
    """The word with each one of its letters left out."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def deletions(words: Iterable[str]) -> dict[str, set[str]]:
    """Each long word and its one-letter deletions, pointing back at the word (for spelling correction)."""
    near: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= MIN_FUZZY and word.isalpha():
            for key in (word, *deletes(word)):
                near.setdefault(key, set()).add(word)
    return near


def one_edit(a: str, b: str) -> bool:
    """True when b is a from one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
