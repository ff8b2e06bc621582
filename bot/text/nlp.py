"""The one spaCy pipeline: blank English, lookup lemmas, and an entity ruler fed from council data."""

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.lookups import Lookups, load_lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

Names = Sequence[tuple[str, Sequence[str]]]

# Bump when the way the pipeline is built changes, so old folders are not reused.
BUILD_VERSION = "1"
CONTACT_LABEL = "contact"


class LowerLookupLemmatizer(Lemmatizer):
    """Lookup lemmatizer that looks words up in lower case and returns lower-case lemmas.

    spaCy's table is keyed by lower-case forms, so "Bruises" at the start of a sentence would
    otherwise keep its surface form and miss every pattern.
    """

    def lookup_lemmatize(self, token: Token) -> list[str]:
        """The lemma of a token from the lookup table, in lower case."""
        table = self.lookups.get_table("lemma_lookup", {})
        lower = token.lower_
        return [str(table.get(lower, lower)).lower()]


@Language.factory("practice_lemmatizer", default_config={"mode": "lookup", "overwrite": True})
def _make_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> LowerLookupLemmatizer:
    return LowerLookupLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)


def ruler_patterns(contacts: Iterable[tuple[str, Sequence[str]]]) -> list[dict[str, Any]]:
    """Entity-ruler patterns from council data: every contact's name and aliases, as (id, names)."""
    patterns = []
    for contact_id, names in contacts:
        for alias in sorted(set(names)):
            patterns.append(
                {"label": CONTACT_LABEL, "pattern": [{"LOWER": w.lower()} for w in alias.split()], "id": contact_id}
            )
    return patterns


def fingerprint(contacts: Names) -> str:
    """A hash of everything the pipeline is built from."""
    inputs = {
        "build": BUILD_VERSION,
        "spacy": spacy.__version__,
        "lookups": version("spacy-lookups-data"),
        "patterns": ruler_patterns(contacts),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]


def _lemma_lookups() -> Lookups:
    lookups = Lookups()
    lookups.add_table("lemma_lookup", load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup"))
    return lookups


def build(contacts: Names, label: str = "") -> Language:
    """Build the pipeline in memory from the council's contact names."""
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("practice_lemmatizer")
    nlp.initialize()
    assert isinstance(lemmatizer, Lemmatizer)
    lemmatizer.initialize(lookups=_lemma_lookups())
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns(contacts))  # type: ignore[attr-defined]
    nlp.meta["name"] = "practice_companion"
    nlp.meta["description"] = f"Practice Companion pipeline for {label}".strip()
    return nlp


def pipeline_dir(contacts: Names, root: Path) -> Path:
    """Where the pipeline for this council data lives: the folder name carries the input hash."""
    return root / f"practice-en-{fingerprint(contacts)}"


def ensure_built(contacts: Names, root: Path, label: str = "") -> Path:
    """Build the pipeline to disk unless a folder with the same input hash already exists."""
    target = pipeline_dir(contacts, root)
    if (target / "config.cfg").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    # Build into a temporary folder and rename, so a crash never leaves half a pipeline.
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        build(contacts, label).to_disk(tmp)
        tmp.rename(target)
    except OSError:
        if not (target / "config.cfg").is_file():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


@lru_cache(maxsize=4)
def load(path: Path) -> Language:
    """Load a built pipeline (cached: the pipeline is shared by every caller in a process)."""
    return spacy.load(path)
