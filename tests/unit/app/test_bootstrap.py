"""The composition root builds each part once, on first use, and nothing at construction."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.bootstrap import Root, shared
from bot.loading import Council
from bot.settings import Settings
from bot.staff.ratelimit import Limit, MemoryRateLimiter, Unlimited
from bot.storage.db import SqlUnitOfWork


def test_a_root_builds_nothing_until_asked(tmp_path: Path) -> None:
    root = Root(Settings(var_dir=tmp_path, council_dir=tmp_path / "no-such-council"))
    # A missing council folder only matters when the council is first needed.
    assert root.settings.var_dir == tmp_path and not list(tmp_path.iterdir())


def test_parts_are_built_once_and_shared(council: Council, tmp_path: Path) -> None:
    root = Root(Settings(var_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'p.db'}"), council=council)
    assert root.engine is root.engine and root.library is root.library
    assert root.engine.data is council.thresholds
    assert root.pipeline is root.danger._index._nlp  # one pipeline for every engine
    assert root.uow is root.uow and root.gate.profile is council.profile
    root.db.dispose()


def test_shared_objects_are_made_once_per_process() -> None:
    made: list[object] = []

    def factory() -> object:
        made.append(object())
        return made[-1]

    assert shared("test-part", factory) is shared("test-part", factory) and len(made) == 1


def test_saves_are_checkpointed_and_channels_rate_limited_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CHAIN_KEY", "CHAIN_CHECKPOINTS", "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_BURST"):
        monkeypatch.delenv(name, raising=False)
    root = Root(Settings(var_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'p.db'}"))
    assert isinstance(root.uow, SqlUnitOfWork) and root.uow.anchor is root.checkpoints
    assert root.checkpoints.path == tmp_path / "chain-checkpoints.jsonl" and root.checkpoints.key.development
    assert isinstance(root.limiter, MemoryRateLimiter) and root.limiter.limit == Limit(30, 10)
    assert root.limiter is root.limiter  # one set of buckets for every channel in the process
    keyed = Root(Settings(var_dir=tmp_path, chain_key="a-real-chain-key-of-at-least-32-chars", rate_limit_per_minute=0))
    assert not keyed.checkpoints.key.development and isinstance(keyed.limiter, Unlimited)
    root.db.dispose()
