"""Actions for induction practice: choose a scenario, unfold it, hints, the answer, feedback, progress."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GuidedFormValidation, clear, entity, send, who
from bot.app.bootstrap import actions_root
from bot.dialogue import Reply, with_way_out
from bot.induction import dialogue as words
from bot.induction import feedback, progress
from bot.induction.answers import level_only, read_level
from bot.induction.data import Scenario

Domain = dict[str, Any]
Slots = dict[str, Any]

ANSWER_SLOTS = ("practice_answer", "practice_next_step", "practice_level_pending")
PRACTICE_SLOTS = ("practice_scenario", "practice_stage", "practice_shown", "practice_hints", *ANSWER_SLOTS)
NOT_CHOSEN = Reply("Which scenario? Say 'practise a decision' to see the list.")


def _scenario(tracker: Tracker) -> Scenario | None:
    return actions_root().council.scenarios.get(str(tracker.get_slot("practice_scenario") or ""))


def _number(value: Any, default: int = 0) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


class ActionStartPractice(Action):
    """The scenarios to choose from, the ones not yet tried first."""

    def name(self) -> str:
        return "action_start_practice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        reply = progress.choose(root.uow, who(tracker), root.council.scenarios, entity(tracker, "theme"), root.clock())
        return [*send(dispatcher, reply), *clear(tracker, PRACTICE_SLOTS)]


class ActionChooseScenario(Action):
    """Starts the chosen scenario at its first stage."""

    def name(self) -> str:
        return "action_choose_scenario"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        chosen = entity(tracker, "scenario_id") or ""
        scenario = actions_root().council.scenarios.get(chosen)
        if scenario is None:
            return send(dispatcher, NOT_CHOSEN)
        return [
            *clear(tracker, ANSWER_SLOTS),
            SlotSet("practice_scenario", scenario.id),
            SlotSet("practice_stage", 0),
            SlotSet("practice_shown", None),
            SlotSet("practice_hints", 0),
        ]


class ActionAskPracticeAnswer(Action):
    """Shows the stage not yet shown (the last one asks for a level); otherwise asks again, briefly."""

    def name(self) -> str:
        return "action_ask_practice_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        scenario = _scenario(tracker)
        if scenario is None:
            return send(dispatcher, NOT_CHOSEN)
        stage, shown = _number(tracker.get_slot("practice_stage")), tracker.get_slot("practice_shown")
        if shown is None or _number(shown) != stage:
            return [*send(dispatcher, words.present(scenario, stage)), SlotSet("practice_shown", stage)]
        hints = _number(tracker.get_slot("practice_hints"))
        if tracker.get_slot("practice_level_pending"):
            return []  # the validation has just asked for the reasons behind the level given
        again = Reply(with_way_out("Which level would you choose (1 to 4), and why?"), words.answer_choices(hints))
        return send(dispatcher, again)


class ActionPracticeStage(Action):
    """The next stage of the case: new information the worker reads before answering."""

    def name(self) -> str:
        return "action_practice_stage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        scenario = _scenario(tracker)
        wanted = _number(entity(tracker, "practice_stage"), _number(tracker.get_slot("practice_stage")) + 1)
        last = len(scenario.stages) - 1 if scenario else 0
        return [SlotSet("practice_stage", max(0, min(wanted, last)))]


class ActionPracticeHint(Action):
    """One clue at a time."""

    def name(self) -> str:
        return "action_practice_hint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        scenario = _scenario(tracker)
        if scenario is None:
            return send(dispatcher, NOT_CHOSEN)
        number = _number(entity(tracker, "hint_number"), _number(tracker.get_slot("practice_hints")) + 1)
        return [*send(dispatcher, feedback.hint(scenario, number)), SlotSet("practice_hints", number)]


class ActionPracticeReveal(Action):
    """The expected level, route and model answer; the scenario ends here."""

    def name(self) -> str:
        return "action_practice_reveal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        scenario = _scenario(tracker)
        if scenario is None:
            return send(dispatcher, NOT_CHOSEN)
        shown = feedback.reveal(scenario)
        send(dispatcher, Reply(shown.text, (*shown.choices, *words.AFTER_FEEDBACK)))
        return [ActiveLoop(None), SlotSet("requested_slot", None), *clear(tracker, ANSWER_SLOTS)]


class ValidatePracticeForm(GuidedFormValidation, FormValidationAction):
    """A level that can be read, with reasons (asked for apart when the level came alone); any next step."""

    def name(self) -> str:
        return "validate_practice_form"

    def validate_practice_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """The level and the reasons, read from the worker's own words (or a level button, then the reasons)."""
        said, pending = str(value or "").strip(), tracker.get_slot("practice_level_pending")
        level = read_level(said)
        if level.level is None and pending and level.problem in ("unclear", "empty", "dont_know"):
            said = f"Level {pending}: {said}"  # the reasons for the level given just before
            level = read_level(said)
        problem = words.level_problem(level)
        if problem is None and level.level is not None and level_only(said):
            send(dispatcher, words.reasons_for(level.level))
            return {"practice_answer": None, "practice_level_pending": str(level.level)}
        problem = problem or words.reasons_problem(said)
        if problem is not None:
            send(dispatcher, problem)
            return {"practice_answer": None}
        return {"practice_answer": said, "practice_level_pending": None}


class ActionPracticeFeedback(Action):
    """Feedback that names the gap, the model answer, a question to reflect on; the attempt saved."""

    def name(self) -> str:
        return "action_practice_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        said = str(tracker.get_slot("practice_answer") or "")
        attempt = feedback.Attempt(
            said, said, str(tracker.get_slot("practice_next_step") or ""), _number(tracker.get_slot("practice_hints"))
        )
        reply = progress.submit(
            root.uow, root.engine, who(tracker), scenario=_scenario(tracker), attempt=attempt, now=root.clock()
        )
        send(dispatcher, reply.followed_by(Reply("What next?", words.AFTER_FEEDBACK)))
        return clear(tracker, ANSWER_SLOTS)


class ActionPracticeRetry(Action):
    """Answer the same scenario again (the first try is what progress measures)."""

    def name(self) -> str:
        return "action_practice_retry"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        if _scenario(tracker) is None:
            return send(dispatcher, NOT_CHOSEN)
        return clear(tracker, ANSWER_SLOTS)


class ActionPracticeProgress(Action):
    """The worker's own progress; a supervisor's is their newly qualified workers'."""

    def name(self) -> str:
        return "action_practice_progress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        bank, now = root.council.scenarios, root.clock()
        if tracker.get_slot("role") == "supervisor":
            return send(dispatcher, progress.team_progress(root.uow, who(tracker), bank, now))
        return send(dispatcher, progress.my_progress(root.uow, who(tracker), bank, now))


class ActionSkipPractice(Action):
    """Leaves this scenario unanswered (nothing kept) and offers the next ones."""

    def name(self) -> str:
        return "action_skip_practice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        reply = progress.choose(root.uow, who(tracker), root.council.scenarios, None, root.clock())
        send(dispatcher, Reply(words.SKIPPED).followed_by(reply))
        return [ActiveLoop(None), SlotSet("requested_slot", None), *clear(tracker, PRACTICE_SLOTS)]


class ActionCancelPractice(Action):
    """Leaves the scenario: nothing of this answer is kept."""

    def name(self) -> str:
        return "action_cancel_practice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        left = Reply("OK, I've left the practice scenario; this answer was not kept.", words.AFTER_FEEDBACK[1:])
        send(dispatcher, left)
        return [ActiveLoop(None), SlotSet("requested_slot", None), *clear(tracker, ANSWER_SLOTS)]
