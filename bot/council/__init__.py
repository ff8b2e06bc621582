"""A council's profile, contacts, office hours and the immediate-danger answer."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "models",
    "contacts",
    "hours",
    "emergency",
    "files",
)
