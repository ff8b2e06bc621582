"""Rasa graph components: thin adapters from Rasa's NLU pipeline to `bot`, wired by the Rasa process's root."""
