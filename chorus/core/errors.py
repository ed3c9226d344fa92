"""The base of every domain error: it carries a translated message for the person acting.

Views turn it into a form error or a 4xx page, never a 500 (STYLE.md, habit 4).
"""

from __future__ import annotations


class UserFacingError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
