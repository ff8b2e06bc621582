"""The import rules of the layout, as tests: Rasa stays in bot/channels, capabilities meet through
their public modules, and nothing connects at import time."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT

BOT = ROOT / "bot"
CAPABILITIES = sorted(p.name for p in BOT.iterdir() if (p / "__init__.py").is_file())
# What only the processes' entry points may import: settings, the council loader and the roots.
ENTRY_ONLY = ("bot.app", "bot.loading", "bot.settings", "bot.channels")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """Every import in a file, at any depth (inside functions too), as (module, names)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _capability(path: Path) -> str | None:
    parts = path.relative_to(BOT).parts
    return parts[0] if len(parts) > 1 else None


def _modules() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def test_bot_holds_at_most_ten_modules_and_no_prefixes() -> None:
    top = [p.name for p in BOT.glob("*.py")]
    assert len(top) <= 10, top
    prefixed = [
        str(p.relative_to(ROOT))
        for p in _modules()
        if any(p.stem.startswith(f"{c}_") for c in ("threshold", "library", "cli", "decision"))
    ]
    assert prefixed == []


def test_no_module_is_over_300_lines() -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in [*_modules(), *(ROOT / "actions").glob("*.py")]
        if (n := len(p.read_text().splitlines())) > 300
    ]
    assert long == []


def test_bot_never_imports_rasa_outside_channels_even_inside_functions() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules()
        if _capability(path) != "channels"
        for module, _ in _imports(path)
        if module.split(".")[0] in {"rasa", "rasa_sdk"} or module.startswith("bot.channels")
    ]
    assert offenders == []


def test_capabilities_do_not_reach_up_to_the_loader_settings_or_processes() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules()
        if _capability(path) not in {None, "app", "channels"} and path.stem != "cli"
        for module, _ in _imports(path)
        if module.startswith(ENTRY_ONLY)
    ]
    assert offenders == []


def test_a_capability_uses_another_only_through_its_public_modules() -> None:
    public = {c: getattr(importlib.import_module(f"bot.{c}"), "PUBLIC", ()) for c in CAPABILITIES}
    offenders = []
    for path in _modules():
        own = _capability(path)
        for module, names in _imports(path):
            parts = module.split(".")
            if parts[0] != "bot" or len(parts) < 2 or parts[1] not in public or parts[1] == own:
                continue
            used = [parts[2]] if len(parts) > 2 else names
            private = [n for n in names if n.startswith("_")]
            hidden = [m for m in used if m not in public[parts[1]]]
            if private or hidden:
                offenders.append(f"{path.relative_to(ROOT)}: {module} {private or hidden}")
    assert offenders == []


def test_importing_every_module_outside_channels_loads_no_rasa_and_opens_no_connection() -> None:
    names = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in _modules()
        if _capability(p) != "channels" and p.stem != "__main__"
    ]
    script = (
        "import importlib, sys, socket\n"
        "def refuse(*a, **k): raise AssertionError('connected at import time')\n"
        "socket.socket.connect = refuse\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "assert not any(m == 'rasa' or m.startswith(('rasa.', 'rasa_sdk')) for m in sys.modules), 'rasa imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_public_function_has_a_docstring() -> None:
    missing = []
    for path in [*_modules(), *(ROOT / "actions").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            public = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_")
            if public and node.name not in {"name", "run"} and not ast.get_docstring(node):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


def test_no_action_builds_a_button_dict() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "actions").glob("*.py")
        if p.name != "common.py" and ('"payload":' in p.read_text() or "buttons=" in p.read_text())
    ]
    assert offenders == []
