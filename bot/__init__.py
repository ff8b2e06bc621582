"""Practice Companion: domain logic for a children's social-care practice assistant."""

__version__ = "0.1.0"
