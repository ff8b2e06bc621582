"""The composition root builds each part once, on first use, and nothing at construction."""

from __future__ import annotations

from pathlib import Path

from bot.app.bootstrap import Root, shared
from bot.loading import Council
from bot.settings import Settings


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
