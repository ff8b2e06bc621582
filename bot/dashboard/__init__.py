"""The supervisor's web page: sign-in links, the team page, charts, decisions in full, reviews and packs."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "links",
    "config",
    "cli",
)
