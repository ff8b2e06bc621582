"""The procedure library and glossary: data, search, answers in the conversation, feedback."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "data",
    "search",
    "dialogue",
    "feedback",
    "cli",
)
