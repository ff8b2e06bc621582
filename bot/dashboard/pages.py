"""The page templates (Jinja2, autoescaped) and the words they share: levels, indicators, local times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.council.hours import local_time
from bot.council.models import Profile
from bot.dashboard.figures import LISTS, OVERDUE_AFTER
from bot.decisions.log import KINDS, OUTCOMES

HERE = Path(__file__).resolve().parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
REVIEW_TITLES = {"agree": "Agree", "discuss": "Discuss in supervision", "challenge": "Challenge"}


@dataclass(frozen=True)
class Labels:
    """Council words for what the log stores as numbers and ids."""

    levels: Mapping[int, str] = field(default_factory=dict)
    indicators: Mapping[str, str] = field(default_factory=dict)

    def level(self, number: int | None) -> str:
        """The level's number and council name ("Level 3: Targeted ..."), or "-" for none."""
        if not number:
            return "-"
        name = self.levels.get(number)
        return f"Level {number}: {name}" if name else f"Level {number}"

    def indicator(self, indicator_id: str) -> str:
        """The indicator's wording, or its id when the council data no longer has it."""
        return self.indicators.get(indicator_id, indicator_id)


class Pages:
    """Renders the dashboard's templates with the council's time zone and words."""

    def __init__(self, profile: Profile, labels: Labels, council_name: str = "") -> None:
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,  # a misspelt name fails the tests instead of showing nothing
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["when"] = lambda moment: f"{local_time(profile, moment):%d %b %Y %H:%M}"
        self.env.filters["day"] = lambda moment: f"{local_time(profile, moment):%d %b %Y}"
        self.env.globals.update(
            labels=labels, lists=LISTS, outcomes=OUTCOMES, kinds=KINDS, review_titles=REVIEW_TITLES,
            overdue_after=OVERDUE_AFTER, council=council_name or profile.name,
        )  # fmt: skip

    def render(self, name: str, **context: Any) -> str:
        """One page: a template under bot/dashboard/templates with its values."""
        context.setdefault("me", None)
        context.setdefault("csrf", "")
        return self.env.get_template(name).render(**context)

    def message(self, title: str, text: str, *, hint: str = "", **context: Any) -> str:
        """A page that says one thing: a refusal, a sign-out, the database being down."""
        return self.render("message.html", title=title, text=text, hint=hint, **context)


def default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The supervision pack's default period: this month and the two before it, up to today."""
    start = today.replace(day=1)
    for _ in range(2):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, today
