"""bench/letters: how long a personalised letter takes to typeset (run.py)."""
