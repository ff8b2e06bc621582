"""Procedure and glossary answers for the conversation: the best section in short, follow-ups, no-match."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from bot.council.contacts import describe as describe_contact
from bot.council.contacts import front_door_now
from bot.council.models import Profile
from bot.dialogue import Choice, Reply, cite, payload, split_sources
from bot.library import feedback
from bot.library.data import Glossary, Section, Term, glossary_lookup, stale
from bot.library.search import Hit, ProcedureIndex
from bot.storage.db import UnitOfWork
from bot.text.naming import normalise

# A chat answer should fit on a phone screen; "more" shows the rest of the section a part at a time.
PART_CHARS = 700
MAX_QUESTION_CHARS = 4000
# Below this search score a best section is shown with a caveat (see bot/procedures.py for the scale).
WEAK_SCORE = 0.2
_GLOSSARY_ASKS = (
    re.compile(r"\bwhat\s+(?:does|do|did)\s+(?:the\s+)?(?P<t>.+?)\s+(?:mean|stand\s+for)\b", re.I),
    re.compile(r"\b(?:meaning|definition)\s+of\s+(?:the\s+)?(?P<t>.+)", re.I),
    re.compile(r"\b(?:define|explain)\s+(?:the\s+term\s+)?(?P<t>.+)", re.I),
    re.compile(r"\bwhat(?:'s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?(?P<t>.+)", re.I),
    re.compile(r"\bwho\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<t>.+)", re.I),
)
_TRAILING = re.compile(r"\s+(?:mean|means|stand for|in social work|in social care)$", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}s?$")


def answer(  # noqa: PLR0917 (mirrors what the conversation remembers)
    text: str,
    buttons: list[Choice] | None = None,
    shown: str | None = None,
    part: int = 0,
    others: list[str] | None = None,
    ask_feedback: bool = False,
    sources: list[str] | None = None,
) -> Reply:
    """A library reply: what the conversation remembers for "more", "what else" and feedback."""
    remember: dict[str, object] = {
        "procedure_shown": shown,
        "procedure_part": part,
        "procedure_others": list(others or []),
    }
    if sources is not None:
        remember["sources_all"] = sources
    reply = Reply(text, tuple(buttons or ()), remember)
    return reply.followed_by(Reply("Did this help?", tuple(feedback_choices(shown)))) if ask_feedback else reply


def feedback_choices(shown: str | None) -> list[Choice]:
    """Yes/No buttons that name the answer they rate (an old card may be clicked after a newer answer)."""
    ref = {"procedure_ref": shown} if shown else {}
    return [
        Choice("Yes, it helped", payload("rate_answer", helpful="yes", **ref)),
        Choice("No", payload("rate_answer", helpful="no", **ref)),
    ]


def ref(section: Section, index: ProcedureIndex) -> str:
    """A short, stable reference to a section: its procedure id and its place in the procedure."""
    same = [s for s in index.sections if s.procedure.id == section.procedure.id]
    return f"{section.procedure.id}/{same.index(section)}"


def section_of(reference: str, index: ProcedureIndex) -> Section | None:
    """The section a reference names, or None when the library has changed since."""
    procedure_id, _, number = reference.partition("/")
    same = [s for s in index.sections if s.procedure.id == procedure_id]
    if not re.fullmatch(r"[0-9]{1,4}", number):  # typed payloads can hold anything
        return None
    return same[int(number)] if int(number) < len(same) else None


def _units(text: str, size: int) -> list[str]:
    """Lines of the text (bullets stay bullets); a line too long is cut at sentences, then at spaces."""
    units: list[str] = []
    for line in text.splitlines():
        if len(line) <= size:
            units.append(line)
            continue
        for sentence in re.split(r"(?<=[.!?;:])\s+", line):
            rest = sentence
            while len(rest) > size:
                cut = rest.rfind(" ", 0, size)
                cut = cut if cut > size // 2 else size  # one very long word: a hard cut
                units.append(rest[:cut])
                rest = rest[cut:].lstrip()
            units.append(rest)
    return units


def parts(text: str, size: int = PART_CHARS) -> list[str]:
    """A section's text in parts of at most `size` characters, cut between lines, sentences or words."""
    found: list[str] = []
    current: list[str] = []
    for unit in _units(text.strip(), size):
        if current and len("\n".join([*current, unit])) > size:
            found.append("\n".join(current).strip("\n"))
            current = []
        if current or unit.strip():  # no part starts with a blank line
            current.append(unit)
    if current:
        found.append("\n".join(current).strip("\n"))
    return [f for f in found if f.strip()] or [text]


