"""`python -m bot.channels.reminders [--once]`: send due reminders on the configured staff channels."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Mapping

from bot.app.bootstrap import Root
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


def main(argv: list[str] | None = None) -> int:
    """One pass (--once, for cron) or a pass every minute until stopped."""
    parser = argparse.ArgumentParser(prog="python -m bot reminders", description=__doc__)
    parser.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    args = parser.parse_args(argv)
    pushers = pushers_from_env()
    if not pushers:
        print("no channel to send on: set TELEGRAM_TOKEN and/or TEAMS_APP_ID (see README)", file=sys.stderr)
        return 2
    root = Root(settings_from_env())
    profile = root.council.profile
    if args.once:
        report = asyncio.run(run_once(root.db, profile, pushers, root.clock()))
        print(f"reminders: {report.sent} sent, {report.failed} failed, {report.waiting} waiting for another channel")
        return 0 if not report.failed else 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    print(f"sending reminders on {', '.join(sorted(pushers))} every minute; Ctrl-C stops")
    asyncio.run(run_forever(root.db, profile, pushers, root.clock))
    return 0


if __name__ == "__main__":
    sys.exit(main())
