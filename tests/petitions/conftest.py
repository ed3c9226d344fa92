from __future__ import annotations

# The petition page and a moderator's client of test_public.py, for the other modules here too.
from .test_public import petition_page, staff_client  # noqa: F401
