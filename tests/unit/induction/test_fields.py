"""Reading council YAML fields one by one: every problem names the file, the field and the value."""

from __future__ import annotations

import datetime as dt

from bot.induction.fields import Issue, Reader


def _reader() -> tuple[Reader, list[Issue]]:
    issues: list[Issue] = []
    return Reader("scenarios/x.yml", issues), issues


def test_text_is_folded_and_checked() -> None:
    read, issues = _reader()
    assert read.text({"t": "two\n  lines "}, "t", "s.0") == "two lines"
    assert read.text({}, "t", "s.0") is None
    assert read.text({"t": 3}, "t", "s.0") is None
    read.text({"t": "ab"}, "t", "s.1")
    read.text({"t": "see [3] for this"}, "t", "s.2")
    assert issues == [
        ("scenarios/x.yml", "s.0.t", "field required"),
        ("scenarios/x.yml", "s.0.t", "must be text (value: 3)"),
        ("scenarios/x.yml", "s.1.t", "too short: write at least 3 characters (value: 'ab')"),
        ("scenarios/x.yml", "s.2.t", "carries a numbered reference like [3]: name sources by title and address"),
    ]


def test_lists_strings_dates_and_unknown_keys() -> None:
    read, issues = _reader()
    assert read.items({"l": "x"}, "l", "s") == []
    assert read.strings({"l": ["a", 2, " b "]}, "l", "s") == ["a", "b"]
    assert read.date({"d": "2026-12-01"}, "d", "s") == dt.date(2026, 12, 1)
    assert read.date({"d": "soon"}, "d", "s") is None
    read.unknown_keys({"id": 1, "colour": "red"}, ("id",), "s")
    assert [i[1:] for i in issues] == [
        ("s.l", "must be a list (value: 'x')"),
        ("s.l.1", "must be text (value: 2)"),
        ("s.d", "must be a date like 2026-12-01 (value: 'soon')"),
        ("s.colour", "unknown key (value: 'red')"),
    ]