def _section_text(section: Section, part: int, today: dt.date) -> str:
    meta = section.procedure
    chunks = parts(section.text)
    body = chunks[part]
    tail = f"\n(Part {part + 1} of {len(chunks)}: say 'more' for the rest.)" if part + 1 < len(chunks) else ""
    warning = (
        f"\nWarning: this procedure was due for review on {meta.review_due:%d %B %Y} and may be out of date. "
        "Check the council's current version with your manager."
        if stale(meta, today)
        else ""
    )
    return f"{meta.title} - {section.heading}\n{body}{tail}{warning}\n" + cite(
        split_sources(*meta.sources), f"Last reviewed {meta.last_reviewed:%d %B %Y}."
    )


def _buttons(index: ProcedureIndex, section: Section, part: int, others: list[str]) -> list[Choice]:
    choices = []
    for other in others[:2]:
        found = section_of(other, index)
        if found is not None:
            choices.append(
                Choice(f"{found.procedure.title}: {found.heading}"[:80], payload("open_procedure", procedure_ref=other))
            )
    if part + 1 < len(parts(section.text)) or index.more(section) is not None:
        choices.append(Choice("More of this", "/more"))
    elif not ref(section, index).endswith("/0"):
        # The last section of a procedure: the way to more of it is from its start.
        start = payload("open_procedure", procedure_ref=f"{section.procedure.id}/0")
        choices.append(Choice("This procedure from the start", start))
    return choices


def show(index: ProcedureIndex, reference: str, part: int, others: list[str], today: dt.date) -> Reply | None:
    """A section (one part of it) with buttons for the other results and for more of it."""
    section = section_of(reference, index)
    if section is None:
        return None
    part = min(part, len(parts(section.text)) - 1)
    text = _section_text(section, part, today)
    choices = _buttons(index, section, part, others)
    cited = split_sources(*section.procedure.sources)
    return answer(text, choices, reference, part, others, ask_feedback=True, sources=cited)


def no_match(profile: Profile, door_contact_line: str) -> Reply:
    """The honest answer when the library has nothing good enough: no guessing, and who to ask."""
    return answer(
        f"I couldn't find a good match for that in {profile.short_name}'s procedure library, and I won't guess. "
        "Try other words, or ask your manager or the procedure's owner; your manager can also raise a gap "
        f"in the library.\nIf you are worried about a child now, contact the front door: {door_contact_line}. "
        "If a child is in immediate danger, call 999."
    )


def answer_question(index: ProcedureIndex, question: str, today: dt.date, no_match_reply: Reply) -> Reply:
    """The best section for a question, with the next two results kept for buttons and "what else"."""
    hits = _distinct(index.search(question[:MAX_QUESTION_CHARS], today, limit=10))
    if not hits:
        return no_match_reply
    refs = [ref(h.section, index) for h in hits[:3]]
    found = show(index, refs[0], 0, refs[1:], today)
    if found is None:
        return no_match_reply
    if hits[0].score < WEAK_SCORE:
        # Word overlap alone ("meeting room", "office") can reach a section that does not answer the
        # question: say how unsure the match is rather than present it as the answer.
        caveat = "I'm not sure this answers your question: it is only the closest section I found.\n"
        return dataclasses.replace(found, text=caveat + found.text)
    return found


def _distinct(hits: list[Hit]) -> list[Hit]:
    # One result per procedure, so "the next two results" are other procedures, not sister sections.
    seen: set[str] = set()
    kept = []
    for hit in hits:
        if hit.section.procedure.id not in seen:
            seen.add(hit.section.procedure.id)
            kept.append(hit)
    return kept


