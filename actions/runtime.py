"""Composition root of the action server: council data and the clock, loaded once, lazily."""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache

from spacy.language import Language
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import nlp
from bot.clock import system_clock
from bot.config import Council, council_from_env, settings_from_env
from bot.decisions import audit
from bot.outbox import Outbox
from bot.procedures import ProcedureIndex
from bot.staff import Actor, resolve, touch
from bot.storage.db import make_engine, unit_of_work
from bot.thresholds import ThresholdEngine

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def council() -> Council:
    """The council data named by the environment, validated (the server checks it at start)."""
    return council_from_env()


def now() -> dt.datetime:
    """The current moment (fixed by PRACTICE_NOW in tests)."""
    return system_clock()


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The council's spaCy pipeline, loaded once for the engine and the library."""
    return nlp.load(nlp.ensure_built(council(), settings_from_env().var_dir / "nlp"))


@lru_cache(maxsize=1)
def engine() -> ThresholdEngine:
    """The threshold engine over the council's data and the shared spaCy pipeline."""
    return ThresholdEngine(pipeline(), council())


@lru_cache(maxsize=1)
def library() -> ProcedureIndex:
    """The search index over the council's procedure library."""
    return ProcedureIndex(pipeline(), council().procedures, council().glossary)


@lru_cache(maxsize=1)
def db() -> Engine:
    """The decision-log database (the schema is brought up to date before the servers start)."""
    return make_engine(settings_from_env().db_url)


@lru_cache(maxsize=1)
def outbox() -> Outbox:
    """Where decisions wait when the database cannot be written."""
    return Outbox(settings_from_env().var_dir / "outbox")


def actor(channel: str, sender_id: str) -> Actor | None:
    """The member of staff behind this channel identity; unknown identities are audited."""
    with unit_of_work(db(), read_only=True) as session:
        found = resolve(session, channel, sender_id)
    try:  # best effort: a busy database must not stop a worker being recognised
        with unit_of_work(db()) as session:
            if found is None:
                audit(session, f"{channel}:{sender_id}", "refused:unknown_identity", now=now())
            else:
                touch(session, channel, sender_id, now())
    except SQLAlchemyError:
        logger.warning("could not record the visit of %s:%s (known: %s)", channel, sender_id, found is not None)
    return found


def safe_actor(channel: str, sender_id: str) -> Actor | None:
    """As actor(), but a database fault only costs the role slot, never the whole conversation."""
    try:
        return actor(channel, sender_id)
    except SQLAlchemyError:
        logger.exception("staff directory unavailable at session start for %s:%s", channel, sender_id)
        return None
