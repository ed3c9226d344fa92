"""Which address the rate limits hash: nobody chooses their own through X-Forwarded-For."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from chorus.core.http import client_ip

FACTORY = RequestFactory()


def address(peer: str, forwarded: str | None = None) -> str | None:
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    return client_ip(FACTORY.get("/", REMOTE_ADDR=peer, headers=headers))


def test_by_default_no_proxy_is_trusted_so_a_local_client_cannot_pick_its_address(settings: Any) -> None:
    assert settings.CHORUS_TRUSTED_PROXIES == []
    # A client on the loopback interface talking to gunicorn directly (as under `make run`).
    assert address("127.0.0.1", "198.51.100.1") == "127.0.0.1"
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"
    assert address("::ffff:203.0.113.5") == "203.0.113.5"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.CHORUS_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]


@pytest.mark.usefixtures("behind_proxy")
def test_behind_a_proxy_that_replaces_the_header_the_client_is_what_it_says() -> None:
    # nginx: proxy_set_header X-Forwarded-For $remote_addr;
    assert address("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    assert address("::1", "2001:db8::5") == "2001:db8::5"


@pytest.mark.usefixtures("behind_proxy")
def test_a_spoofed_header_through_an_appending_proxy_names_the_real_client() -> None:
    # The client sent "X-Forwarded-For: 198.51.100.1"; the proxy appended the real peer.
    assert address("127.0.0.1", "198.51.100.1, 203.0.113.5") == "203.0.113.5"
    # Through two of our proxies (a load balancer in 10/8, then nginx): the right-most untrusted.
    assert address("127.0.0.1", "198.51.100.1, 203.0.113.5, 10.1.2.3") == "203.0.113.5"
    # A client pretending to be one of our proxies gets nowhere either.
    assert address("127.0.0.1", "127.0.0.1, 203.0.113.5") == "203.0.113.5"


@pytest.mark.usefixtures("behind_proxy")
def test_a_direct_connection_ignores_the_header() -> None:
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"
    assert address("203.0.113.5", "127.0.0.1") == "203.0.113.5"


@pytest.mark.usefixtures("behind_proxy")
def test_garbage_in_the_header_stops_at_the_last_real_address() -> None:
    assert address("127.0.0.1", "203.0.113.5, not-an-address") == "127.0.0.1"
    assert address("127.0.0.1", "") == "127.0.0.1"
    assert address("127.0.0.1", " , ") == "127.0.0.1"
    assert address("127.0.0.1", "junk, 203.0.113.5") == "203.0.113.5"
    assert client_ip(FACTORY.get("/", REMOTE_ADDR="")) is None
