"""The immediate-danger answer: 999 first, then the front door or out-of-hours team for now."""

from __future__ import annotations

import datetime as dt

from bot.council.contacts import contacts_now, describe, front_door_now
from bot.council.models import Profile


def immediate_danger_reply(profile: Profile, when: dt.datetime) -> str:
    """The words to send when a child is in danger now, with numbers for this moment."""
    emergency = profile.contact(profile.front_door.emergency)
    door = front_door_now(profile, when)
    return "\n".join(
        [
            f"A child in immediate danger comes first. Call {emergency.phone or emergency.name} now "
            "(police, ambulance) if you have not already.",
            f"Then tell {profile.short_name} children's social care, because {door.reason}: {describe(door.contact)}",
            "When the child is safe: tell your manager or designated safeguarding lead, and record what you "
            "saw and heard, what you did, who you told and when.",
            f"Source: {profile.source}; last reviewed {profile.last_reviewed:%d %B %Y}.",
        ]
    )


def contacts_reply(profile: Profile, when: dt.datetime, contact_ids: list[str] | None = None) -> str:
    """The contacts asked for, or the ones needed right now, one line each."""
    chosen = [profile.contact(i) for i in contact_ids] if contact_ids else contacts_now(profile, when)
    door = front_door_now(profile, when)
    lines = [f"- {describe(c)}" for c in chosen]
    header = "Here is who to contact" + ("" if contact_ids else f" right now ({door.reason})") + ":"
    return "\n".join([header, *lines, f"Source: {profile.source}; last reviewed {profile.last_reviewed:%d %B %Y}."])
