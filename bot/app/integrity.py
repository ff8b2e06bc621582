"""`python -m bot decisions verify|checkpoint`, and the checkpoint file every process writes to."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from bot.clock import Clock, system_clock
from bot.settings import Settings, settings_from_env
from bot.storage.checkpoints import CheckpointFile, SigningKey

if TYPE_CHECKING:
    from bot.decisions.integrity import Report

EXIT_OK, EXIT_ERROR = 0, 1
DEVELOPMENT_NOTE = (
    "note: the checkpoints are signed with the development key (CHAIN_KEY is not set); anyone with this "
    "code can sign their own, so they prove nothing outside development"
)


def checkpoint_file(settings: Settings, clock: Clock = system_clock) -> CheckpointFile:
    """The signed checkpoint file named by the settings, with the key from CHAIN_KEY (or the development key)."""
    secret, development = settings.chain_signing_key
    return CheckpointFile(settings.checkpoints_path, SigningKey(secret, development=development), clock)


def cmd_decisions_verify(args: argparse.Namespace) -> int:
    """Check the hash chains, their heads and the signed checkpoints; name each chain and row that does not fit."""
    from bot.decisions.integrity import check
    from bot.storage.db import make_engine, unit_of_work

    settings = settings_from_env()
    checkpoints = checkpoint_file(settings)
    engine = make_engine(settings.db_url)
    with unit_of_work(engine, read_only=True) as session:
        report = check(session, checkpoints)
    engine.dispose()
    path = str(checkpoints.path)
    print(json.dumps(_as_json(report, path), indent=2) if args.json else "\n".join(_lines(report, path)))
    return EXIT_OK if report.ok else EXIT_ERROR


def _lines(report: Report, path: str) -> list[str]:
    lines = []
    if report.broken is not None:
        where = f"row {report.broken.row_id}" if report.broken.row_id is not None else "end of the chain"
        lines.append(f"BROKEN: {report.broken.table} {where}: {report.broken.reason}")
    for finding in report.findings:
        where = f" row {finding.row_id}" if finding.row_id is not None else ""
        lines.append(f"{'BROKEN' if finding.serious else 'note'}: {finding.chain}{where}: {finding.reason}")
    if report.ok:
        counts = ", ".join(f"{name} {count} row(s)" for name, count in report.rows.items())
        lines.insert(
            0, f"OK: the decision log is intact ({counts}; {report.checkpoints} signed checkpoint(s) in {path})"
        )
    if report.development_key:
        lines.append(DEVELOPMENT_NOTE)
    return lines


def _as_json(report: Report, path: str) -> dict[str, object]:
    return {
        "ok": report.ok,
        "broken": asdict(report.broken) if report.broken else None,
        "findings": [asdict(f) for f in report.findings],
        "rows": report.rows,
        "checkpoints": report.checkpoints,
        "checkpoint_file": path,
        "development_key": report.development_key,
    }


def cmd_decisions_checkpoint(args: argparse.Namespace) -> int:
    """Sign each chain's current head (after checking the chains), e.g. after a checkpoint could not be written."""
    from bot.decisions.integrity import sign_heads
    from bot.storage.chain import Break
    from bot.storage.db import make_engine, unit_of_work

    settings = settings_from_env()
    checkpoints = checkpoint_file(settings)
    engine = make_engine(settings.db_url)
    with unit_of_work(engine, read_only=True) as session:
        signed = sign_heads(session, checkpoints)
    engine.dispose()
    if isinstance(signed, Break):
        where = f"row {signed.row_id}" if signed.row_id is not None else "end of the chain"
        print(f"BROKEN: {signed.table} {where}: {signed.reason}; nothing was signed")
        return EXIT_ERROR
    for head in signed:
        print(f"signed {head.chain} row {head.row_id} in {checkpoints.path}")
    if not signed:
        print("nothing to sign: both chains are empty")
    if checkpoints.key.development:
        print(DEVELOPMENT_NOTE)
    return EXIT_OK
