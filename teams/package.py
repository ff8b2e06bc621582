"""Build the Teams app package: dist/practice-companion-teams.zip, to upload in the Teams admin centre.

    TEAMS_APP_ID=<the Azure Bot's Microsoft App ID> python -m teams.package [--out PATH]

Placeholders like ${TEAMS_APP_ID} in manifest.json are replaced from the environment; the
developer details have defaults a council should override (TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL,
TEAMS_PRIVACY_URL, TEAMS_TERMS_URL).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUT = ROOT / "dist" / "practice-companion-teams.zip"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
DEFAULTS = {
    "TEAMS_DEVELOPER_NAME": "London Borough of Haringey",
    "TEAMS_WEBSITE_URL": "https://www.haringey.gov.uk",
    "TEAMS_PRIVACY_URL": "https://www.haringey.gov.uk/privacy",
    "TEAMS_TERMS_URL": "https://www.haringey.gov.uk/terms-and-conditions",
}
ICON_SIZES = {"color": (192, 192), "outline": (32, 32)}
# Limits from the Teams manifest schema 1.16 that a typo would break.
MAX_LENGTHS = {
    ("name", "short"): 30,
    ("name", "full"): 100,
    ("description", "short"): 80,
    ("description", "full"): 4000,
}


class PackageError(ValueError):
    """The package cannot be built: a one-line reason."""


def substitute(text: str, env: Mapping[str, str]) -> str:
    """The manifest text with each ${NAME} replaced; PackageError names any with no value."""
    app_id = env.get("TEAMS_APP_ID", "").strip()
    if not app_id:
        raise PackageError("TEAMS_APP_ID is not set: give the Azure Bot's Microsoft App ID (a GUID)")
    if not GUID.match(app_id):
        raise PackageError(f"TEAMS_APP_ID must be a GUID like 00000000-0000-0000-0000-000000000000, not {app_id!r}")
    values = {**DEFAULTS, **{k: v for k, v in env.items() if v}, "TEAMS_APP_ID": app_id}
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise PackageError(f"manifest.json needs {', '.join(missing)}: set it in the environment")
    # JSON-escape each value so a quote in a developer name cannot break the manifest.
    return PLACEHOLDER.sub(lambda m: json.dumps(values[m.group(1)])[1:-1], text)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its header (PackageError if it is not a PNG)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise PackageError("icon is not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _field(manifest: dict[str, Any], *path: str) -> Any:
    node: Any = manifest
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise PackageError(f"manifest.json has no {'.'.join(path)}")
        node = node[key]
    return node


def validate(manifest: dict[str, Any], folder: Path) -> None:
    """PackageError unless the manifest has what Teams requires and its icons exist at the right sizes."""
    if _field(manifest, "manifestVersion") != "1.16":
        raise PackageError("manifest.json must use manifestVersion 1.16")
    if not GUID.match(str(_field(manifest, "id"))):
        raise PackageError("manifest.json id must be a GUID")
    if not re.match(r"^\d+\.\d+\.\d+$", str(_field(manifest, "version"))):
        raise PackageError("manifest.json version must look like 1.0.0")
    for path, limit in MAX_LENGTHS.items():
        value = _field(manifest, *path)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise PackageError(f"manifest.json {'.'.join(path)} must be 1 to {limit} characters")
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        if not str(_field(manifest, "developer", key)).startswith("https://"):
            raise PackageError(f"manifest.json developer.{key} must be an https:// address")
    _field(manifest, "developer", "name")
    bots = _field(manifest, "bots")
    if not isinstance(bots, list) or len(bots) != 1:
        raise PackageError("manifest.json must declare exactly one bot")
    if bots[0].get("botId") != manifest["id"] or bots[0].get("scopes") != ["personal"]:
        raise PackageError("the bot must be this app's id, in personal scope only")
    for kind, size in ICON_SIZES.items():
        icon = folder / str(_field(manifest, "icons", kind))
        if not icon.is_file():
            raise PackageError(f"icon {icon.name} is missing: run python teams/make_icons.py")
        if png_size(icon.read_bytes()) != size:
            raise PackageError(f"icon {icon.name} must be {size[0]}×{size[1]} pixels")


def build(out: Path = DEFAULT_OUT, env: Mapping[str, str] | None = None, folder: Path = HERE) -> Path:
    """Write the zip (manifest.json and both icons at its root) and return its path."""
    text = substitute((folder / "manifest.json").read_text(encoding="utf-8"), os.environ if env is None else env)
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise PackageError(f"manifest.json is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise PackageError("manifest.json must be a JSON object")
    validate(manifest, folder)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for kind in ICON_SIZES:
            name = manifest["icons"][kind]
            archive.write(folder / name, arcname=name)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: build the package, or print the one-line reason it cannot be built."""
    parser = argparse.ArgumentParser(description="Build the Microsoft Teams app package.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"zip to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        path = build(args.out)
    except PackageError as exc:
        print(f"Teams package not built: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}: upload it in the Teams admin centre (Manage apps → Upload)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
