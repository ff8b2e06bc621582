"""The model fingerprint follows every training input, and old models are pruned."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.app.build import model_fingerprint, prune_models
from bot.settings import ROOT


def _project(tmp_path: Path) -> Path:
    for name in ("domain.yml", "config.yml", "data", "components"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    shutil.copytree(ROOT / "council" / "haringey", tmp_path / "council")
    return tmp_path


def test_fingerprint_changes_with_council_data_and_training_data(tmp_path: Path) -> None:
    root = _project(tmp_path)
    council = root / "council"
    first = model_fingerprint(council, root)
    assert model_fingerprint(council, root) == first
    (council / "profile.yml").write_text((council / "profile.yml").read_text() + "\n# edited\n")
    second = model_fingerprint(council, root)
    assert second != first
    (root / "data" / "rules.yml").write_text((root / "data" / "rules.yml").read_text() + "\n")
    assert model_fingerprint(council, root) not in {first, second}


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    for index in range(5):
        model = tmp_path / f"pc-{index}.tar.gz"
        model.write_text("x")
        os.utime(model, (index, index))
    (tmp_path / "other.tar.gz").write_text("not ours")
    removed = prune_models(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == ["pc-0.tar.gz", "pc-1.tar.gz", "pc-2.tar.gz"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.tar.gz", "pc-3.tar.gz", "pc-4.tar.gz"]


def test_the_recognisers_corpus_and_the_danger_examples_do_not_retrain_rasa(council_copy: Path) -> None:
    before = model_fingerprint(council_copy)
    (council_copy / "paraphrases" / "part-1.yml").write_text(
        (council_copy / "paraphrases" / "part-1.yml").read_text() + "\n"
    )
    (council_copy / "danger_examples.yml").write_text((council_copy / "danger_examples.yml").read_text() + "\n")
    assert model_fingerprint(council_copy) == before
    (council_copy / "danger.yml").write_text((council_copy / "danger.yml").read_text() + "\n")
    assert model_fingerprint(council_copy) != before
