"""Benchmarks run by `make bench`; each one lives in its own package with a `run.py`."""
