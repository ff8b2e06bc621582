"""`python -m bot.channels.reminders [--once]`: send due reminders on the configured staff channels,
and purge old conversations and audit events at start-up and every hour (with no channel, only that)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Mapping

from sqlalchemy.engine import Engine

from bot.app.bootstrap import Root
from bot.app.retention import keep, retention_pass
from bot.app.tracker import tracker_url
from bot.clock import Clock
from bot.council.models import Profile
from bot.decisions.deliver import Pusher, configured_channels, run_forever, run_once
from bot.settings import settings_from_env


def pushers_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Pusher]:
    """The channels this process can send on: those whose settings are all present."""
    found: dict[str, Pusher] = {}
    channels = configured_channels(environ)
    if "telegram" in channels:
        from bot.channels.telegram import push as telegram_push

        found["telegram"] = telegram_push
    if "teams" in channels:
        from bot.channels.teams import push as teams_push

        found["teams"] = teams_push
    return found


async def run(db: Engine, profile: Profile, pushers: Mapping[str, Pusher], clock: Clock, tracker: str) -> None:
    """Reminders every minute (when a channel can send) and retention every hour, side by side, until stopped."""
    loops = [keep(db, tracker, profile.retention, clock)]
    if pushers:
        loops.append(run_forever(db, profile, pushers, clock))
    await asyncio.gather(*loops)


def main(argv: list[str] | None = None) -> int:
    """One pass (--once, for cron) or a pass every minute until stopped."""
    parser = argparse.ArgumentParser(prog="python -m bot reminders", description=__doc__)
    parser.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    args = parser.parse_args(argv)
    pushers = pushers_from_env()
    if not pushers:
        print(
            "no channel to send on (set TELEGRAM_TOKEN and/or TEAMS_APP_ID, see README): retention only",
            file=sys.stderr,
        )
    root = Root(settings_from_env())
    profile = root.council.profile
    tracker = tracker_url(root.settings.var_dir)
    if args.once:
        purged = retention_pass(root.db, tracker, profile.retention, root.clock())
        print(purged)
        failed = purged.conversations is None or purged.audit is None
        if pushers:
            report = asyncio.run(run_once(root.db, profile, pushers, root.clock()))
            print(
                f"reminders: {report.sent} sent, {report.failed} failed, {report.waiting} waiting for another channel"
            )
            failed = failed or bool(report.failed)
        return 1 if failed else 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sending = f"sending reminders on {', '.join(sorted(pushers))} every minute; " if pushers else ""
    kept = profile.retention
    print(
        f"{sending}deleting conversations older than {kept.conversations.days} days and audit events older than "
        f"{kept.audit.days} days every hour; Ctrl-C stops"
    )
    asyncio.run(run(root.db, profile, pushers, root.clock, tracker))
    return 0


if __name__ == "__main__":
    sys.exit(main())
