"""The shared reply vocabulary: every capability's dialogue answers with one `Reply` shape."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    """A button: what the worker sees and what it sends back."""

    title: str
    payload: str


def payload(intent: str, **entities: str) -> str:
    """A button payload that sets an intent and entities without NLU."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


@dataclass(frozen=True)
class Reply:
    """One answer: its text (or a domain response), the buttons under it, what to remember, what follows.

    `remember` holds slot values the conversation keeps for the next turn; `then` holds the replies
    sent straight after this one (a danger answer followed by "shall we carry on?", say).
    """

    text: str = ""
    choices: tuple[Choice, ...] = ()
    remember: Mapping[str, Any] = field(default_factory=dict)
    response: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    then: tuple[Reply, ...] = ()

    def followed_by(self, *others: Reply | None) -> Reply:
        """This reply with others sent after it (None is skipped)."""
        return Reply(
            self.text,
            self.choices,
            self.remember,
            self.response,
            self.values,
            (*self.then, *(o for o in others if o is not None)),
        )

    def messages(self) -> Iterator[Reply]:
        """This reply and everything that follows it, in order (each without its followers)."""
        yield Reply(self.text, self.choices, self.remember, self.response, self.values)
        for other in self.then:
            yield from other.messages()

    def slots(self) -> dict[str, Any]:
        """Every slot to remember, later replies winning."""
        merged: dict[str, Any] = {}
        for message in self.messages():
            merged.update(message.remember)
        return merged


MAIN_SOURCES = 2


def split_sources(*sources: str) -> list[str]:
    """Each source once, in order, from strings that may list several separated by semicolons."""
    found: list[str] = []
    for source in sources:
        found += [part.strip() for part in source.split(";") if part.strip() and part.strip() not in found]
    return found


def cite(sources: list[str], reviewed: str) -> str:
    """The one or two main sources by title and address, and how to ask for the rest."""
    main, rest = sources[:MAIN_SOURCES], len(sources) - MAIN_SOURCES
    more = f' ({rest} more: say "all sources")' if rest > 0 else ""
    label = "Source" if len(sources) == 1 else "Main sources"
    return f"{label}: {'; '.join(main)}{more}. {reviewed}"


def all_sources(sources: list[str] | None) -> Reply:
    """Every source of the last answer, one a line."""
    if not sources:
        return Reply("I haven't given an answer with sources yet. Ask me about a worry or a procedure first.")
    return Reply("All the sources of my last answer:\n" + "\n".join(f"- {s}" for s in sources))


def say(text: str, *choices: Choice, **remember: Any) -> Reply:
    """A text reply with buttons and slots to remember."""
    return Reply(text, tuple(choices), remember)


def respond(response: str, **values: Any) -> Reply:
    """A reply that sends one of the domain's responses (utter_...), with values for its template."""
    return Reply(response=response, values=values)


# Said with every re-ask inside a form, so no question is a dead end.
WAY_OUT = "Or ask me something else, or say 'cancel' to stop."


def with_way_out(text: str) -> str:
    """A re-ask that says how to leave it."""
    return f"{text.rstrip()} {WAY_OUT}"


# What each form is called when the worker is asked whether to carry on with it.
FORM_TITLES: dict[str, str] = {
    "threshold_form": "the threshold decision",
    "disagreement_form": "your own level and reasons",
    "decision_form": "the decision record",
    "review_form": "the review",
    "prompt_form": "the reflective prompts",
    "practice_form": "the practice scenario",
}


def carry_on(form: str) -> Reply:
    """After a question asked inside a form: offer to go back to it, answers kept."""
    title = FORM_TITLES.get(form, "what we were doing")
    return say(
        f"Shall we carry on with {title}? Everything you've told me so far is kept.",
        Choice("Yes, carry on", payload("affirm")),
        Choice("No, leave it", payload("deny")),
    )


def left(form: str) -> Reply:
    """The worker chose not to go back: say what was discarded and what they can do next."""
    title = FORM_TITLES.get(form, "what we were doing")
    return say(
        f"OK, I've left {title}. What you typed there was not kept. "
        "Ask me anything else, or say 'what can you do?'. If a child is in danger now, call 999."
    )


# After this many answers in a row to the same question that could not be used, the ways on become buttons.
STUCK_AFTER = 2


def stuck(form: str | None) -> Reply:
    """What to offer after answers that could not be used, twice running: leave the form, or the menu."""
    title = FORM_TITLES.get(form or "", "this")
    return Reply(
        f"That's twice I couldn't use the answer. You can try once more, leave {title} (what was typed here is "
        "not kept), or see everything I can help with.",
        (Choice("Leave it", payload("cancel")), Choice("What can you do?", payload("help"))),
    )


# A message asks something: a question mark, or it opens the way questions do ("what does ICPC mean").
_ASKS = re.compile(
    r"\?|^\W*(?:what|what'?s|how|who|whom|whose|where|when|which|why|can|could|do|does|did|is|are|should|would"
    r"|will|may|tell me|explain|define|remind me|any idea)\b",
    re.I,
)


def asks(text: str) -> bool:
    """True when a message is put as a question, not as a statement ("refer to the MASH for an assessment")."""
    return bool(_ASKS.search(text))
