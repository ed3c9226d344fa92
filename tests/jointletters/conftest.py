from __future__ import annotations

# The joint letter page of test_signon.py, for the other modules here too.
from .test_signon import letter_page  # noqa: F401
