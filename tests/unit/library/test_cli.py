"""`python -m bot procedures search` and `glossary` called in process: ranked sections and definitions."""

from __future__ import annotations

import json

import pytest

from bot.app.cli import main


def test_search_json_lists_ranked_sections_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["procedures", "search", "--json", "how do I refer to the MASH"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["procedure_id"] == "mash-referral" and hits[0]["source"] and hits[0]["last_reviewed"]


def test_glossary_by_acronym_and_an_empty_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "LADO"]) == 0 and "Designated Officer" in capsys.readouterr().out
    assert main(["procedures", "search", " "]) == 2 and "give a question" in capsys.readouterr().err
