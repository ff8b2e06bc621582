"""Storage for the decision log: SQLAlchemy models, engine factory and unit of work."""
