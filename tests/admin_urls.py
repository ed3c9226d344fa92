"""Every admin URL pattern, read from the URL resolver, made into addresses a client can request.

Shared by the second-factor test (tests/core/test_admin_mfa.py: any address will do) and the
roles matrix (tests/core/test_roles_matrix.py: addresses of real demo objects), so that a
view added later is covered without anyone remembering to list it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Sample values for path converters, so that each pattern becomes a real address.
SAMPLES = {"int": "1", "str": "x", "slug": "x", "uuid": "12345678-1234-5678-1234-567812345678", "path": "x/y"}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")

# (converter, parameter name) -> the value to put in the address
Filler = Callable[[str, str], str]


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _regex_group(match: re.Match[str], fill: Filler) -> str:
    """A value for `(?P<name>body)`: the filler's, if the body accepts it, else a sample of the body."""
    name, body = match.group(1), match.group(2)
    value = fill("int" if "\\d" in body else "str", name)
    if re.fullmatch(body, value):
        return value
    first = body.split("|")[0]
    return "1" if "\\d" in first else re.sub(r"[^\w-]", "", first) or "x"


def sample(converter: str, name: str) -> str:
    return SAMPLES.get(converter or "str", "x")


def concrete(route: str, fill: Filler = sample) -> str:
    """A path that the route (Django path syntax, possibly with regex pieces) matches."""
    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: _regex_group(m, fill), route)
    path = PARAMETER.sub(lambda m: fill(m.group(1) or "str", m.group(2)), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace(".*", "x")
    return "/" + path


def admin_routes() -> list[str]:
    """Every URL pattern under /admin/, as Django path syntax ("admin/pages/<int:page_id>/edit/")."""
    return sorted({route for route in _walk(get_resolver().url_patterns) if route.startswith("admin/")})


def site_routes() -> list[str]:
    """Every URL pattern of the site, as Django path syntax."""
    return sorted(set(_walk(get_resolver().url_patterns)))


def admin_paths() -> list[str]:
    return sorted({concrete(route) for route in admin_routes()})
