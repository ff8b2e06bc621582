"""The composition roots: one per process kind, each building its engines and clients once, lazily.

- `rasa_root()`: the Rasa process (its NLU components and the staff channels);
- `actions_root()`: the action server;
- `Root(settings)`: the CLI and the reminders runner build their own from their settings.
Nothing connects at import: a part is built the first time it is asked for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from spacy.language import Language
from sqlalchemy.engine import Engine

from bot.app.integrity import checkpoint_file
from bot.clock import Clock, system_clock
from bot.council.contacts import contact_names
from bot.decisions.outbox import Outbox
from bot.library.search import ProcedureIndex
from bot.loading import Council, load_council
from bot.settings import ROOT, Settings, settings_from_env
from bot.staff.gate import Gate
from bot.staff.ratelimit import Limit, MemoryRateLimiter, RateLimiter, Unlimited
from bot.storage.checkpoints import CheckpointFile
from bot.storage.db import SqlUnitOfWork, UnitOfWork, make_engine
from bot.text import nlp
from bot.text.danger import DangerDetector, DangerModel
from bot.threshold.engine import ThresholdEngine
from bot.threshold.recogniser import Recogniser, load_or_train

T = TypeVar("T")


class Root:
    """Everything one process needs, built on first use from its settings."""

    def __init__(self, settings: Settings, clock: Clock = system_clock, council: Council | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self._council = council

    @cached_property
    def council(self) -> Council:
        """The council data named by the settings, validated."""
        return self._council or load_council(self.settings.council_path)

    @cached_property
    def pipeline_path(self) -> Path:
        """Where the council's spaCy pipeline is built (the folder name carries its input hash)."""
        profile = self.council.profile
        return nlp.ensure_built(contact_names(profile), self.settings.var_dir / "nlp", profile.name)

    @cached_property
    def pipeline(self) -> Language:
        """The council's spaCy pipeline, shared by every engine in the process."""
        return nlp.load(self.pipeline_path)

    @cached_property
    def recogniser(self) -> Recogniser | None:
        """The indicator recogniser trained on the council's paraphrases (saved under var/, keyed by its inputs)."""
        council = self.council
        if not council.paraphrases:
            return None
        background = no_case_messages(ROOT / "data" / "nlu")
        return load_or_train(
            council.thresholds.indicators, council.paraphrases, self.settings.var_dir / "models", background
        )

    @cached_property
    def engine(self) -> ThresholdEngine:
        """The threshold engine over the council's thresholds and contacts, the danger detector and the recogniser."""
        council = self.council
        return ThresholdEngine(self.pipeline, council.thresholds, council.profile, self.danger, self.recogniser)

    @cached_property
    def danger(self) -> DangerDetector:
        """The one danger detector, for the engine, the threshold form and the NLU danger guard."""
        examples, council = self.council.danger_examples, self.council
        if examples is None:
            return DangerDetector(self.pipeline, council.danger.phrases)
        chat_danger, chat_other = chat_examples(ROOT / "data" / "nlu")
        background = [s for entry in council.paraphrases.values() for s in (*entry.say, *entry.not_)]
        model = DangerModel([*examples.now, *chat_danger], [*examples.not_now, *chat_other], background)
        return DangerDetector(self.pipeline, council.danger.phrases, model)

    @cached_property
    def library(self) -> ProcedureIndex:
        """The search index over the council's procedure library."""
        council = self.council
        return ProcedureIndex(self.pipeline, council.procedures, council.glossary, council.questions)

    @cached_property
    def db(self) -> Engine:
        """The decision-log database (the schema is brought up to date before the servers start)."""
        return make_engine(self.settings.db_url)

    @cached_property
    def checkpoints(self) -> CheckpointFile:
        """The signed checkpoints of the decision log's chain heads, outside the database."""
        return checkpoint_file(self.settings, self.clock)

    @cached_property
    def uow(self) -> UnitOfWork:
        """Units of work on the decision-log database; every committed decision or review is checkpointed."""
        return SqlUnitOfWork(self.db, self.checkpoints)

    @cached_property
    def outbox(self) -> Outbox:
        """Where decisions wait when the database cannot be written."""
        return Outbox(self.settings.var_dir / "outbox")

    @cached_property
    def gate(self) -> Gate:
        """The staff channels' identity gate over the staff directory."""
        return Gate(self.db, self.council.profile, self.clock)

    @cached_property
    def limiter(self) -> RateLimiter:
        """The staff channels' per-identity rate limit, in this process's memory (none at 0 a minute)."""
        per_minute = self.settings.rate_limit_per_minute
        if per_minute == 0:
            return Unlimited()
        return MemoryRateLimiter(Limit(per_minute, self.settings.rate_limit_burst))


_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


# Intents whose messages never describe a child's situation: for the level reading, no case at all.
NO_CASE_INTENTS = frozenset(
    {
        "greet", "goodbye", "thank", "help", "bot_challenge", "out_of_scope", "affirm", "deny", "cancel",
        "dont_know", "ask_contact", "more", "what_else", "rate_answer", "ask_sources", "my_decisions",
        "review_queue", "open_dashboard", "start_prompts", "practise_scenario", "practice_start", "practice_hint",
        "practice_reveal", "practice_retry", "practice_next", "practice_progress",
    }
)  # fmt: skip


@lru_cache(maxsize=4)
def _examples(folder: Path) -> tuple[tuple[str, str], ...]:
    """Every NLU training message as (intent, text without entity annotations), read once per process.

    The danger detector and the recogniser's level reading both learn from them at start-up.
    """
    found: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if not isinstance(block, dict) or "intent" not in block:
                continue
            lines = [line[2:].strip() for line in str(block.get("examples", "")).splitlines() if line.startswith("- ")]
            found += [(str(block["intent"]), _ANNOTATION.sub(r"\1", s)) for s in lines]
    return tuple(found)


def chat_examples(folder: Path, danger_intent: str = "immediate_danger") -> tuple[list[str], list[str]]:
    """The NLU training messages as (danger now, everything else): the chat's own words for the detector."""
    every = _examples(folder)
    return [t for i, t in every if i == danger_intent], [t for i, t in every if i != danger_intent]


def no_case_messages(folder: Path) -> list[str]:
    """The NLU training messages that say nothing about a child (see NO_CASE_INTENTS)."""
    return [text for intent, text in _examples(folder) if intent in NO_CASE_INTENTS]


_SHARED: dict[str, Any] = {}
_SHARED_LOCK = threading.Lock()


def shared(name: str, factory: Callable[[], T]) -> T:
    """A process-wide object a channel owns (Telegram's bot client, its button store), made once."""
    with _SHARED_LOCK:
        if name not in _SHARED:
            _SHARED[name] = factory()
        found: T = _SHARED[name]
        return found


@lru_cache(maxsize=1)
def rasa_root() -> Root:
    """The root of the Rasa process: NLU components and the staff channels share it."""
    return Root(settings_from_env())


@lru_cache(maxsize=1)
def actions_root() -> Root:
    """The root of the action server."""
    return Root(settings_from_env())
