"""Anti-abuse verdicts: rate limits, honeypot, fill time, blocked email domains.

A suspicious submission is *flagged*, never refused: the person (or bot) sees exactly what
an accepted one sees, the action is kept for staff to review, and it is not counted. Client
addresses exist only as keyed hashes, in the cache, for the length of a rate-limit window.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from chorus.supporters.crypto import keyed_hash, normalise_email

# (window in seconds, submissions allowed in it) per client and action.
BURST = (60, 5)
SUSTAINED = (3600, 30)
MIN_FILL_SECONDS = 3.0


@dataclass(frozen=True)
class Signals:
    """What the request tells us, gathered by the view. The address never leaves this object."""

    client_ip: str | None = None
    honeypot: str = ""
    fill_seconds: float | None = None


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    reason: str = ""


ACCEPT = Verdict(flagged=False)


def blocked_domains() -> set[str]:
    return {domain.lower() for domain in getattr(settings, "CHORUS_BLOCKED_EMAIL_DOMAINS", [])}


def over_limits(scope: str, limits: tuple[tuple[int, int], ...]) -> bool:
    """Count one more event for `scope` in each (window seconds, allowed) limit; True if any is exceeded.

    Counts live in the cache only, and `scope` must already be a keyed hash (never an address).
    """
    over = False
    for window, allowed in limits:
        key = f"chorus:rate:{window}:{scope}"
        cache.add(key, 0, window)
        try:
            seen = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            seen = 1
        over = over or seen > allowed
    return over


def _over_limit(client: str, page_id: int) -> bool:
    return over_limits(f"action:{page_id}:{client}", (BURST, SUSTAINED))


def assess(signals: Signals, *, page_id: int, email: str | None) -> Verdict:
    if signals.honeypot.strip():
        return Verdict(True, "honeypot")
    if signals.fill_seconds is not None and signals.fill_seconds < MIN_FILL_SECONDS:
        return Verdict(True, "too_fast")
    if email and normalise_email(email).rpartition("@")[2] in blocked_domains():
        return Verdict(True, "blocked_domain")
    if signals.client_ip and _over_limit(keyed_hash("client-ip", signals.client_ip), page_id):
        return Verdict(True, "rate_limit")
    return ACCEPT
