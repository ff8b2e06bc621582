"""The staff directory, the one identity check and the channels' gate."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "directory",
    "identity",
    "gate",
)
