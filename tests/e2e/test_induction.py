"""Induction practice over REST: progress after three scenarios, for the worker and for their supervisor."""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import Stack, buttons, texts

NQSW = "demo-nqsw"
# Three scenarios no conversation file uses, so the counts below move by exactly these answers.
ANSWERS = [  # scenario, level and reasons, next step, what the feedback must say
    ("disability_hearing_aids_starting_nursery",
     "Level 1: Theo is settling in well at nursery, his audiologist is involved and his needs are met",
     "advice to the nursery, no referral needed", "that is the level this case calls for"),
    ("disability_tied_to_a_chair", "level 3, the family need support with his autism and have had no help",
     "an early help assessment", "under-call"),
    ("prebirth_young_first_time_mum", "level 4, she is a care leaver and pregnant so it has to be a section 47",
     "a strategy discussion", "over-call"),
]  # fmt: skip


def _progress(stack: Stack, sender: str) -> str:
    return texts(stack.say(sender, "/practice_progress"))


def _count(pattern: str, said: str) -> int:
    found = re.search(pattern, said)
    return int(found.group(1)) if found else 0


def _practise(stack: Stack, scenario: str, reasons: str, next_step: str) -> str:
    said = stack.say(NQSW, f"/practice_start{json.dumps({'scenario_id': scenario})}")
    stage = 1
    while any(b["title"] == "What happens next?" for b in buttons(said)):
        said = stack.say(NQSW, f"/practice_stage{json.dumps({'practice_stage': str(stage)})}")
        stage += 1
    assert "Which level would you choose" in texts(said)
    assert "what would you do next" in texts(stack.say(NQSW, reasons))
    return texts(stack.say(NQSW, next_step))


def test_progress_after_three_scenarios_for_the_worker_and_their_supervisor(stack: Stack) -> None:
    before = _progress(stack, NQSW)
    done = _count(r"tried (\d+) scenario", before)
    answers = _count(r"\((\d+) answer\(s\) in all\)", before)
    for scenario, reasons, next_step, verdict in ANSWERS:
        assert verdict in _practise(stack, scenario, reasons, next_step), scenario
    after = _progress(stack, NQSW)
    assert f"You have tried {done + 3} scenario(s) ({answers + 3} answer(s) in all)" in after, after
    assert "Disability and special educational needs" in after and "Pre-birth" in after
    assert re.search(r"\(\d+ under-call\(s\), \d+ over-call\(s\)\)", after)
    assert _count(r"(\d+) under-call", after) >= 1 and _count(r"(\d+) over-call", after) >= 1
    team = _progress(stack, "demo-supervisor")
    assert f"Demo Newly Qualified Social Worker: {done + 3} scenario(s)" in team, team
    own = _progress(stack, "demo-worker")  # a practitioner sees only their own practice, never a colleague's
    assert "Newly Qualified" not in own and "You have" in own
