"""Procedure files are split into sections and searched by lemma, with acronyms expanded."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from bot.library.data import Glossary, ProcedureMeta, glossary_lookup, sections, split_front_matter, stale
from bot.library.search import ProcedureIndex, describe

TODAY = dt.date(2026, 11, 26)
DOC = """---
id: mash-referral
title: Contacting the front door and making a referral
owner: Children's services
last_reviewed: 2026-11-26
review_due: 2027-11-26
sources: ["haringey.gov.uk [40]"]
tags: [referral, front door]
acronyms: [MASH]
---
Intro words here.
## When to call
Phone the professionals' line when you are worried that a child may need help or protection.
## After the call
Follow the call with a written referral on the portal within 24 hours.
"""
GLOSSARY = Glossary.parse_obj(
    {
        "last_reviewed": "2026-11-26",
        "terms": [
            {
                "term": "MASH",
                "full": "Multi-Agency Safeguarding Hub",
                "definition": "The front door for new concerns.",
                "synonyms": ["front door"],
                "source": "s",
            },
            {
                "term": "LADO",
                "full": "Local Authority Designated Officer",
                "definition": "Handles allegations against staff.",
                "source": "s",
            },
        ],
    }
)


def _library() -> tuple:
    parsed = split_front_matter(DOC)
    assert parsed is not None
    meta = ProcedureMeta.parse_obj(parsed[0])
    other = ProcedureMeta.parse_obj(
        {
            **parsed[0],
            "id": "missing-children",
            "title": "Children who go missing from home or care",
            "tags": ["missing"],
            "acronyms": [],
            "review_due": "2026-01-01",
        }
    )
    body = "## Return interviews\nOffer an independent return home interview within 72 hours of the child coming back."
    return tuple(sections(meta, parsed[1]) + sections(other, body))


def test_front_matter_and_sections() -> None:
    found = _library()
    assert [s.heading for s in found] == ["Introduction", "When to call", "After the call", "Return interviews"]
    assert split_front_matter("no front matter") is None


def test_stale_and_glossary() -> None:
    found = _library()
    assert not stale(found[0].procedure, TODAY) and stale(found[-1].procedure, TODAY)
    assert glossary_lookup(GLOSSARY, "mash") is not None
    assert glossary_lookup(GLOSSARY, "Multi-Agency Safeguarding Hub") is not None
    assert glossary_lookup(GLOSSARY, "front door") is not None
    assert glossary_lookup(GLOSSARY, "weather") is None


def test_search_ranks_and_expands_acronyms(pipeline: Language) -> None:
    index = ProcedureIndex(pipeline, _library(), GLOSSARY)
    hits = index.search("how long do I have to send the written referral to the multi-agency safeguarding hub", TODAY)
    assert hits and hits[0].section.heading == "After the call"
    missing = index.search("a girl went missing and came back, what interview is needed", TODAY)
    assert missing[0].section.procedure.id == "missing-children" and missing[0].stale
    assert "may be out of date" in describe(missing[0])
    assert index.search("🙂🙂", TODAY) == [] and index.search("", TODAY) == []
    assert index.search("quantum chromodynamics lattice", TODAY) == []
    assert index.search("referral " * 800, TODAY)  # 4,000+ characters still answered
    first = next(s for s in index.sections if s.procedure.id == "mash-referral")
    following = index.more(first)
    assert following is not None and following.procedure.id == "mash-referral" and following is not first