def more(index: ProcedureIndex, shown: str | None, part: int, others: list[str], today: dt.date) -> Reply:
    """The next part of the section shown, then the next section of the same procedure."""
    section = section_of(shown, index) if shown else None
    if section is None:
        return answer(
            "There's nothing to continue yet: ask me about a procedure first, e.g. 'how do I make a referral?'"
        )
    if part + 1 < len(parts(section.text)):
        return show(index, shown or "", part + 1, others, today) or answer(
            "That section has changed; please ask again."
        )
    following = index.more(section)
    if following is None:
        return answer(
            f"That's the end of '{section.procedure.title}'.",
            [Choice("What else?", "/what_else")] if others else [],
            shown,
            part,
            others,
        )
    return show(index, ref(following, index), 0, others, today) or answer("That section has changed; please ask again.")


def what_else(index: ProcedureIndex, others: list[str], today: dt.date) -> Reply:
    """The next result for the last question."""
    if not others:
        return answer("I have no other results for that question. Try asking it in other words.")
    return show(index, others[0], 0, others[1:], today) or answer("That section has changed; please ask again.")


def glossary_target(text: str) -> str:
    """The words a "what does X mean" question asks about (the whole text when no pattern fits)."""
    cleaned = text.strip().rstrip("?!. ")
    for pattern in _GLOSSARY_ASKS:
        match = pattern.search(cleaned)
        if match:
            return _TRAILING.sub("", match["t"].strip())
    return cleaned


def find_term(glossary: Glossary, text: str) -> Term | None:
    """The glossary entry a question asks about: the asked-for words first, then any term named in it."""
    exact = glossary_lookup(glossary, glossary_target(text))
    if exact is not None:
        return exact
    words = f" {normalise(text)} "
    tokens = set(re.findall(r"[A-Za-z0-9&]+", text))
    best: tuple[int, Term | None] = (0, None)
    for term in glossary.terms:
        for name in (term.term, term.full, *term.synonyms):
            if not name:
                continue
            # "DO" (Designated Officer) must not match "what do I do": acronyms count in capitals only.
            hit = name in tokens if _ACRONYM.match(name) else f" {normalise(name)} " in words
            if hit and len(name) > best[0]:
                best = (len(name), term)
    return best[1]


def define(glossary: Glossary, term: Term, index: ProcedureIndex) -> Reply:
    """A glossary answer: the definition, its source and review date, and buttons to related procedures."""
    name = f"{term.term} ({term.full})" if term.full else term.term
    choices = []
    for procedure_id in term.related[:3]:
        first = next((s for s in index.sections if s.procedure.id == procedure_id), None)
        if first is not None:
            choices.append(
                Choice(
                    f"Procedure: {first.procedure.title}"[:80],
                    payload("open_procedure", procedure_ref=ref(first, index)),
                )
            )
    return answer(
        f"{name}: {term.definition}\n"
        + cite(split_sources(term.source), f"Glossary last reviewed {glossary.last_reviewed:%d %B %Y}."),
        choices,
        sources=split_sources(term.source),
    )


def front_door_line(profile: Profile, now: dt.datetime) -> str:
    """The front-door contact to offer with a no-match answer (out-of-hours service when closed)."""
    return describe_contact(front_door_now(profile, now).contact)


def rate(  # noqa: PLR0917
    uow: UnitOfWork, index: ProcedureIndex, rated: str, done: list[str], helpful: bool, now: dt.datetime
) -> Reply:
    """Store "did this help?" (yes or no only) for the section shown, once per answer."""
    section = section_of(rated, index)
    if section is None or rated in done:
        return Reply("Thanks. There's no new answer to rate just now.")
    if not feedback.save(uow, section.procedure.id, section.heading, helpful, now):
        return Reply("Thanks. I couldn't store that just now; nothing else is affected.")
    return Reply(
        response="utter_feedback_thanks" if helpful else "utter_feedback_sorry",
        remember={"procedure_rated": [*done, rated][-20:]},
    )
