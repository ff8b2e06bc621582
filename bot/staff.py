"""Staff identities: who is talking, and in what role, from the staff directory."""

from __future__ import annotations

from bot.council import StaffFile, StaffMember

UNREGISTERED = "unregistered"


def find_member(staff: StaffFile, channel: str, sender_id: str) -> StaffMember | None:
    """The active staff member with this channel identity, or None."""
    for member in staff.staff:
        if sender_id in member.identities.get(channel, []):  # type: ignore[call-overload]
            return member
    return None


def role_of(staff: StaffFile, channel: str, sender_id: str) -> str:
    """The role for a channel identity, or 'unregistered'."""
    member = find_member(staff, channel, sender_id)
    return member.role if member else UNREGISTERED
