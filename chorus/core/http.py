"""Reading who is on the other end of a request: for rate limits, and where a POST came from.

The address is only ever turned into a keyed hash held in the cache (actions.anti_abuse,
supporters.services): it is never stored or logged.

Behind a reverse proxy every request comes from the proxy, and the proxy names the client in
`X-Forwarded-For`. That header is the client's to write, too: a proxy that *appends* to it
passes on whatever the client sent, followed by the client's real address. So the address we
believe is the right-most one that is not one of our proxies (as Django's and Werkzeug's proxy
fixes do), and only when the request really came from one of our proxies. With no proxies
configured (the default) the header is ignored and the peer address is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """CHORUS_TRUSTED_PROXIES as networks: single addresses or CIDR ranges (10.0.0.0/8)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:198.51.100.7) is the IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: Iterable[Network]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the peer, or behind our proxies the right-most untrusted forwarded one.

    A forwarded entry that is not an address at all ends the search: a proxy we trust never
    writes one, so what lies beyond it is the client's own text, and the last proxy's peer
    stands in for the client.
    """
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = _networks(tuple(settings.CHORUS_TRUSTED_PROXIES))
    if not _trusted(peer, networks):
        return str(peer)
    client = peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in header.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def private_response(response: HttpResponse) -> HttpResponse:
    """A page with a supporter's own data or form in it: never kept by any cache."""
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def same_origin(request: HttpRequest) -> bool:
    """Whether a POST was sent by a page of this site, as a browser tells: the `Origin` header
    (every current browser sends it with a POST), else the `Referer` (our Referrer-Policy,
    same-origin, keeps it for our own pages). Django's CSRF middleware judges Origin the same
    way; here neither header is a refusal, since no per-visitor token stands behind the check
    (docs/architecture.md, "Cached action pages and CSRF")."""
    try:
        ours = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    trusted = {ours, *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in trusted
    return _origin_of(request.META.get("HTTP_REFERER", "")) in trusted
