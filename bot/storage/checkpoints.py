"""Signed checkpoints of the chain heads, one JSON line each, in an append-only file outside the database.

Someone who can write to the database can change a row, recompute every hash after it and the
chain head, and the chain still fits. They cannot sign a checkpoint without the key, so the rows
no longer match the heads signed as each row was committed (`compare` says which chain and row).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac

from bot.clock import Clock, system_clock
from bot.storage.chain import Appended, canonical_time

logger = logging.getLogger(__name__)

VERSION = 1
DEVELOPMENT = "development"
FIELDS = ("v", "chain", "row", "head", "at", "key")


@dataclass(frozen=True)
class Checkpoint:
    """A chain's head as it was when a row was committed: chain, row id, head hash and time (UTC)."""

    chain: str
    row_id: int
    head: str
    at: str


@dataclass(frozen=True)
class Finding:
    """Something that does not fit: where (chain and row) and why; notes are not failures."""

    chain: str
    row_id: int | None
    reason: str
    serious: bool = True


class SigningKey:
    """The HMAC-SHA256 key that signs checkpoints; lines name it by an id that does not reveal it."""

    def __init__(self, secret: bytes, *, development: bool = False) -> None:
        self._secret = secret
        self.development = development
        self.key_id = DEVELOPMENT if development else self._mac(b"practice-companion checkpoint key id")[:16]

    def __repr__(self) -> str:
        return f"SigningKey({self.key_id!r})"

    def _mac(self, data: bytes) -> str:
        mac = hmac.HMAC(self._secret, hashes.SHA256())
        mac.update(data)
        return mac.finalize().hex()

    def sign(self, data: bytes) -> str:
        """The signature of data, in hex."""
        return self._mac(data)

    def verify(self, data: bytes, signature: str) -> bool:
        """True when signature is this key's signature of data (compared in constant time)."""
        mac = hmac.HMAC(self._secret, hashes.SHA256())
        mac.update(data)
        try:
            mac.verify(bytes.fromhex(signature))
        except (InvalidSignature, ValueError):
            return False
        return True


def _signed_part(fields: dict[str, object]) -> bytes:
    return json.dumps({k: fields[k] for k in FIELDS}, sort_keys=True, separators=(",", ":")).encode()


def to_line(checkpoint: Checkpoint, key: SigningKey) -> str:
    """One signed line (without its newline)."""
    fields: dict[str, object] = {
        "v": VERSION,
        "chain": checkpoint.chain,
        "row": checkpoint.row_id,
        "head": checkpoint.head,
        "at": checkpoint.at,
        "key": key.key_id,
    }
    return json.dumps({**fields, "sig": key.sign(_signed_part(fields))}, sort_keys=True, separators=(",", ":"))


def read_line(text: str, key: SigningKey) -> tuple[Checkpoint | None, Finding | None]:
    """The checkpoint a line holds if its signature is good; otherwise what is wrong with it."""
    try:
        data = json.loads(text)
        ok = isinstance(data, dict) and set(data) == {*FIELDS, "sig"} and data["v"] == VERSION
        ok = ok and all(isinstance(data[k], str) for k in ("chain", "head", "at", "key", "sig"))
        ok = ok and isinstance(data["row"], int) and not isinstance(data["row"], bool)
    except ValueError:
        ok = False
    if not ok:
        return None, Finding("checkpoints", None, "not a checkpoint line")
    chain, row = data["chain"], data["row"]
    if data["key"] != key.key_id:
        if data["key"] == DEVELOPMENT:  # from before CHAIN_KEY was set: not trusted, not a fault
            return None, Finding(chain, row, "signed with the development key, so not trusted", serious=False)
        return None, Finding(chain, row, f"signed with another key (key id {data['key']}; this key is {key.key_id})")
    if not key.verify(_signed_part(data), data["sig"]):
        return None, Finding(chain, row, "its signature does not match (the checkpoint line was changed)")
    return Checkpoint(chain, row, data["head"], data["at"]), None


