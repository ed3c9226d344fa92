"""Limits on password guessing that a stranger cannot turn into a lock-out.

Two limits, both in the cache only, both keyed by keyed hashes (nothing here can be read back
into an address or an email):

- **Per client** (allauth's `login` and `login_failed` rates, ACCOUNT_RATE_LIMITS): allauth
  asks the adapter for the client's address; `client_key` gives it the keyed hash of the
  address the trusted-proxy rule finds (chorus.core.http.client_ip), so behind a reverse
  proxy each visitor has their own budget instead of all sharing the proxy's.
- **Per account, softly** (`check_account`, `record_failure`): after a few failures for one
  login, each client must wait a short, growing, capped delay after its own failure before it
  tries that login again. Waiting is per client, so a flood from elsewhere never stops the
  owner's next attempt, and at worst the owner waits `CHORUS_LOGIN_DELAY_CAP` seconds after
  their own mistake. The barrier against a guessed staff password is the second factor.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext

from chorus.core.crypto import keyed_hash, normalise_email
from chorus.core.http import client_ip

# Failures of one login counted over this window (seconds).
FAILURE_WINDOW = 15 * 60


def client_key(request: HttpRequest) -> str:
    """The keyed hash allauth counts a client by; an IPv6 client by its /64, as allauth does."""
    address = client_ip(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if isinstance(parsed, ipaddress.IPv6Address):
        address = str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return "client-" + keyed_hash("login-client", address)[:32]


def _account(login: str) -> str:
    return keyed_hash("login-account", normalise_email(login) if "@" in login else login.lower())[:32]


def _wait_key(request: HttpRequest, login: str) -> str:
    return f"chorus:login-wait:{_account(login)}:{client_key(request)}"


def delay_after(failures: int) -> int:
    """Seconds a client waits after its failure, once a login has had `failures` in the window."""
    free = settings.CHORUS_LOGIN_FREE_FAILURES
    if failures < free:
        return 0
    return int(min(2 ** (failures - free + 1), settings.CHORUS_LOGIN_DELAY_CAP))


def check_account(request: HttpRequest, login: str) -> None:
    """Refuse, for now, a client's attempt at a login it failed moments ago (without checking
    the password, and without counting it)."""
    until = cache.get(_wait_key(request, login))
    if until is None:
        return
    seconds = int(until - time.time() + 0.999)
    if seconds > 0:
        raise ValidationError(
            gettext(
                "Too many failed attempts with this email address. Please wait %(seconds)s seconds and try again."
            )
            % {"seconds": seconds},
            code="login_wait",
        )


def record_failure(request: HttpRequest, login: str) -> None:
    """Count a failed password for this login; past the free ones, make this client wait."""
    counter = f"chorus:login-failures:{_account(login)}"
    cache.add(counter, 0, FAILURE_WINDOW)
    try:
        failures = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, FAILURE_WINDOW)
        failures = 1
    cache.touch(counter, FAILURE_WINDOW)
    delay = delay_after(failures)
    if delay:
        cache.set(_wait_key(request, login), time.time() + delay, delay)
