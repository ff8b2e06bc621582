"""The processes: command line, build, serve, chat, retention and the composition roots."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "bootstrap",
    "cli",
    "build",
    "serve",
    "chat",
    "records",
    "retention",
    "tracker",
    "integrity",
)
