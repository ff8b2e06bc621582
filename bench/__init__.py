"""Benchmarks, run as scripts: `python bench/run.py`, `python bench/decision_log.py`."""
