"""`python -m bot dashboard serve|link`: the supervisor's page, and sign-in links for an administrator.

This is the dashboard process's composition root: the decision-log database from DATABASE_URL and
its signed checkpoints, as bootstrap.Root builds them (without Root itself, whose imports bring
spaCy and TensorFlow: 10 s of start-up this process never uses).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from bot.app.integrity import checkpoint_file
from bot.app.records import BadInputError
from bot.clock import Clock, system_clock
from bot.dashboard.config import ConfigError, DashboardConfig, from_env, public_url
from bot.settings import Settings, settings_from_env

if TYPE_CHECKING:
    from sanic import Sanic

    from bot.dashboard.web import Dashboard

EXIT_OK = 0


def _database(settings: Settings) -> str:
    url = make_url(settings.db_url)
    # Starting must not leave an empty database behind where none was (the schema comes from migrations).
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        raise BadInputError(f"no decision-log database at {url.database} (run `python -m bot db upgrade` first)")
    return settings.db_url


def assemble(settings: Settings, config: DashboardConfig, clock: Clock = system_clock) -> Dashboard:
    """The dashboard's parts: the decision log named by the settings, the council's calendar and words."""
    from bot.dashboard.pages import Labels, Pages
    from bot.dashboard.web import Dashboard
    from bot.loading import load_council
    from bot.storage.db import SqlUnitOfWork, make_engine

    council = load_council(settings.council_path)
    labels = Labels(
        {level.level: level.name for level in council.thresholds.levels},
        {indicator.id: indicator.wording for indicator in council.thresholds.indicators},
    )
    uow = SqlUnitOfWork(make_engine(_database(settings)), checkpoint_file(settings, clock))
    return Dashboard(uow, clock, council.profile, config, Pages(council.profile, labels), council.scenarios)


def build(settings: Settings, config: DashboardConfig, clock: Clock = system_clock) -> Sanic:
    """The dashboard app over the parts `assemble` builds."""
    from bot.dashboard.server import build_app

    return build_app(assemble(settings, config, clock))


def _config(args: argparse.Namespace) -> DashboardConfig:
    from dataclasses import replace

    try:
        config = from_env()
    except ConfigError as exc:
        raise BadInputError(str(exc)) from exc
    if getattr(args, "port", None) is not None:
        config = replace(config, port=args.port)
    if getattr(args, "host", None):
        config = replace(config, host=args.host)
    return config


def cmd_dashboard_serve(args: argparse.Namespace) -> int:
    """Serve the dashboard on DASHBOARD_HOST:DASHBOARD_PORT (127.0.0.1:8080) until Ctrl-C."""
    config = _config(args)
    settings = settings_from_env()
    logging.basicConfig(level=logging.INFO, format="[dashboard] %(levelname)s %(name)s: %(message)s")
    app = build(settings, config)
    if config.development_key:
        print("[dashboard] note: sessions are signed with the development key (DASHBOARD_KEY is not set)", flush=True)
    if settings.environment == "production" and not config.secure:
        print("[dashboard] warning: DASHBOARD_SECURE is not 1: cookies may travel without HTTPS", flush=True)
    print(f"[dashboard] serving on http://{config.host}:{config.port}", flush=True)
    # What start-up built (council data, templates, matplotlib) stays for the life of the process: frozen,
    # the collector never walks it again, so a page with 2,000 decisions does not pause for it.
    gc.freeze()
    # No access log: the sign-in page's address carries a token, and logs outlive ten minutes.
    app.run(host=config.host, port=config.port, access_log=False, debug=False, workers=1, motd=False)
    return EXIT_OK


def cmd_dashboard_link(args: argparse.Namespace) -> int:
    """Print a sign-in link for a member of staff: valid once, for 10 minutes."""
    from bot.dashboard.links import LinkError, issue_link
    from bot.storage.db import SqlUnitOfWork, make_engine

    settings = settings_from_env()
    clock = system_clock
    try:
        base = public_url()
    except ConfigError as exc:
        raise BadInputError(str(exc)) from exc
    engine = make_engine(_database(settings))
    try:
        link = issue_link(
            SqlUnitOfWork(engine, checkpoint_file(settings, clock)), args.staff_id, clock(), base_url=base
        )
    except LinkError as exc:
        raise BadInputError(str(exc)) from exc
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps({"staff_id": args.staff_id, "link": link, "valid_minutes": 10}))
    else:
        print(link)
        print(f"valid once, for 10 minutes, for {args.staff_id}", file=sys.stderr)
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register `dashboard serve` and `dashboard link`."""
    dashboard = sub.add_parser("dashboard", help="the supervisor's web page")
    actions = dashboard.add_subparsers(dest="action", required=True)
    serve = actions.add_parser("serve", help="serve the dashboard (DASHBOARD_HOST, DASHBOARD_PORT)")
    serve.add_argument("--host", help="address to listen on (default: DASHBOARD_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: DASHBOARD_PORT or 8080)")
    serve.set_defaults(func=cmd_dashboard_serve)
    link = actions.add_parser("link", help="a sign-in link for a member of staff, valid once for 10 minutes")
    link.add_argument("staff_id", metavar="STAFF_ID")
    link.add_argument("--json", action="store_true", help="machine-readable output")
    link.set_defaults(func=cmd_dashboard_link)