class CheckpointFile:
    """The append-only file of signed checkpoints: written after each commit, read by verify."""

    def __init__(self, path: Path, key: SigningKey, clock: Clock = system_clock) -> None:
        self.path, self.key, self._clock = path, key, clock

    def append(self, heads: Iterable[Appended]) -> int:
        """Sign and append one line per head, in one write, synced to disk; OSError when it cannot."""
        at = canonical_time(self._clock()) + "Z"
        lines = [to_line(Checkpoint(h.chain, h.row_id, h.head, at), self.key) for h in heads]
        if not lines:
            return 0
        data = "".join(f"{line}\n" for line in lines).encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # a writer stopped mid-line: keep that fragment off our first line
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        return len(lines)

    def committed(self, appended: Sequence[Appended]) -> None:
        """After a commit: checkpoint what it appended. The rows are saved whatever happens here."""
        try:
            self.append(appended)
        except Exception:
            # Never turn a saved record into a failure: shout, and `decisions verify` reports the gap
            # until the next save (or `decisions checkpoint`) signs a head that covers these rows.
            rows = ", ".join(f"{a.chain} row {a.row_id}" for a in appended)
            logger.critical("CHECKPOINT NOT WRITTEN to %s for %s (the rows are saved)", self.path, rows, exc_info=True)

    def read(self) -> tuple[list[Checkpoint], list[Finding]]:
        """Every checkpoint with a good signature, and what is wrong with each other line."""
        if not self.path.exists():
            return [], []
        good: list[Checkpoint] = []
        problems: list[Finding] = []
        text = self.path.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            found, problem = read_line(line, self.key)
            if found is not None:
                good.append(found)
            elif problem is not None:
                # The last line without its newline may still be being written by another process.
                last = number == len(lines)
                reason = f"line {number}: {problem.reason}" + (" (the last line, still being written?)" if last else "")
                problems.append(Finding(problem.chain, problem.row_id, reason, problem.serious and not last))
        return good, problems


def _more(rows: Sequence[int]) -> str:
    return "" if len(rows) == 1 else f" (and {len(rows) - 1} more, up to row {rows[-1]})"


def compare(chain: str, rows: Iterable[tuple[int, str]], checkpoints: Iterable[Checkpoint]) -> list[Finding]:
    """What does not fit between a chain's rows, as (id, row hash), and its signed checkpoints."""
    stored = dict(rows)
    signed: dict[int, set[str]] = {}
    for checkpoint in checkpoints:
        if checkpoint.chain == chain:
            signed.setdefault(checkpoint.row_id, set()).add(checkpoint.head)
    findings: list[Finding] = []
    changed = sorted(r for r, heads in signed.items() if r in stored and heads != {stored[r]})
    if changed:
        first = changed[0]
        # Rows up to the last checkpoint that still matches are as signed: the change is after it.
        good = max((r for r in signed if r < first and r in stored), default=0)
        suspects = sorted(r for r in stored if good < r <= first)
        where = "" if suspects == [first] else f" in rows {suspects[0]}-{first}"
        reason = (
            "does not match the checkpoint signed when it was saved: the rows and the chain head were "
            f"recomputed after a change{where} ({len(changed)} signed row(s) differ)"
        )
        findings.append(Finding(chain, first, reason))
    deleted = sorted(r for r in signed if r not in stored)
    if deleted:
        what = "the newest rows were deleted" if deleted[0] > max(stored, default=0) else "rows were deleted"
        findings.append(
            Finding(chain, deleted[0], f"signed in a checkpoint but not in the database{_more(deleted)}: {what}")
        )
    last_signed = max(signed, default=0)
    unsigned = sorted(r for r in stored if r > last_signed)
    if unsigned:
        reason = (
            f"not covered by any signed checkpoint{_more(unsigned)}: either the checkpoint file could not be "
            "written (see the log; the next save, or `python -m bot decisions checkpoint`, signs them) or the "
            "rows were added outside the assistant"
        )
        findings.append(Finding(chain, unsigned[0], reason))
    covered = sorted(r for r in stored if r <= last_signed and r not in signed)
    if covered:
        reason = (
            f"has no checkpoint of its own{_more(covered)} (one could not be written); a later checkpoint covers it"
        )
        findings.append(Finding(chain, covered[0], reason, serious=False))
    return findings
