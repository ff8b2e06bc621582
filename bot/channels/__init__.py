"""Rasa input channels (the only place in `bot` that may import Rasa)."""
