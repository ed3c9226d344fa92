"""Anti-abuse verdicts: keep flagging bots, stop flagging people.

Signals come in two strengths:

- *Certain bot* signals hold an action until staff decide, even if its email is confirmed: a
  filled honeypot, a form sent faster than anyone can (under a second), a blocked email
  domain, and abuse volumes from one address (hundreds an hour on one campaign).
- *Suspicious* signals hold an action only until its email is confirmed: a fast fill (autofill,
  a returning supporter) and a busy address (more than a room full of people in ten minutes).
  Confirming the email clears them: the action counts, its letters go, its joint-letter line
  can be approved. An action without an email cannot be confirmed, so it waits for staff.

A room of people behind one address (a workshop on one Wi-Fi, an office behind NAT, a phone
hotspot at a rally) is not a signal at all below those limits. Instead an address or an email
domain that produces an unusual share of a campaign's recent actions is *reported* to staff
(`trends`, shown on the admin's intake page), the way UK Parliament's e-petitions logs trending
addresses and domains, and nothing is dropped for it.

A held action gets the same response as any other before confirmation. Client addresses exist
only as keyed hashes, in the cache, for the length of a window; they are never stored or logged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chorus.core.crypto import keyed_hash, normalise_email

# Reasons, as stored in Action.flag_reason. Certain: held until staff decide.
HONEYPOT = "honeypot"
IMPOSSIBLE_FILL = "impossible_fill"
BLOCKED_DOMAIN = "blocked_domain"
ADDRESS_FLOOD = "address_flood"
# Suspicious: held until the email is confirmed.
FAST_FILL = "fast_fill"
BUSY_ADDRESS = "busy_address"
# Earlier versions flagged every fast fill and every sixth action a minute from one address
# with these codes; they were suspicions, not certainties, and are treated as such.
LEGACY_SOFT = {"too_fast", "rate_limit"}
SOFT_REASONS = frozenset({FAST_FILL, BUSY_ADDRESS, *LEGACY_SOFT})

# Faster than this from showing the form to sending it, no person can have filled it in.
IMPOSSIBLE_FILL_SECONDS = 1.0
# Faster than this is autofill or a bot: suspicious, cleared by a confirmed email.
FAST_FILL_SECONDS = 3.0

# (window seconds, actions allowed in it) per address and campaign, as sliding windows.
# A room of 100 people signing within ten minutes passes untouched; beyond it, suspicious.
BUSY_ADDRESS_LIMIT = (600, 100)
# Abuse volume: more than this in an hour from one address on one campaign is held.
ADDRESS_FLOOD_LIMIT = (3600, 300)

# Trend reports: over TREND_WINDOW, a source with at least TREND_MIN_ACTIONS actions that
# makes up at least TREND_MIN_SHARE of the campaign's actions is reported to staff.
TREND_WINDOW = 3600
TREND_MIN_ACTIONS = 20
TREND_MIN_SHARE = 0.3


@dataclass(frozen=True)
class Signals:
    """What the request tells us, gathered by the view. The address never leaves this object."""

    client_ip: str | None = None
    honeypot: str = ""
    fill_seconds: float | None = None


@dataclass(frozen=True)
class Trend:
    """One source producing an unusual share of a campaign's recent actions."""

    source: str  # "address" or "domain"
    # The source's keyed hash, to find its open report in the cache; never stored.
    scope: str
    domain: str  # the email domain of a domain trend; "" for an address
    actions: int
    total: int


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    reason: str = ""
    trends: tuple[Trend, ...] = ()

    @property
    def certain(self) -> bool:
        return self.flagged and not is_soft(self.reason)


ACCEPT = Verdict(flagged=False)


def is_soft(reason: str) -> bool:
    """Whether a flag is a suspicion that a confirmed email outweighs."""
    return reason in SOFT_REASONS


REASON_LABELS: dict[str, Promise] = {
    HONEYPOT: _("Filled in the hidden field that only automated programs see."),
    IMPOSSIBLE_FILL: _("Sent less than a second after the form was shown: faster than a person can."),
    BLOCKED_DOMAIN: _("The email address is at a blocked domain (throwaway addresses)."),
    ADDRESS_FLOOD: _("Hundreds of actions from one internet address on this campaign within an hour."),
    FAST_FILL: _("Sent within three seconds (autofill can do this). It counts once the email is confirmed."),
    BUSY_ADDRESS: _(
        "More than a room full of people from one internet address within ten minutes. "
        "It counts once the email is confirmed."
    ),
    "too_fast": _("Sent within three seconds (autofill can do this). It counts once the email is confirmed."),
    "rate_limit": _(
        "More than five actions a minute from one internet address (an earlier, stricter check). "
        "Count it if the email was confirmed."
    ),
}


