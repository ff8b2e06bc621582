"""Finding people's names in case notes, with or without a title, in the shapes practitioners write them.

A word is read as a name from what it is (a given name or surname in the gazetteer, not an ordinary English
word), how it is written (capitalised in the middle of a sentence) and where it stands (after "mum", "called" or
"Mr", before "'s nan" or "family", next to another name). Places, services and faiths on the not-names list
stay, and so do ordinary words, unless the context says they are a name ("her daughter Grace").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.gazetteer import Gazetteer, fold, gazetteer

_LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
# A word with its apostrophes and hyphens (O'Brien, Flanagan-Doyle), and an optional possessive 's.
_WORD = re.compile(rf"[{_LETTER}]+(?:['’-][{_LETTER}]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.I)
# Words after which the next capitalised word is a person: relations, roles and naming words.
_RELATIONS_WORDS = """
    mum mummy mam mom mother dad daddy father stepmum stepdad stepmother stepfather nan nana nanny nanna gran
    granny grandma grandmother grandad granddad grandpa grandfather aunt auntie aunty uncle brother sister bro
    sis son daughter cousin partner boyfriend girlfriend husband wife ex fiance fiancee baby child kid boy girl
    toddler teen teenager infant sibling siblings half-brother half-sister stepbrother stepsister twin twins
    friend mate neighbour carer foster-carer lodger tenant landlord friend's called named nicknamed aka alias sw
    worker teacher head headteacher senco dsl nurse midwife hv gp doctor officer pc ps dc coach pastor imam
    priest manager supervisor student pupil youngest eldest oldest middle kids sons daughters boys girls
    brothers sisters cousins grandchildren grandson granddaughter nephew niece baba mama amma appa ammi abbu
    abba anne babcia dziadek tata yaya
    """
_RELATIONS = frozenset(_RELATIONS_WORDS.split())
# Words that follow a surname ("the Nowicki family", "Kofi's mum").
_AFTER_SURNAME_WORDS = """
    family household children kids twins siblings brothers sisters clan
    """
_AFTER_SURNAME = frozenset(_AFTER_SURNAME_WORDS.split())
_REPORTING_WORDS = """
    said says told tells stated states reported reports disclosed discloses explained explains denied denies
    admitted admits asked asks is was has had will would can could did does lives lived attends attended came
    comes went goes rang rings called calls texted seemed seems appeared appears presented became refused
    refuses agreed agrees wants wanted shouted screamed cried hit hits pushed kicked punched seen born needs
    needed likes liked got gets shows showed looked looks missed misses keeps kept ran runs left stayed stays
    sleeps slept aged age arrived arrives returned returns disclosed alleged alleges thinks thought feels felt
    """
_REPORTING = frozenset(_REPORTING_WORDS.split())
# Particles inside a name ("Ibrahim bin Said", "Ana de Souza").
_PARTICLES_WORDS = """
    bin binti bint ibn al el de da di del della van von der den le la dos das ben
    """
_PARTICLES = frozenset(_PARTICLES_WORDS.split())
_NAMING_WORDS = """
    called named nicknamed aka alias
    """
_NAMING = frozenset(_NAMING_WORDS.split())
_CONTRACTION = re.compile(r"(?:n['’]?t|['’](?:s|re|ll|ve|d|m))$")
_TITLES_WORDS = """
    mr mrs ms miss mx dr prof sir dame
    """
_TITLES = frozenset(_TITLES_WORDS.split())
_PLACE_BEFORE_WORDS = """
    st saint hmp hmyoi fort mount port lake
    """
_PLACE_BEFORE = frozenset(_PLACE_BEFORE_WORDS.split())
# "(14)", "(aged 3)", "(mum)", "(dad, from Glasgow)" after a word: the note is introducing a person.
_INTRODUCED = re.compile(
    r"[ \t]*\((?:aged?[ \t]*)?(?:\d{1,2}\b|(?:mum|mother|dad|father|nan|gran|grandma|grandad|aunt|auntie|uncle|"
    r"brother|sister|son|daughter|cousin|partner|boyfriend|girlfriend|step|foster|carer|baby|child)\b)",
    re.I,
)
# Words of one name may be split by a space and a nickname's quotes: "Funmilayo 'Funmi' Ogunleye".
_JOIN = re.compile(r"[ \t]+['‘’\"“”]?|['‘’\"“”][ \t]+")
_PLACE_WORDS_WORDS = """
    in from to at near around towards via outside visiting visit back
    """
_PLACE_WORDS = frozenset(_PLACE_WORDS_WORDS.split())
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n•*>]|\s-|\d\))[\s\"'“‘(\[]*$")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int  # the end of the name part, without a possessive 's
    word: str  # the name part as written
    possessive: bool
    sentence_start: bool
    shouted: bool  # the note is typed in capitals, so "ADEBOWALE" is a capitalised word
    lowered: bool  # the note is typed without capitals, so "mum (chioma)" names someone in lower case

    @property
    def key(self) -> str:
        """The word casefolded, for looking up."""
        return self.word.casefold()

    @property
    def capitalised(self) -> bool:
        """Written with a capital and then lower case (or in a note typed in capitals)."""
        # Acronyms (MASH, CAMHS) are not capitalised words; O'Brien and McDonald are.
        if self.shouted and self.word.isupper():
            return len(self.word) > 1
        # The second letter decides: "GCSEs" and "DNAs" are acronyms in the plural, "O'Brien" is a name.
        return len(self.word) > 1 and self.word[0].isupper() and (self.word[1].islower() or self.word[1] in "'’")


def _tokens(text: str, english: frozenset[str]) -> list[_Token]:
    matches = list(_WORD.finditer(text))
    long_words = [m.group() for m in matches if len(m.group()) > 2]
    # Acronyms are capitals anyway, so only ordinary words in capitals ("WERE", "HOME") say the note is shouted.
    ordinary = [w for w in long_words if w.lower() in english]
    shouted = len(ordinary) >= 3 and sum(w.isupper() for w in ordinary) >= 0.6 * len(ordinary)
    lowered = len(long_words) >= 8 and sum(w[0].isupper() for w in long_words) <= 0.05 * len(long_words)
    found = []
    for match in matches:
        word = match.group()
        possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
        if possessive:
            word = word[:-2]
        before = text[max(0, match.start() - 12) : match.start()]
        found.append(
            _Token(
                match.start(),
                match.start() + len(word),
                word,
                possessive,
                bool(_SENTENCE_END.search(before)),
                shouted,
                lowered,
            )
        )
    return found


class NameFinder:
    """Finds the spans of people's names in free text."""

    def __init__(self, words: Gazetteer | None = None) -> None:
        """Use the given word lists, or the shipped gazetteer."""
        self.words = words or gazetteer()

    def _parts(self, token: _Token) -> list[str]:
        return [p for p in re.split(r"['’-]", token.key) if p]

    def _known(self, token: _Token) -> bool:
        """In the gazetteer as a given name or surname (any part of a hyphenated name)."""
        w = self.words
        return token.key in w.given or any(p in w.given or p in w.surnames for p in self._parts(token))

    def _given(self, token: _Token) -> bool:
        return token.key in self.words.given

    def _english(self, token: _Token) -> bool:
        key, english = token.key, self.words.english
        bare = _CONTRACTION.sub("", key)
        return (
            key in english
            or bare in english
            or (key.endswith("s") and key[:-1] in english)
            or all(p in english for p in self._parts(token))
        )

    def _kept(self, token: _Token) -> bool:
        key = token.key
        return key in self.words.not_names or (key.endswith("s") and key[:-1] in self.words.not_names)

    def _named_by(self, tokens: list[_Token], i: int, text: str) -> bool:
        """The words around say this is a person: "mum Leila", "Mother (Leila)", "Kofi's mum", "the Nowicki family"."""
        token = tokens[i]
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev is not None and prev.key in _RELATIONS | _TITLES:
            gap = text[prev.end : token.start]
            if re.fullmatch(r"(?:['’]s)?[\s(,:'‘\"“]*", gap):
                return True
        if token.possessive and nxt is not None and nxt.key in _RELATIONS:
            return True
        return (
            nxt is not None and nxt.key in _AFTER_SURNAME | {"house", "home"} and prev is not None and prev.key == "the"
        )

    def _place(self, tokens: list[_Token], i: int) -> bool:
        """A town, city or country, unless it is also a given name and nothing says "in" or "from" before it."""
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        places = self.words.places
        two = nxt is not None and fold(f"{token.key} {nxt.key}") in places
        prev = tokens[i - 1] if i else None
        after = prev is not None and prev.capitalised and fold(f"{prev.key} {token.key}") in places
        if not (two or after or fold(token.key) in places):
            return False
        after_place_word = i > 0 and tokens[i - 1].key in _PLACE_WORDS
        return after_place_word or two or not self._given(token)

    def _reported(self, tokens: list[_Token], i: int) -> bool:
        """Followed by a reporting verb or an action: "Cerys said", "Kiran rang"."""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return nxt is not None and nxt.key in _REPORTING and not tokens[i].possessive

    def _is_name(self, tokens: list[_Token], i: int, text: str) -> bool:
        token = tokens[i]
        if len(token.word) < 2 or self._kept(token):
            return False
        if i > 0 and tokens[i - 1].key in _PLACE_BEFORE and tokens[i - 1].word[0].isupper():
            return False
        english = self._english(token)
        if token.capitalised and _INTRODUCED.match(text, token.end) and not token.possessive:
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
        if token.word.islower() and len(token.word) >= 3 and not english:
            named = i > 0 and tokens[i - 1].key in _NAMING
            known = token.key in self.words.given or token.key in self.words.surnames
            return named or known or (token.lowered and self._named_by(tokens, i, text))
        return False

    def _extend(self, tokens: list[_Token], flags: list[bool], text: str) -> None:
        """A capitalised word next to a name is part of it: "Morag MacKenzie", "Sinead Flanagan-Doyle"."""
        for i in range(1, len(tokens)):
            prev, token = tokens[i - 1], tokens[i]
            joined = _JOIN.fullmatch(text[prev.end : token.start]) and not prev.possessive
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
            joined = _JOIN.fullmatch(text[token.end : nxt.start]) and not token.possessive
            if flags[i + 1] and not flags[i] and joined and token.capitalised and not self._kept(token):
                flags[i] = not self._english(token) or self._known(token)

    def _repeat(self, tokens: list[_Token], flags: list[bool]) -> None:
        """A word read as a name once is a name wherever it is capitalised in the same note ("Destiny was ...")."""
        named = {t.key for t, f in zip(tokens, flags, strict=True) if f}
        for i, token in enumerate(tokens):
            after_place_word = i > 0 and tokens[i - 1].key in _PLACE_WORDS and self._place(tokens, i)
            if (
                not flags[i]
                and token.key in named
                and not after_place_word
                and (token.capitalised or not self._english(token))
            ):
                flags[i] = True

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Start and end of every name, a run of name words ("Beverley Adebayo") as one span."""
        tokens = _tokens(text, self.words.english)
        flags = [self._is_name(tokens, i, text) for i in range(len(tokens))]
        self._extend(tokens, flags, text)
        self._repeat(tokens, flags)
        spans: list[tuple[int, int]] = []
        for i, token in enumerate(tokens):
            if not flags[i]:
                continue
            if spans and self._joins(text, tokens, i, spans[-1][1]):
                spans[-1] = (spans[-1][0], token.end)
            else:
                spans.append((token.start, token.end))
        return spans

    def _joins(self, text: str, tokens: list[_Token], i: int, last_end: int) -> bool:
        gap = text[last_end : tokens[i].start]
        if re.fullmatch(r"[ \t]+", gap):
            return True
        words = gap.split()
        return len(words) == 1 and words[0].casefold() in _PARTICLES
