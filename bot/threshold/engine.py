"""The threshold rules engine: from a worry in free text to a recommended level of need, with reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.language import Language

from bot.council.contacts import front_door_now
from bot.council.models import Contact, Profile
from bot.text.danger import DangerDetector
from bot.threshold.age import Age, age_in_text
from bot.threshold.data import Condition, Thresholds
from bot.threshold.recogniser import Reading, Recogniser
from bot.threshold.recognition import IndicatorFinder, Matched, Recognition, needs_met

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Answers:
    """What the worker told the form; UNKNOWN where they said they don't know."""

    danger_now: str | None = None  # yes | no | unknown
    child_voice: str | None = None
    consent: str | None = None  # given | refused | not_asked | unsafe_to_ask | unknown
    in_place: str | None = None


@dataclass
class Assessment:
    """The engine's recommendation: never a decision, always with its reasons."""

    level: int | None
    emergency: bool
    matched: list[Matched]
    negated: list[tuple[str, str]]
    reasons: list[str]
    consider_next: bool
    protocol_actions: list[str]
    contacts: list[Contact]
    age: Age
    unknowns: list[str] = field(default_factory=list)
    answers: Answers = field(default_factory=Answers)
    # Sources of the protocols and modifiers that shaped the level (the level's own come from the data).
    rule_sources: list[str] = field(default_factory=list)
    # Indicators the recogniser is unsure of: shown as "possibly", never counted until confirmed.
    possible: list[Matched] = field(default_factory=list)
    # With no indicator certain, the level the description reads most like (stated as such in the reasons).
    reading: Reading | None = None

    @property
    def needs_more(self) -> bool:
        """True when nothing in the description matched: ask for more, never a silent Level 1."""
        return self.level is None


