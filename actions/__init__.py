"""Rasa SDK actions: read slots, call one `bot` function, answer."""

import threading

from bot.privacy import warm

# The name lists for redaction take about a second to load: load them while the action server starts,
# not when the first worker presses "Save".
threading.Thread(target=warm, name="redaction-warm-up", daemon=True).start()
