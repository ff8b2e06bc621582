"""Signed checkpoints: good lines, changed lines, lines signed with another key, the file, the comparison."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from pathlib import Path

import pytest

from bot.storage.chain import Appended
from bot.storage.checkpoints import (
    Checkpoint,
    CheckpointFile,
    SigningKey,
    compare,
    read_line,
    to_line,
)

KEY = SigningKey(b"a-real-key-of-at-least-thirty-two-chars")
OTHER = SigningKey(b"another-real-key-of-thirty-two-characters")
DEV = SigningKey(b"dev-only", development=True)
HEAD = "ab" * 32
CHECKPOINT = Checkpoint("decisions", 7, HEAD, "2026-11-26T10:30:00.000000Z")
NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)


def _edit(line: str, **changes: object) -> str:
    return json.dumps({**json.loads(line), **changes})


def test_a_signed_line_reads_back_as_the_same_checkpoint() -> None:
    line = to_line(CHECKPOINT, KEY)
    assert read_line(line, KEY) == (CHECKPOINT, None)
    assert "\n" not in line and json.loads(line)["key"] == KEY.key_id


@pytest.mark.parametrize(
    "change",
    [{"head": "cd" * 32}, {"row": 8}, {"chain": "reviews"}, {"at": "2027-01-01T00:00:00.000000Z"}, {"sig": "00" * 32}],
    ids=["head", "row", "chain", "time", "signature"],
)
def test_a_changed_line_is_refused(change: dict[str, object]) -> None:
    found, problem = read_line(_edit(to_line(CHECKPOINT, KEY), **change), KEY)
    assert found is None and problem is not None and problem.serious
    assert "signature does not match" in problem.reason


def test_a_line_signed_with_another_key_is_refused_and_named() -> None:
    found, problem = read_line(to_line(CHECKPOINT, OTHER), KEY)
    assert found is None and problem is not None and problem.serious
    assert OTHER.key_id in problem.reason and KEY.key_id in problem.reason
    # Pretending to be signed with our key does not help: the signature is still the other key's.
    found, problem = read_line(_edit(to_line(CHECKPOINT, OTHER), key=KEY.key_id), KEY)
    assert found is None and problem is not None and "signature does not match" in problem.reason


def test_development_lines_are_not_trusted_once_a_real_key_is_set() -> None:
    found, problem = read_line(to_line(CHECKPOINT, DEV), KEY)
    assert found is None and problem is not None and not problem.serious and "development key" in problem.reason
    assert read_line(to_line(CHECKPOINT, DEV), DEV) == (CHECKPOINT, None)


@pytest.mark.parametrize("text", ["", "{", "[]", '{"v": 1}', _edit(to_line(CHECKPOINT, KEY), row=True)])
def test_junk_is_not_a_checkpoint(text: str) -> None:
    found, problem = read_line(text, KEY)
    assert found is None and problem is not None and problem.reason == "not a checkpoint line"


def test_the_key_id_names_the_key_without_revealing_it() -> None:
    assert KEY.key_id != OTHER.key_id and len(KEY.key_id) == 16
    assert SigningKey(b"a-real-key-of-at-least-thirty-two-chars").key_id == KEY.key_id
    assert "thirty" not in repr(KEY) and "thirty" not in to_line(CHECKPOINT, KEY)
    assert DEV.key_id == "development"


def test_the_file_appends_signed_lines_and_reads_them_back(tmp_path: Path) -> None:
    file = CheckpointFile(tmp_path / "var" / "cp.jsonl", KEY, clock=lambda: NOW)
    assert file.read() == ([], [])  # no file yet
    assert file.append([Appended("decisions", 1, HEAD)]) == 1
    assert file.append([Appended("decisions", 2, "cd" * 32), Appended("reviews", 1, "ef" * 32)]) == 2
    good, problems = file.read()
    assert problems == []
    assert [(c.chain, c.row_id, c.at) for c in good] == [
        ("decisions", 1, "2026-11-26T10:30:00.000000Z"),
        ("decisions", 2, "2026-11-26T10:30:00.000000Z"),
        ("reviews", 1, "2026-11-26T10:30:00.000000Z"),
    ]
    assert file.path.stat().st_mode & 0o777 == 0o600


def test_a_line_edited_in_the_file_is_reported_by_its_number(tmp_path: Path) -> None:
    file = CheckpointFile(tmp_path / "cp.jsonl", KEY)
    file.append([Appended("decisions", n, HEAD) for n in (1, 2, 3)])
    lines = file.path.read_text().splitlines()
    lines[1] = _edit(lines[1], head="00" * 32)
    file.path.write_text("\n".join(lines) + "\n")
    good, problems = file.read()
    assert [c.row_id for c in good] == [1, 3]
    assert [(p.chain, p.row_id, p.serious) for p in problems] == [("decisions", 2, True)]
    assert problems[0].reason.startswith("line 2: its signature does not match")


def test_the_file_is_only_ever_appended_to_even_by_many_writers(tmp_path: Path) -> None:
    file = CheckpointFile(tmp_path / "cp.jsonl", KEY)

    def write(start: int) -> None:
        for n in range(start, start + 50):
            file.append([Appended("decisions", n, HEAD)])

    threads = [threading.Thread(target=write, args=(k * 100,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    good, problems = file.read()
    assert problems == [] and len(good) == 200 and len({c.row_id for c in good}) == 200


def test_a_line_left_half_written_does_not_spoil_the_next_one(tmp_path: Path) -> None:
    file = CheckpointFile(tmp_path / "cp.jsonl", KEY)
    file.append([Appended("decisions", 1, HEAD)])
    with file.path.open("a") as handle:
        handle.write('{"v":1,"chain":"deci')  # a writer that died mid-line
    _, problems = file.read()
    assert [p.serious for p in problems] == [False] and "still being written" in problems[0].reason
    file.append([Appended("decisions", 2, HEAD)])
    good, problems = file.read()
    assert [c.row_id for c in good] == [1, 2]
    assert [(p.reason, p.serious) for p in problems] == [("line 2: not a checkpoint line", True)]


def test_a_failed_write_is_logged_loudly_and_never_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the folder should be")
    file = CheckpointFile(blocked / "cp.jsonl", KEY)
    with pytest.raises(OSError):
        file.append([Appended("decisions", 4, HEAD)])
    file.committed([Appended("decisions", 4, HEAD)])  # after a commit: the row is saved, so no exception
    (record,) = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert "CHECKPOINT NOT WRITTEN" in record.getMessage() and "decisions row 4" in record.getMessage()


# --- rows against checkpoints ------------------------------------------------------------------


def _signed(*rows: tuple[int, str], chain: str = "decisions") -> list[Checkpoint]:
    return [Checkpoint(chain, row_id, head, "t") for row_id, head in rows]


ROWS = [(1, "h1"), (2, "h2"), (3, "h3"), (4, "h4")]


def test_rows_matching_their_checkpoints_are_clean() -> None:
    assert compare("decisions", ROWS, _signed(*ROWS)) == []
    assert compare("decisions", ROWS, _signed(*ROWS, chain="reviews")) != []  # another chain's do not count
    assert compare("decisions", [], []) == []


def test_a_recomputed_chain_is_found_at_the_first_changed_row() -> None:
    rewritten = [(1, "h1"), (2, "x2"), (3, "x3"), (4, "x4")]
    (finding,) = compare("decisions", rewritten, _signed(*ROWS))
    assert (finding.chain, finding.row_id, finding.serious) == ("decisions", 2, True)
    assert "recomputed" in finding.reason and "3 signed row(s) differ" in finding.reason


def test_without_its_own_checkpoint_the_change_is_placed_between_two() -> None:
    rewritten = [(1, "h1"), (2, "x2"), (3, "x3"), (4, "x4")]
    findings = compare("decisions", rewritten, _signed((1, "h1"), (3, "h3"), (4, "h4")))
    assert findings[0].row_id == 3 and "in rows 2-3" in findings[0].reason


def test_deleted_newest_rows_are_found() -> None:
    (finding,) = compare("decisions", ROWS[:2], _signed(*ROWS))
    assert finding.row_id == 3 and finding.serious and "the newest rows were deleted" in finding.reason
    assert "and 1 more, up to row 4" in finding.reason


def test_rows_after_the_last_checkpoint_are_reported() -> None:
    (finding,) = compare("decisions", ROWS, _signed(*ROWS[:2]))
    assert finding.row_id == 3 and finding.serious and "not covered by any signed checkpoint" in finding.reason


def test_a_missing_checkpoint_covered_by_a_later_one_is_a_note() -> None:
    (finding,) = compare("decisions", ROWS, _signed((1, "h1"), (3, "h3"), (4, "h4")))
    assert finding.row_id == 2 and not finding.serious and "later checkpoint covers it" in finding.reason
