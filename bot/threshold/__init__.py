"""Threshold decisions: indicators and rules as data, the engine, its rendering and its conversation."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "data",
    "engine",
    "render",
    "dialogue",
    "conversation",
    "age",
    "recogniser",
    "recognition",
    "evaluate",
)
