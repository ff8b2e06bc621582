"""The Teams app package: manifest, icons, errors and the command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from teams import package
from tests.fakes.botframework import APP_ID

# --- the app package --------------------------------------------------------------------------


def test_package_is_built(tmp_path: Path) -> None:
    out = package.build(tmp_path / "app.zip", {"TEAMS_APP_ID": APP_ID, "TEAMS_DEVELOPER_NAME": 'A "quoted" council'})
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert package.png_size(archive.read("color.png")) == (192, 192)
        assert package.png_size(archive.read("outline.png")) == (32, 32)
    assert manifest["manifestVersion"] == "1.16" and manifest["id"] == APP_ID
    assert manifest["developer"]["name"] == 'A "quoted" council'
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID and bot["scopes"] == ["personal"]
    assert "${" not in json.dumps(manifest)


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({}, "TEAMS_APP_ID is not set"),
        ({"TEAMS_APP_ID": "my-bot"}, "must be a GUID"),
        ({"TEAMS_APP_ID": APP_ID, "TEAMS_WEBSITE_URL": "http://insecure"}, "https://"),
    ],
)
def test_package_errors_are_clear(env: dict[str, str], reason: str, tmp_path: Path) -> None:
    with pytest.raises(package.PackageError, match=reason):
        package.build(tmp_path / "app.zip", env)
    assert not (tmp_path / "app.zip").exists()


def test_package_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    assert package.main(["--out", str(tmp_path / "x.zip")]) == 2
    assert capsys.readouterr().err.strip() == (
        "Teams package not built: TEAMS_APP_ID is not set: give the Azure Bot's Microsoft App ID (a GUID)"
    )
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    assert package.main(["--out", str(tmp_path / "x.zip")]) == 0 and (tmp_path / "x.zip").is_file()


def test_icons_are_the_sizes_teams_wants(tmp_path: Path) -> None:
    from PIL import Image

    from teams.make_icons import write_icons

    color, outline = write_icons(tmp_path)
    assert Image.open(color).size == (192, 192)
    with Image.open(outline) as image:
        assert image.size == (32, 32) and image.mode == "RGBA"
        pixels = [image.getpixel((x, y)) for x in range(32) for y in range(32)]
    assert all(p[3] == 0 or p[:3] == (255, 255, 255) for p in pixels)  # type: ignore[index]
    assert any(p[3] == 0 for p in pixels) and any(p[3] > 0 for p in pixels)  # type: ignore[index]
