"""One person, one blind index: variants of an address fold together; different people do not."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chorus.core.crypto import blind_index, normalise_email

LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20)
TAG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", max_size=12)


def fullwidth(text: str) -> str:
    """The full-width forms a CJK keyboard may type (NFKC folds them back)."""
    return "".join(chr(ord(c) - 0x21 + 0xFF01) if "!" <= c <= "~" else c for c in text)


@st.composite
def gmail_variant(draw: st.DrawFn, local: str) -> str:
    chars = []
    for char in local:
        if draw(st.booleans()):
            chars.append(".")  # Gmail ignores dots anywhere in the local part
        chars.append(char.upper() if draw(st.booleans()) else char)
    variant = "".join(chars)
    if draw(st.booleans()):
        variant += "+" + draw(TAG)
    domain = draw(st.sampled_from(["gmail.com", "GMail.com", "googlemail.com", "GOOGLEMAIL.COM"]))
    address = f"{variant}@{domain}"
    if draw(st.booleans()):
        address = fullwidth(address)
    return draw(st.sampled_from(["", " ", "\t"])) + address + draw(st.sampled_from(["", " ", "\n"]))


@given(st.data(), LOCAL)
def test_variants_of_one_gmail_address_share_one_index(data: st.DataObject, local: str) -> None:
    variant = data.draw(gmail_variant(local))
    assert normalise_email(variant) == f"{local}@gmail.com"
    assert blind_index(variant) == blind_index(f"{local}@gmail.com")


@given(LOCAL, LOCAL, st.sampled_from(["gmail.com", "example.org", "naver.com", "qq.com"]))
def test_different_people_get_different_indexes(first: str, second: str, domain: str) -> None:
    assume(first != second)
    assert blind_index(f"{first}@{domain}") != blind_index(f"{second}@{domain}")


@given(LOCAL)
def test_one_local_part_at_different_domains_is_different_people(local: str) -> None:
    assert blind_index(f"{local}@example.org") != blind_index(f"{local}@example.net")


def test_dots_matter_outside_gmail() -> None:
    assert blind_index("mali.s@example.org") != blind_index("malis@example.org")
    assert blind_index("Mali.S+petition@Example.org") == blind_index("mali.s@example.org")


def test_the_index_reveals_nothing_readable() -> None:
    index = blind_index("somchai@example.org")
    assert len(index) == 64 and "somchai" not in index
    assert int(index, 16) >= 0


@pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE", "chorus") != "chorus", reason="another profile asked for"
)
def test_properties_run_under_the_suites_profile_that_does_not_time_them() -> None:
    """The profile tests/conftest.py loads: a busy machine cannot fail a property that holds."""
    current = settings()
    assert current.deadline is None
    assert HealthCheck.too_slow in current.suppress_health_check
