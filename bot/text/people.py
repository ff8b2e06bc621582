"""Finding people's names in case notes, with or without a title, in the shapes practitioners write them.

A word is read as a name from what it is (a given name or surname in the gazetteer, not an ordinary English
word), how it is written (capitalised in the middle of a sentence) and where it stands (after "mum", "called" or
"Mr", before "'s nan" or "family", next to another name). Places, services and faiths on the not-names list
stay, and so do ordinary words, unless the context says they are a name ("her daughter Grace").
"""

from __future__ import annotations

import re

from bot.text.gazetteer import Gazetteer, fold, gazetteer
from bot.text.name_words import (
    AFTER_SURNAME,
    CONTRACTION,
    INTRODUCED,
    JOIN,
    LISTED,
    NAMING,
    PARTICLES,
    PLACE_BEFORE,
    PLACE_WORDS,
    RELATIONS,
    REPORTING,
    TITLES,
    Token,
    read_tokens,
)


class NameFinder:
    """Finds the spans of people's names in free text."""

    def __init__(self, words: Gazetteer | None = None) -> None:
        """Use the given word lists, or the shipped gazetteer."""
        self.words = words or gazetteer()

    def _parts(self, token: Token) -> list[str]:
        return [p for p in re.split(r"['’-]", token.key) if p]

    def _known(self, token: Token) -> bool:
        """In the gazetteer as a given name or surname (any part of a hyphenated name)."""
        w = self.words
        return token.key in w.given or any(p in w.given or p in w.surnames for p in self._parts(token))

    def _given(self, token: Token) -> bool:
        return token.key in self.words.given

    def _english(self, token: Token) -> bool:
        key, english = token.key, self.words.english
        bare = CONTRACTION.sub("", key)
        return (
            key in english
            or bare in english
            or (key.endswith("s") and key[:-1] in english)
            or all(p in english for p in self._parts(token))
        )

    def _kept(self, token: Token) -> bool:
        key = token.key
        return key in self.words.not_names or (key.endswith("s") and key[:-1] in self.words.not_names)

    def _named_by(self, tokens: list[Token], i: int, text: str, strong: bool = False) -> bool:
        """The words around say this is a person: "mum Leila", "Mother (Leila)", "Kofi's mum", "the Nowicki family"."""
        token = tokens[i]
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev is not None and prev.key in RELATIONS | TITLES:
            gap = text[prev.end : token.start]
            # "Child Protection Plan" is a thing: a run of capitalised ordinary words after the relation word.
            phrase = nxt is not None and nxt.capitalised and self._english(nxt) and not self._known(nxt)
            if re.fullmatch(r"(?:['’]s)?[\s(,:'‘\"“]*", gap) and not (phrase and self._english(token)):
                return True
        if prev is not None and len(prev.word) == 1 and prev.word.isupper():
            # An initial before a surname: "J. Smith", "K Patel" ("I" and "A" only with a full stop).
            gap = text[prev.end : token.start]
            if re.fullmatch(r"\.[ \t]*", gap) or (prev.word not in "IA" and re.fullmatch(r"[ \t]+", gap)):
                return True
        if strong:
            return False
        if token.possessive and nxt is not None and nxt.key in RELATIONS:
            return True
        return (
            nxt is not None and nxt.key in AFTER_SURNAME | {"house", "home"} and prev is not None and prev.key == "the"
        )

    def _place(self, tokens: list[Token], i: int) -> bool:
        """A town, city or country, unless it is also a given name and nothing says "in" or "from" before it."""
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        places = self.words.places
        two = nxt is not None and fold(f"{token.key} {nxt.key}") in places
        prev = tokens[i - 1] if i else None
        after = prev is not None and prev.capitalised and fold(f"{prev.key} {token.key}") in places
        if not (two or after or fold(token.key) in places):
            return False
        after_place_word = i > 0 and tokens[i - 1].key in PLACE_WORDS
        return after_place_word or two or not self._given(token)

    def _reported(self, tokens: list[Token], i: int) -> bool:
        """Followed by a reporting verb or an action: "Cerys said", "Kiran rang"."""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return nxt is not None and nxt.key in REPORTING and not tokens[i].possessive

    def _is_name(self, tokens: list[Token], i: int, text: str) -> bool:
        token = tokens[i]
        if len(token.word) < 2:
            return False
        if self._kept(token):
            # "Dad Kingston", "Mum Chelsea": a place that is also a given name, straight after a relation.
            return self._given(token) and self._named_by(tokens, i, text, strong=True)
        if i > 0 and tokens[i - 1].key in PLACE_BEFORE and tokens[i - 1].word[0].isupper():
            return False
        prev = tokens[i - 1] if i > 0 else None
        after_place = prev is not None and prev.capitalised and fold(prev.key) in self.words.places
        if after_place and prev is not None and re.fullmatch(r"[ \t]+", text[prev.end : token.start]):
            # "Tottenham Hale", "Leeds Road": the word after a place names part of it (a name after a place
            # that is a person's given name is still found, by the surname rule).
            return False
        english = self._english(token)
        if token.capitalised and INTRODUCED.match(text, token.end) and not token.possessive:
            return True
        if token.capitalised and self._place(tokens, i):
            return self._named_by(tokens, i, text)
        if token.capitalised:
            if not english:
                return (
                    not token.sentence_start
                    or self._known(token)
                    or token.possessive
                    or self._reported(tokens, i)
                    or self._named_by(tokens, i, text)
                )
            if self._named_by(tokens, i, text):
                return True
            # An ordinary word that is also a given name, capitalised mid-sentence: "told Grace", "with Will".
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            org = (
                nxt is not None
                and nxt.capitalised
                and (not self._known(nxt) or self._kept(nxt) or self._place(tokens, i + 1))
            )
            prev = tokens[i - 1] if i > 0 else None
            # "Self Harm", "Early Help": capitalised ordinary words in a row are the name of a thing.
            phrase = prev is not None and prev.capitalised and self._english(prev) and not self._given(prev)
            return not token.sentence_start and not token.shouted and self._given(token) and not org and not phrase
        if token.word.islower() and i > 0 and tokens[i - 1].key in NAMING and self._given(token):
            # "a lodger called frank": a given name after "called" is a name even when it is also a word.
            return True
        if token.word.islower() and len(token.word) >= 3 and not english:
            named = i > 0 and tokens[i - 1].key in NAMING
            known = token.key in self.words.given or token.key in self.words.surnames
            # "uncle dele", "mum (funmilayo)": a name from the lists, or any word that is no English word in
            # brackets, straight after a relation ("nan's landline" is the nan's, not a name).
            prev = tokens[i - 1] if i > 0 else None
            bracketed = prev is not None and "(" in text[prev.end : token.start]
            related = (
                prev is not None
                and not prev.possessive
                and (known or bracketed)
                and self._named_by(tokens, i, text, strong=True)
            )
            return named or known or related or (token.lowered and self._named_by(tokens, i, text))
        return False

    def _extend(self, tokens: list[Token], flags: list[bool], text: str) -> None:
        """A capitalised word next to a name is part of it: "Morag MacKenzie", "Sinead Flanagan-Doyle"."""
        for i in range(1, len(tokens)):
            prev, token = tokens[i - 1], tokens[i]
            joined = JOIN.fullmatch(text[prev.end : token.start]) and not prev.possessive
            # A kept word can still be a surname after a given name: "Kemi Preston", not the city.
            kept = self._kept(token) and token.key not in self.words.surnames
            if not joined or kept or flags[i] == flags[i - 1]:
                continue
            lower = token.word.islower() and prev.word.islower() and not self._english(token)
            surname = token.capitalised and (not self._english(token) or self._known(token))
            if flags[i - 1] and (surname or lower):
                flags[i] = True
        for i in range(len(tokens) - 2, -1, -1):
            token, nxt = tokens[i], tokens[i + 1]
            joined = JOIN.fullmatch(text[token.end : nxt.start]) and not token.possessive
            if not (flags[i + 1] and not flags[i] and joined and token.capitalised):
                continue
            # "Father Jun Chen": between a relation word and a surname, a capitalised word is the given name,
            # even when it is also a month or a word.
            after_relation = i > 0 and tokens[i - 1].key in RELATIONS | TITLES and token.key not in RELATIONS | TITLES
            flags[i] = after_relation or (not self._kept(token) and (not self._english(token) or self._known(token)))

    def _bridge(self, tokens: list[Token], flags: list[bool], text: str) -> None:
        """A capitalised word between two name words is part of the name: "Mei Ling Chen"."""
        for i in range(1, len(tokens) - 1):
            prev, token, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
            spaced = re.fullmatch(r"[ \t]+", text[prev.end : token.start]) and re.fullmatch(
                r"[ \t]+", text[token.end : nxt.start]
            )
            if flags[i - 1] and flags[i + 1] and not flags[i] and token.capitalised and spaced and not prev.possessive:
                flags[i] = True

    def _lists(self, tokens: list[Token], flags: list[bool], text: str) -> None:
        """Names in a list are names: "Hope, Tobi and Zion", "Rocky and Kai" (capitalised, not a place)."""
        for _ in range(2):
            for i, token in enumerate(tokens):
                if flags[i] or not token.capitalised or self._kept(token) or self._place(tokens, i):
                    continue
                after = i + 2 if i + 2 < len(tokens) and tokens[i + 1].key == "and" else i + 1
                before = i - 2 if i > 1 and tokens[i - 1].key == "and" else i - 1
                for j in (before, after):
                    if not 0 <= j < len(tokens) or not flags[j]:
                        continue
                    a, b = (tokens[j], token) if j < i else (token, tokens[j])
                    if LISTED.fullmatch(text[a.end + (2 if a.possessive else 0) : b.start]):
                        flags[i] = True

    def _initials(self, tokens: list[Token], flags: list[bool], text: str) -> None:
        """The initial before a name, and particles between two names ("Nguyen van Duc")."""
        for i in range(len(tokens) - 1):
            token, nxt = tokens[i], tokens[i + 1]
            if flags[i] or not flags[i + 1]:
                continue
            gap = text[token.end : nxt.start]
            if len(token.word) == 1 and token.word.isupper() and re.fullmatch(r"\.?[ \t]+", gap):
                flags[i] = token.word not in "IA" or gap.startswith(".")
        for i in range(1, len(tokens) - 1):
            if tokens[i].key in PARTICLES and flags[i - 1] and not flags[i + 1]:
                nxt = tokens[i + 1]
                flags[i + 1] = nxt.capitalised or (nxt.word.islower() and not self._english(nxt))

    def _repeat(self, tokens: list[Token], flags: list[bool]) -> None:
        """A word read as a name once is a name wherever it is capitalised in the same note ("Destiny was ...")."""
        named = {t.key for t, f in zip(tokens, flags, strict=True) if f}
        for i, token in enumerate(tokens):
            after_place_word = i > 0 and tokens[i - 1].key in PLACE_WORDS and self._place(tokens, i)
            # "the Youth Justice Service" is a service even in a note about a young man called Justice.
            in_phrase = 0 < i < len(tokens) - 1 and tokens[i - 1].capitalised and tokens[i + 1].capitalised
            in_phrase = in_phrase and self._english(token) and not flags[i - 1] and not flags[i + 1]
            if (
                not flags[i]
                and token.key in named
                and not after_place_word
                and not in_phrase
                and (token.capitalised or not self._english(token))
            ):
                flags[i] = True

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Start and end of every name, a run of name words ("Beverley Adebayo") as one span."""
        tokens = read_tokens(text, self.words.english)
        flags = [self._is_name(tokens, i, text) for i in range(len(tokens))]
        self._extend(tokens, flags, text)
        self._lists(tokens, flags, text)
        self._initials(tokens, flags, text)
        self._bridge(tokens, flags, text)
        self._repeat(tokens, flags)
        spans: list[tuple[int, int]] = []
        for i, token in enumerate(tokens):
            if not flags[i]:
                continue
            if spans and self._joins(text, tokens, i, spans[-1][1]):
                spans[-1] = (spans[-1][0], token.end)
            else:
                spans.append((token.start, token.end))
        return _merge(spans, [(m.start(), m.end()) for m in _LETTER_NAMES.finditer(text)])

    def _joins(self, text: str, tokens: list[Token], i: int, last_end: int) -> bool:
        gap = text[last_end : tokens[i].start]
        if re.fullmatch(r"[ \t]+", gap):
            return True
        # "Lotte van der Berg": one to three particles between two name words.
        words = gap.split()
        return 1 <= len(words) <= 3 and all(w.casefold() in PARTICLES for w in words)


# Names written as letters: initials with full stops ("J.B."), a title and one letter ("Mr K"), and a letter
# someone is known by ("known as T").
_LETTER_NAMES = re.compile(
    r"(?<![\w.])(?!(?:D\.O\.B|U\.K|A\.M|P\.M|N\.B|E\.G|I\.E|P\.S|G\.P|U\.S|A\.K\.A)\.)(?:[A-Z]\.){2,3}(?!\w)"
    r"|\b(?:Mr|MR|Mrs|MRS|Ms|MS|Miss|MISS|Mx|MX|Dr|DR)\.?[ \t]+[A-Z]\b(?![.'’]?\w)"
    r"|(?<=\b(?i:known as) )['‘\"“]?[A-Z]\b['’\"”]?(?!\w)"
)


def _merge(spans: list[tuple[int, int]], more: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Both lists of spans as one, sorted, overlapping spans joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted([*spans, *more]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
