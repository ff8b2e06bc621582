"""`bot/` stays free of Rasa outside bot/channels, and nothing connects at import time."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.settings import ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_bot_never_imports_rasa_outside_channels() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if "channels" not in path.parts and _imports(path) & {"rasa", "rasa_sdk"}
    ]
    assert offenders == []


def test_every_public_function_has_a_docstring() -> None:
    missing = []
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "actions").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            public = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_")
            if public and node.name not in {"name", "run"} and not ast.get_docstring(node):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []
