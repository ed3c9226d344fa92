"""Helpers every test package shares."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from wagtail.models import Locale

from chorus.news.demo import load_demo_content
from chorus.news.models import HomePage


def default_home() -> HomePage:
    """The demo site's home page: loaded once per test database (tests/conftest.py), and again
    when a transactional test that ran earlier in this process flushed it away."""
    return HomePage.objects.filter(locale=Locale.get_default()).first() or load_demo_content()


# What differs between two renderings of one page for reasons that say nothing about who acted:
# the CSRF token, the action form's signed token, and signed tokens in links and hidden fields
# (a letter's download token, a cancel or status link, the mail link's count token, which is
# signed with the second it was made). Each is replaced by a placeholder.
_TOKEN_FIELD = re.compile(r'(name="(?:csrfmiddlewaretoken|form_token|token)"\s+value=")[^"]*(")')
_TOKEN_FIELD_FIRST = re.compile(r'(value=")[^"]*("\s+name="(?:csrfmiddlewaretoken|form_token|token)")')
_TOKEN_ATTR = re.compile(r'(data-count-token=")[^"]*(")')
_TOKEN_PARAM = re.compile(r"([?&;](?:amp;)?(?:token|c)=)[^&\"'\s<>#]+")
_COOKIE_VALUE = re.compile(r"^([^=;]+=)[^;]*")


def without_tokens(text: str) -> str:
    """`text` (a page, a URL, a header) with every token in it replaced by "…", so that two
    answers can be compared byte for byte."""
    text = _TOKEN_FIELD.sub(r"\1…\2", text)
    text = _TOKEN_FIELD_FIRST.sub(r"\1…\2", text)
    text = _TOKEN_ATTR.sub(r"\1…\2", text)
    return _TOKEN_PARAM.sub(r"\1…", text)


def answer_without_tokens(response: Any) -> dict[str, Any]:
    """All a test client's answer shows, redirects followed (`follow=True`), tokens stripped:
    the status, every redirect's target, every header and the body's bytes."""
    headers = sorted(
        (name, _COOKIE_VALUE.sub(r"\1…", value) if name.lower() == "set-cookie" else without_tokens(value))
        for name, value in response.headers.items()
        # The body is compared itself, without its tokens; the clock moves between two answers.
        if name.lower() not in {"content-length", "date", "expires"}
    )
    return {
        "status": response.status_code,
        "redirects": [(without_tokens(url), status) for url, status in response.redirect_chain],
        "headers": headers,
        "cookies": sorted(response.cookies),
        "body": without_tokens(response.content.decode()),
    }


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
