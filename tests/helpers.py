"""Helpers every test package shares."""

from __future__ import annotations

from wagtail.models import Locale

from chorus.news.demo import load_demo_content
from chorus.news.models import HomePage


def default_home() -> HomePage:
    """The demo site's home page: loaded once per test database (tests/conftest.py), and again
    when a transactional test that ran earlier in this process flushed it away."""
    return HomePage.objects.filter(locale=Locale.get_default()).first() or load_demo_content()
