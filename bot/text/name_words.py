"""The words and shapes the name finder reads: relation and reporting words, particles, and tokens of a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ɏḀ-ỿ"
# A word with its apostrophes and hyphens (O'Brien, Flanagan-Doyle), and an optional possessive 's.
WORD = re.compile(rf"[{LETTER}]+(?:['’-][{LETTER}]+)*")
POSSESSIVE = re.compile(r"['’]s$", re.I)
# Words after which the next capitalised word is a person: relations, roles and naming words.
RELATIONS_WORDS = """
    mum mummy mam mom mother dad daddy father stepmum stepdad stepmother stepfather nan nana nanny nanna gran
    granny grandma grandmother grandad granddad grandpa grandfather aunt auntie aunty uncle brother sister bro
    sis son daughter cousin partner boyfriend girlfriend husband wife ex fiance fiancee baby child kid boy girl
    toddler teen teenager infant sibling siblings half-brother half-sister stepbrother stepsister twin twins
    friend mate neighbour carer foster-carer lodger tenant landlord friend's called named nicknamed aka alias sw
    worker teacher head headteacher senco dsl nurse midwife hv gp doctor officer pc ps dc coach pastor imam
    priest manager supervisor student pupil youngest eldest oldest middle kids sons daughters boys girls
    brothers sisters cousins grandchildren grandson granddaughter nephew niece baba mama amma appa ammi abbu
    abba anne babcia dziadek tata yaya yiayia nonna oma babushka bibi dadi nani
    """
RELATIONS = frozenset(RELATIONS_WORDS.split())
# Words that follow a surname ("the Nowicki family", "Kofi's mum").
AFTER_SURNAME_WORDS = """
    family household children kids twins siblings brothers sisters clan
    """
AFTER_SURNAME = frozenset(AFTER_SURNAME_WORDS.split())
REPORTING_WORDS = """
    said says told tells stated states reported reports disclosed discloses explained explains denied denies
    admitted admits asked asks is was has had will would can could did does lives lived attends attended came
    comes went goes rang rings called calls texted seemed seems appeared appears presented became refused
    refuses agreed agrees wants wanted shouted screamed cried hit hits pushed kicked punched seen born needs
    needed likes liked got gets shows showed looked looks missed misses keeps kept ran runs left stayed stays
    sleeps slept aged age arrived arrives returned returns disclosed alleged alleges thinks thought feels felt
    """
REPORTING = frozenset(REPORTING_WORDS.split())
# Particles inside a name ("Ibrahim bin Said", "Ana de Souza").
PARTICLES_WORDS = """
    bin binti bint ibn al el de da di del della dela delos van von der den le la dos das ben mac
    """
PARTICLES = frozenset(PARTICLES_WORDS.split())
NAMING_WORDS = """
    called named nicknamed aka alias
    """
# "al-Hassan", "el-Masri", "bin-Laden": the capital after the particle is what counts.
PREFIX = re.compile(r"^(?:al|el|ul|ad|as|ash|at|az|abd|abu|bin|ibn|ben)[-'’](?=[A-Z])")
NAMING = frozenset(NAMING_WORDS.split())
CONTRACTION = re.compile(r"(?:n['’]?t|['’](?:s|re|ll|ve|d|m))$")
TITLES_WORDS = """
    mr mrs ms miss mx dr prof sir dame
    """
TITLES = frozenset(TITLES_WORDS.split())
PLACE_BEFORE_WORDS = """
    st saint hmp hmyoi fort mount port lake
    """
PLACE_BEFORE = frozenset(PLACE_BEFORE_WORDS.split())
# "(14)", "(aged 3)", "(mum)", "(dad, from Glasgow)" after a word: the note is introducing a person.
INTRODUCED = re.compile(
    r",[ \t]+\d{1,2}[,)]|[ \t]+(?:is|was|aged)[ \t]+\d{1,2}\b(?![:.]\d)|"
    r"[ \t]*\((?:aged?[ \t]*)?(?:\d{1,2}\b|(?:mum|mother|dad|father|nan|gran|grandma|grandad|aunt|auntie|uncle|"
    r"brother|sister|son|daughter|cousin|partner|boyfriend|girlfriend|step|foster|carer|baby|child)\b)",
    re.I,
)
# Between two names in a list: ", ", " and ", " & ", ", and ".
LISTED = re.compile(r",?[ \t]+(?:and|&)[ \t]+|,[ \t]+")
# Words of one name may be split by a space and a nickname's quotes: "Funmilayo 'Funmi' Ogunleye".
JOIN = re.compile(r"[ \t]+['‘’\"“”]?|['‘’\"“”][ \t]+")
PLACE_WORDS_WORDS = """
    in from to at near around towards via outside visiting visit back
    """
PLACE_WORDS = frozenset(PLACE_WORDS_WORDS.split())
SENTENCE_END = re.compile(r"(?:^|[.!?:;\n•*>]|\s-|\d\))[\s\"'“‘(\[]*$")


@dataclass(frozen=True)
class Token:
    """One word of a note, without its possessive 's."""

    start: int
    end: int  # the end of the name part, without a possessive 's
    word: str  # the name part as written
    possessive: bool
    sentence_start: bool
    shouted: bool  # the note is typed in capitals, so "ADEBOWALE" is a capitalised word
    lowered: bool  # the note is typed without capitals, so "mum (chioma)" names someone in lower case

    @cached_property
    def key(self) -> str:
        """The word casefolded, for looking up."""
        return self.word.casefold()

    @cached_property
    def capitalised(self) -> bool:
        """Written with a capital and then lower case (or in a note typed in capitals)."""
        # Acronyms (MASH, CAMHS) are not capitalised words; O'Brien and McDonald are.
        if self.shouted and self.word.isupper():
            return len(self.word) > 1
        # The second letter decides: "GCSEs" and "DNAs" are acronyms in the plural, "O'Brien" is a name.
        word = PREFIX.sub("", self.word)
        return len(word) > 1 and word[0].isupper() and (word[1].islower() or word[1] in "'’-")


def read_tokens(text: str, english: frozenset[str]) -> list[Token]:
    """The words of a note, each with where it stands and how the note as a whole is written."""
    matches = list(WORD.finditer(text))
    long_words = [m.group() for m in matches if len(m.group()) > 2]
    # Acronyms are capitals anyway, so only ordinary words in capitals ("WERE", "HOME") say the note is shouted.
    ordinary = [w for w in long_words if w.lower() in english]
    shouted = len(ordinary) >= 3 and sum(w.isupper() for w in ordinary) >= 0.6 * len(ordinary)
    lowered = len(long_words) >= 8 and sum(w[0].isupper() for w in long_words) <= 0.05 * len(long_words)
    found = []
    for match in matches:
        word = match.group()
        possessive = bool(POSSESSIVE.search(word)) and len(word) > 2
        if possessive:
            word = word[:-2]
        before = text[max(0, match.start() - 12) : match.start()]
        found.append(
            Token(
                match.start(),
                match.start() + len(word),
                word,
                possessive,
                bool(SENTENCE_END.search(before)),
                shouted,
                lowered,
            )
        )
    return found
