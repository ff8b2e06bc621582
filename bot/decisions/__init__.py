"""The decision log: records and reviews, its conversation, the outbox, export and reminders."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "log",
    "dialogue",
    "usecases",
    "outbox",
    "export",
    "reminders",
    "deliver",
    "integrity",
)
