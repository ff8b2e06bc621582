"""SQLAlchemy tables, the hash chain and its signed checkpoints, engines and units of work."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "models",
    "chain",
    "db",
    "checkpoints",
)
