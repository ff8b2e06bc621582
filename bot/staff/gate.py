"""Only registered staff reach the conversation: the gate the staff channels share, over `identify`."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, system_clock
from bot.council.contacts import describe, front_door_now
from bot.council.models import Profile
from bot.staff.directory import Actor
from bot.staff.identity import identify
from bot.storage.db import unit_of_work

logger = logging.getLogger(__name__)

# Somebody who keeps writing is told once a day, not once a message: a refusal is not a conversation.
REFUSAL_QUIET = dt.timedelta(hours=24)
# How many refused identities to remember: a flood of made-up ids must not grow memory without end.
MAX_REMEMBERED = 10_000
CHANNEL_NAMES = {"telegram": "Telegram", "teams": "Microsoft Teams"}


@dataclass(frozen=True)
class Admission:
    """Who is writing (None when not registered) and whether to send them the refusal now."""

    actor: Actor | None
    tell_refusal: bool = False
    # The directory could not be read: nobody can be checked, so the channel apologises (with 999).
    unavailable: bool = False


def refusal_text(profile: Profile, channel: str, now: dt.datetime, external_id: str | None = None) -> str:
    """The one polite refusal: who the assistant is for, how to get registered, and 999 first."""
    door = front_door_now(profile, now)
    # The id is the one thing the manager needs to register someone; it tells the sender nothing new.
    yours = f" (they will need your {CHANNEL_NAMES.get(channel, channel)} id: {external_id})" if external_id else ""
    return (
        f"Sorry, this assistant is only for {profile.name} staff whose "
        f"{CHANNEL_NAMES.get(channel, channel)} account is registered in the staff directory. "
        f"If you work for the council, ask your manager to add your account{yours}.\n"
        f"If a child is in danger now, call 999. To report a worry about a child: {describe(door.contact)}"
    )


class Gate:
    """Looks each sender up in the staff directory; refusals are audited, visits noted."""

    def __init__(self, engine: Engine, profile: Profile, clock: Clock = system_clock) -> None:
        self._engine, self.profile, self._clock = engine, profile, clock
        self._told: OrderedDict[tuple[str, str], dt.datetime] = OrderedDict()
        self._lock = threading.Lock()  # admit() runs in worker threads (admit_async)

    def admit(self, channel: str, external_id: str, address: dict[str, Any] | None = None) -> Admission:
        """The member of staff behind this identity; otherwise an audited refusal."""
        now = self._clock()
        try:
            with unit_of_work(self._engine) as session:
                found = identify(session, channel, external_id, now, address)
        except SQLAlchemyError:
            # Without the directory nobody can be checked: serve nobody, but never leave a worker in
            # silence or tell a registered worker that they are not registered.
            logger.exception("staff directory unavailable; cannot check %s:%s", channel, external_id)
            return Admission(None, unavailable=True)
        if found is not None:
            return Admission(found)
        key = (channel, external_id)
        with self._lock:
            last = self._told.get(key)
            if last is not None and now - last < REFUSAL_QUIET:
                return Admission(None, tell_refusal=False)
            self._told[key] = now
            self._told.move_to_end(key)
            while len(self._told) > MAX_REMEMBERED:
                self._told.popitem(last=False)
        return Admission(None, tell_refusal=True)

    async def admit_async(self, channel: str, external_id: str, address: dict[str, Any] | None = None) -> Admission:
        """admit() off the event loop, so a slow database never stalls other conversations."""
        return await asyncio.to_thread(self.admit, channel, external_id, address)

    def refusal(self, channel: str, external_id: str | None = None) -> str:
        """The refusal text for this channel at this moment."""
        return refusal_text(self.profile, channel, self._clock(), external_id)
