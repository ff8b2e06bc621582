"""Rasa SDK actions: read slots, call one `bot` function, answer."""
