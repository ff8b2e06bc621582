"""SQLAlchemy tables, the hash chain, engines and units of work."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "models",
    "chain",
    "db",
)
