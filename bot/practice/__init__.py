"""Reflective prompts, escalation routes, timescales and dates."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "data",
    "prompts",
    "escalation",
    "timescales",
    "dates",
    "dialogue",
)
