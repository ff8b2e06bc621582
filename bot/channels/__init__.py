"""REST, Telegram and Teams, the replies they share and the reminders runner (the only place Rasa is imported)."""

# The modules other capabilities may import from (the import-rule test holds everyone to it).
PUBLIC = (
    "rest",
    "replies",
    "telegram",
    "telegram_output",
    "telegram_polling",
    "teams",
    "teams_auth",
    "teams_output",
    "menu",
    "reminders",
)
