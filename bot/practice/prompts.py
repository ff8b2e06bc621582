"""Reflective prompt sets asked one question at a time, with skip, back and stop, and a tidy summary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.practice.data import Prompts, PromptSet

SKIP, BACK, STOP = "skip", "back", "stop"
_COMMANDS = {
    SKIP: re.compile(r"^\s*(/?skip|pass|next|skip (it|this|this one))\s*[.!]?\s*$", re.I),
    BACK: re.compile(r"^\s*(/?back|go back|previous|previous question|undo)\s*[.!]?\s*$", re.I),
    STOP: re.compile(r"^\s*(/?stop|stop here|finish|end|that's enough|cancel|quit|done)\s*[.!]?\s*$", re.I),
}
_SCALE = re.compile(r"^\s*(\d{1,2})(?:\s*(?:/|out of)\s*10)?\s*[.!]?\s*$", re.I)
SKIPPED = "(skipped)"
SCALE_PROBLEM = "Please answer with a whole number from 0 to 10 (or say skip, back or stop)."


@dataclass(frozen=True)
class Step:
    """The result of one answer: the new position and answers, and what to tell the worker."""

    index: int
    answers: tuple[str, ...]
    finished: bool = False
    problem: str | None = None


def command(text: str) -> str | None:
    """'skip', 'back' or 'stop' when the answer is one of those commands."""
    return next((name for name, pattern in _COMMANDS.items() if pattern.match(text)), None)


def scale_value(text: str) -> int | None:
    """A 0-10 answer, or None."""
    match = _SCALE.match(text)
    return int(match.group(1)) if match and 0 <= int(match.group(1)) <= 10 else None


def answer(prompt_set: PromptSet, index: int, answers: tuple[str, ...], text: str) -> Step:
    """Apply one answer (or command) to the current question."""
    action = command(text)
    if action == STOP:
        return Step(index, answers, finished=True)
    if action == BACK:
        return Step(max(0, index - 1), answers[: max(0, index - 1)])
    question = prompt_set.questions[index]
    if action == SKIP:
        value = SKIPPED
    elif question.kind == "scale":
        number = scale_value(text)
        if number is None:
            return Step(
                index, answers, problem="Please answer with a whole number from 0 to 10 (or say skip, back or stop)."
            )
        value = f"{number}/10"
    else:
        value = text.strip()
    answers = (*answers[:index], value)
    return Step(index + 1, answers, finished=index + 1 >= len(prompt_set.questions))


def ask(prompt_set: PromptSet, index: int) -> str:
    """The current question, numbered, with how to move about."""
    question = prompt_set.questions[index]
    scale = " (a number from 0 to 10)" if question.kind == "scale" else ""
    position = f"question {index + 1} of {len(prompt_set.questions)}"
    return f"{prompt_set.title}, {position}: {question.text}{scale}\n(You can say skip, back or stop.)"


def summary(prompt_set: PromptSet, answers: tuple[str, ...]) -> str:
    """The questions and answers so far, tidy enough to keep as a reflective note."""
    lines = [f"{prompt_set.title}: your reflection"]
    for question, given in zip(prompt_set.questions, answers, strict=False):
        lines.append(f"- {question.text} {given}")
    unanswered = len(prompt_set.questions) - len(answers)
    if unanswered > 0:
        lines.append(f"({unanswered} question(s) not reached.)")
    lines.append(f"Source: {prompt_set.source}")
    return "\n".join(lines)


def find_set(prompts: Prompts, words: str) -> PromptSet | None:
    """The prompt set a worker asks for, by id, title or key words in it."""
    text = words.lower()
    for prompt_set in prompts.sets:
        if prompt_set.id in text or prompt_set.id.replace("_", " ") in text or prompt_set.title.lower() in text:
            return prompt_set
    hints = {
        "visit_planning": ("plan", "before a visit", "before the visit", "planning"),
        "after_visit": ("after a visit", "after the visit", "after visiting", "debrief"),
        "child_voice": ("voice", "seeing the child alone", "child alone", "wishes and feelings"),
        "resistance": ("resist", "disguised compliance", "not engaging", "non-engagement", "hostile"),
        "signs_of_safety": ("signs of safety", "mapping", "scaling", "three houses"),
        "supervision_prep": ("supervision",),
        "relationship_check": ("relationship", "how the family see", "how does the family see"),
    }
    for set_id, keys in hints.items():
        if any(key in text for key in keys):
            found = prompts.get(set_id)
            if found:
                return found
    return None
