"""bench/intake: a bare one-INSERT view against a real petition submission (see run.py)."""
