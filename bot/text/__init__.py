"""The spaCy pipeline, phrase matching with negation, naming, language checks and the danger detector."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "nlp",
    "matching",
    "naming",
    "language",
    "danger",
    "clauses",
    "features",
)
