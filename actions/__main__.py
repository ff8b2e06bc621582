"""Run the action server: council data checked first, and a shared secret required from Rasa."""

from __future__ import annotations

import argparse
import hmac
import logging
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.loading import CouncilDataError, load_council
from bot.settings import settings_from_env

SECRET_HEADER = "X-Action-Secret"
OPEN_PATHS = frozenset({"/health"})


def build_app(secret: str) -> Sanic:
    """The rasa-sdk app with a middleware that refuses calls without the shared secret."""
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        """Refuse every call but /health that lacks the shared secret."""
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return json({"error": "missing or wrong action server secret"}, status=401)
        return None

    return app


def schema_problem(url: str) -> str | None:
    """Why the decision-log database cannot be used yet, or None when its schema is at the head."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import SQLAlchemyError

    from bot.settings import ROOT
    from bot.storage.db import make_engine

    head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        return f"the decision-log database cannot be reached ({type(exc).__name__})"
    finally:
        engine.dispose()
    return None if current == head else f"the decision-log database schema is at {current or 'nothing'}, not {head}"


def main(argv: list[str] | None = None) -> int:
    """Check the council data, then serve the actions until stopped."""
    settings = settings_from_env()
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    parser.add_argument("--host", default=settings.actions_host)
    parser.add_argument("--port", type=int, default=settings.actions_port)
    args = parser.parse_args(argv)
    try:
        load_council(settings.council_path)
    except CouncilDataError as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        print("action server not started: fix the council data above", file=sys.stderr)
        return 2
    problem = schema_problem(settings.db_url)
    if problem:
        print(
            f"{problem}\naction server not started: run `python -m bot db upgrade` (make run does it)", file=sys.stderr
        )
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = build_app(settings.action_server_secret.get_secret_value())
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
