"""Helpers every test package shares."""

from __future__ import annotations

import time
from collections.abc import Callable

from wagtail.models import Locale

from chorus.news.demo import load_demo_content
from chorus.news.models import HomePage


def default_home() -> HomePage:
    """The demo site's home page: loaded once per test database (tests/conftest.py), and again
    when a transactional test that ran earlier in this process flushed it away."""
    return HomePage.objects.filter(locale=Locale.get_default()).first() or load_demo_content()


# How long a test waits for something another process or thread does. Generous on purpose: on a
# shared, loaded machine a worker can take a minute for what takes a second alone. Waiting polls,
# so a fast machine waits no longer than the condition takes.
PATIENCE = 180.0


def wait_until(
    condition: Callable[[], object], what: str, timeout: float = PATIENCE, interval: float = 0.1
) -> None:
    """Poll `condition` until it is true; fail naming `what` if it is not within `timeout` seconds.

    Tests wait for a condition, never for a number of seconds: a sleep is either too short on a
    busy machine or wasted on an idle one.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)
