"""The staff directory, the one identity check, refusal counts, and the channels' gate and rate limit."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "directory",
    "identity",
    "gate",
    "refusals",
    "ratelimit",
)
