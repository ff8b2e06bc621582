"""Shared fixtures: the example council, its spaCy pipeline and engines, built once per run."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest
from spacy.language import Language

from bot.app.bootstrap import Root
from bot.loading import Council, load_council
from bot.settings import ROOT, Settings
from bot.text.danger import DangerDetector
from bot.threshold.engine import ThresholdEngine

COUNCIL_DIR = ROOT / "council" / "haringey"
# A Thursday morning in term time, inside office hours (UTC = London time in November).
WEEKDAY_MORNING = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _fixed_seed() -> None:
    random.seed(2024)


@pytest.fixture(scope="session")
def council() -> Council:
    return load_council(COUNCIL_DIR)


@pytest.fixture(scope="session")
def root(council: Council) -> Root:
    """The composition root the servers use, on the example council (its models saved under var/)."""
    return Root(Settings(), council=council)


@pytest.fixture(scope="session")
def pipeline(root: Root) -> Language:
    return root.pipeline


@pytest.fixture(scope="session")
def danger(root: Root) -> DangerDetector:
    return root.danger


@pytest.fixture(scope="session")
def engine(root: Root) -> ThresholdEngine:
    return root.engine


@pytest.fixture()
def council_copy(tmp_path: Path) -> Path:
    """A writable copy of the example council, for tests that break it on purpose."""
    target = tmp_path / "council"
    shutil.copytree(COUNCIL_DIR, target)
    return target
