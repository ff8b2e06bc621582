"""Induction practice for newly qualified social workers: scenarios, feedback on answers, progress."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "data",
    "bank",
    "wording",
    "answers",
    "pitfalls",
    "feedback",
    "dialogue",
    "report",
    "progress",
)
