"""The spaCy pipeline, phrase matching with negation, naming, language checks, the danger detector and identifiers."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "nlp",
    "matching",
    "naming",
    "language",
    "danger",
    "clauses",
    "features",
    "people",
    "identifiers",
)
