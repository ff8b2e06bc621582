"""Fake external services the tests talk to instead of the real ones."""