class ThresholdEngine:
    """Applies a council's thresholds (indicators and rules as data) to a description."""

    def __init__(
        self,
        nlp: Language,
        thresholds: Thresholds,
        profile: Profile,
        danger: DangerDetector,
        recogniser: Recogniser | None = None,
    ) -> None:
        self.data = thresholds
        self.profile = profile
        self._danger = danger
        self.finder = IndicatorFinder(nlp, thresholds, recogniser)

    def extract(self, text: str, age: Age | None = None) -> Recognition:
        """Indicators found (not negated), possible ones, negated ones, and rule phrases hit."""
        return self.finder.find(text, age if age is not None and age.known else age_in_text(text))

    def in_danger(self, text: str) -> bool:
        """True when the text says a child is in danger now (not negated)."""
        return self._danger.find(text) is not None

    def _applies(self, rule_id: str, when: Condition, matched: list[Matched], keys: set[str], age: Age) -> bool:
        ids = {m.indicator.id for m in matched}
        themes = {m.indicator.theme for m in matched if not m.indicator.strength}
        listed = bool(when.indicators or when.themes or when.phrases)
        hit = bool(ids & set(when.indicators)) or bool(themes & set(when.themes))
        hit = hit or any(k.endswith(f":{rule_id}") and not k.startswith("age:") for k in keys)
        combined = bool(when.all_indicators or when.all_themes)
        every = set(when.all_indicators) <= ids and set(when.all_themes) <= themes
        if combined:
            hit = every and (hit or not listed)
        if when.under_months is None:
            return hit
        young = age.unborn or (age.months is not None and age.months < when.under_months) or f"age:{rule_id}" in keys
        return young and (hit or not (listed or combined))

    def assess(
        self,
        text: str,
        when: dt.datetime,
        *,
        age: Age | None = None,
        answers: Answers = Answers(),
        add: tuple[str, ...] = (),
        remove: tuple[str, ...] = (),
    ) -> Assessment:
        """Recommend a level for a description; the worker's additions and removals win."""
        age = age if age is not None and age.known else age_in_text(text)
        found = self.extract(text, age)
        negated, keys = found.negated, found.keys
        matched = [m for m in found.matched if m.indicator.id not in remove]
        taken = {m.indicator.id for m in matched}
        added = [self.finder.indicator(i) for i in add if i not in taken]
        matched += [Matched(indicator, "", 1.0, "worker") for indicator in added if indicator is not None]
        possible = [m for m in found.possible if m.indicator.id not in {*remove, *add}]
        danger = self._danger.find(text)
        emergency = danger is not None or answers.danger_now == "yes"
        concerns = [m for m in matched if not m.indicator.strength]
        strengths = [m for m in matched if m.indicator.strength]
        reasons: list[str] = []
        actions: list[str] = []
        cited: list[str] = [m.indicator.source for m in concerns if m.indicator.source]
        level, reading = self._base_level(text, concerns, strengths, emergency, reasons)
        if emergency:
            level = max(level or 0, self.data.rules.emergency_level)
            said = f' (you wrote "{danger.words}")' if danger else ""
            reasons.append(f"A child may be in danger right now{said}: call 999 first.")
        for protocol in self.data.rules.protocols:
            if self._applies(protocol.id, protocol.when, concerns, keys, age):
                level = max(level or 0, protocol.level)
                reasons.append(f"Protocol: {protocol.title} always means Level {protocol.level}.")
                actions.append(protocol.action)
                cited.append(protocol.source)
        top = [m for m in concerns if m.indicator.level == 4]
        reasons += [f"Level 4 indicator: {m.indicator.wording}{_quote(m.words)}." for m in top]
        consider_next = False
        if level is not None and concerns:
            level, consider_next = self._cumulative(level, concerns, reasons)
        for modifier in self.data.rules.modifiers:
            if level is not None and self._applies(modifier.id, modifier.when, concerns, keys, age):
                cited.append(modifier.source)
                if modifier.effect == "raise" and level < 4:
                    level += 1
                    reasons.append(f"{modifier.title}: this raises the level to {level}.")
                elif level < 4:
                    consider_next = True
                    reasons.append(f"{modifier.title}: consider Level {level + 1} as well.")
        reasons += [
            f"Level {m.indicator.level} indicator: {m.indicator.wording}{_quote(m.words)}."
            for m in sorted(concerns, key=lambda m: -m.indicator.level)
            if m.indicator.level < 4
        ]
        if strengths:
            names = "; ".join(m.indicator.wording for m in strengths)
            reasons.append(f"Strengths noted (they shape the plan but never lower significant harm): {names}.")
        unknowns = self._unknowns(answers, age)
        reasons += unknowns
        return Assessment(
            level,
            emergency,
            matched,
            negated,
            reasons,
            consider_next,
            actions,
            self._contacts(level, emergency, when),
            age,
            unknowns,
            answers,
            cited,
            possible,
            reading,
        )

    def _base_level(
        self, text: str, concerns: list[Matched], strengths: list[Matched], emergency: bool, reasons: list[str]
    ) -> tuple[int | None, Reading | None]:
        """The level before rules: the highest concern; else Level 1 for strengths or needs met; else a reading."""
        if concerns:
            return max(m.indicator.level for m in concerns), None
        # Strengths, or words that say the child's needs are met, still describe the child (Level 1).
        met = needs_met(text) if not emergency else None
        if met:
            reasons.append(
                f'Nothing here points to an additional need, and the child\'s needs sound met (you wrote "{met}").'
            )
        if strengths or met:
            return 1, None
        # Nothing found at all: the description as a whole can still read like one level's cases (Levels 2-4
        # only). That is said as a reading, never as a found indicator; the possible ones stay to be confirmed.
        # With nothing at all, the answer is "tell me more".
        reading = self.finder.read_level(text) if not emergency else None
        if reading is None:
            return None, None
        reasons.append(
            f"No single indicator was certain, but this reads most like a Level {reading.level} description "
            f'(you wrote "{reading.words}"). Confirm or drop the possible indicators, and check it with your manager.'
        )
        return reading.level, reading

    def _cumulative(self, level: int, concerns: list[Matched], reasons: list[str]) -> tuple[int, bool]:
        rule = self.data.rules.cumulative
        count = len(concerns)
        domains = len({m.indicator.domain for m in concerns})
        if level < rule.raise_up_to and count >= rule.raise_indicators and domains >= rule.raise_domains:
            reasons.append(
                f"Cumulative concern: {count} indicators across {domains} domains raise the level to {level + 1}."
            )
            return level + 1, False
        if level < 4 and count >= rule.consider_next_indicators and domains >= rule.consider_next_domains:
            reasons.append(
                f"Cumulative concern: {count} indicators across {domains} domains; consider Level {level + 1}."
            )
            return level, True
        return level, False

    @staticmethod
    def _unknowns(answers: Answers, age: Age) -> list[str]:
        notes = []
        if answers.danger_now == UNKNOWN:
            notes.append(
                "You were not sure whether the child is in danger now: "
                "if there is any chance, treat it as an emergency."
            )
        if answers.child_voice == UNKNOWN:
            notes.append("The child's own account is not known yet: seeing and hearing the child is a priority.")
        if answers.consent == UNKNOWN:
            notes.append("The family's view on a referral is not known yet.")
        if not age.known:
            notes.append("The child's age is not known: babies and very young children need extra care.")
        return notes

    def _contacts(self, level: int | None, emergency: bool, when: dt.datetime) -> list[Contact]:
        profile = self.profile
        door = front_door_now(profile, when).contact
        doors = {profile.front_door.in_hours, profile.front_door.out_of_hours}
        ids = list(self.data.level(level).contacts) if level else []
        if emergency and profile.front_door.emergency not in ids:
            ids.insert(0, profile.front_door.emergency)
        if level and level >= 3 and not doors & set(ids):
            ids.append(door.id)
        chosen = [door.id if i in doors else i for i in ids]
        return [profile.contact(i) for i in dict.fromkeys(chosen)]


def _quote(words: str) -> str:
    return f' (you wrote "{words}")' if words else " (you added this)"
