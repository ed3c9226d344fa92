"""How the shared contract suite (tests/kinds/test_contract.py) makes this kind's page and fills
in its form."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from tests.kinds.specs import KindSpec, form_token, publish

from .models import CallPage, CallReport


def make(home: Page) -> Page:
    page = CallPage(
        title="Contract call", slug="contract-call", phone_number="+61 2 5550 1234", locale=home.locale
    )
    return publish(home, page)


def data(email: str) -> dict[str, Any]:
    return {
        "form_token": form_token(),
        "name": "Somchai",
        "email": email,
        "outcome": "voicemail",
        "consent": "on",
        "website": "",
    }


SPEC = KindSpec(
    name="call (test-only newcomer)",
    kind="call",
    make=make,
    route="call/",
    data=data,
    queries=21,
    intake=8,
    confirmed=lambda action: CallReport.objects.get(action=action).confirmed,
)