def reason_label(reason: str) -> str:
    """A flag's reason in words, in the current language; a reason staff typed stays as typed."""
    label = REASON_LABELS.get(reason)
    return str(label) if label is not None else reason


def blocked_domains() -> set[str]:
    return {domain.lower() for domain in getattr(settings, "CHORUS_BLOCKED_EMAIL_DOMAINS", [])}


def common_domains() -> set[str]:
    """Mail providers so many people use that their share of a campaign says nothing."""
    return {domain.lower() for domain in getattr(settings, "CHORUS_COMMON_EMAIL_DOMAINS", [])}


def over_limits(scope: str, limits: tuple[tuple[int, int], ...]) -> bool:
    """Count one more event for `scope` in each (window seconds, allowed) limit; True if any is exceeded.

    Fixed windows: right for small limits such as my-data requests. Counts live in the cache
    only, and `scope` must already be a keyed hash (never an address).
    """
    over = False
    for window, allowed in limits:
        key = f"chorus:rate:{window}:{scope}"
        over = _incr(key, window) > allowed or over
    return over


def _incr(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def sliding_count(scope: str, window: int, *, now: float | None = None) -> float:
    """Count one more event for `scope`; return the events in the last `window` seconds.

    Two fixed buckets, the previous one weighted by how much of it still lies inside the
    window: a burst is measured over the whole window whenever it falls, not reset at a
    boundary, and it costs two cache keys per scope.
    """
    now = time.time() if now is None else now
    bucket, into = divmod(now, window)
    current_key = f"chorus:slide:{window}:{int(bucket)}:{scope}"
    previous_key = f"chorus:slide:{window}:{int(bucket) - 1}:{scope}"
    previous = cache.get(previous_key) or 0
    current = _incr(current_key, 2 * window)
    return current + previous * (1 - into / window)


def _limit(name: str, default: tuple[int, int]) -> tuple[int, int]:
    window, allowed = getattr(settings, name, default)
    return int(window), int(allowed)


def _trends(page_id: int, client: str | None, address_actions: float, domain: str) -> tuple[Trend, ...]:
    """Sources with an unusual share of the page's last TREND_WINDOW; `address_actions` is the
    client's count over that window, already taken."""
    total = sliding_count(f"page:{page_id}", TREND_WINDOW)
    sources = []
    if client:
        sources.append(Trend("address", f"action:{page_id}:{client}", "", round(address_actions), 0))
    if domain and domain not in common_domains():
        scope = f"domain:{page_id}:{keyed_hash('email-domain', domain)}"
        sources.append(Trend("domain", scope, domain, round(sliding_count(scope, TREND_WINDOW)), 0))
    return tuple(
        replace(trend, total=max(round(total), trend.actions))
        for trend in sources
        if trend.actions >= TREND_MIN_ACTIONS and trend.actions >= TREND_MIN_SHARE * total
    )


def assess(signals: Signals, *, page_id: int, email: str | None) -> Verdict:
    """The verdict on one new action, and any trend it is part of.

    Every new action is counted towards its address's windows and the campaign's trends,
    whatever the verdict, so that a flood is measured whole.
    """
    client = keyed_hash("client-ip", signals.client_ip) if signals.client_ip else None
    domain = normalise_email(email).rpartition("@")[2] if email else ""
    busy = flood = False
    address_hour = 0.0
    if client:
        scope = f"action:{page_id}:{client}"
        busy_window, busy_allowed = _limit("CHORUS_BUSY_ADDRESS_LIMIT", BUSY_ADDRESS_LIMIT)
        flood_window, flood_allowed = _limit("CHORUS_ADDRESS_FLOOD_LIMIT", ADDRESS_FLOOD_LIMIT)
        busy = sliding_count(scope, busy_window) > busy_allowed
        flood_count = sliding_count(scope, flood_window)
        flood = flood_count > flood_allowed
        # The flood window is the trend window unless settings say otherwise: count once.
        address_hour = flood_count if flood_window == TREND_WINDOW else sliding_count(scope, TREND_WINDOW)
    trends = _trends(page_id, client, address_hour, domain)

    fill = signals.fill_seconds
    if signals.honeypot.strip():
        reason = HONEYPOT
    elif fill is not None and fill < IMPOSSIBLE_FILL_SECONDS:
        reason = IMPOSSIBLE_FILL
    elif domain and domain in blocked_domains():
        reason = BLOCKED_DOMAIN
    elif flood:
        reason = ADDRESS_FLOOD
    elif fill is not None and fill < FAST_FILL_SECONDS:
        reason = FAST_FILL
    elif busy:
        reason = BUSY_ADDRESS
    else:
        return Verdict(False, trends=trends)
    return Verdict(True, reason, trends)
