"""The site never tells anyone whether an address has acted (docs/privacy.md), checked on every
kind of action (specs.py), the test-only newcomer included.

A stranger who types the address of someone who has already acted (and confirmed) gets exactly
the answer a never-seen address gets: the same redirects, headers and page, byte for byte once
the tokens are stripped. What already exists is told only by mail, to that address.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.actions.models import Action
from chorus.actions.services import confirm_action
from chorus.actions.tokens import confirm_token
from chorus.delivery.models import Outbox
from tests.helpers import answer_without_tokens, default_home

from .specs import SPECS, KindSpec

pytestmark = pytest.mark.django_db

KNOWN = "known.supporter@example.org"
UNKNOWN = "never.acted@example.org"  # as long as KNOWN: nothing but the address differs


@pytest.fixture(params=SPECS, ids=[spec.name for spec in SPECS])
def spec(request: Any) -> KindSpec:
    return request.param


def answer(spec: KindSpec, page: Any, email: str, address: str) -> dict[str, Any]:
    """A stranger's submission from a browser of their own, redirects followed, tokens stripped."""
    response = Client().post(page.url + spec.route, spec.data(email), REMOTE_ADDR=address, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    return answer_without_tokens(response)


def test_a_known_address_gets_the_answer_a_new_one_gets(spec: KindSpec, org_key: Any) -> None:
    page = spec.make(default_home())
    Client().post(page.url + spec.route, spec.data(KNOWN), REMOTE_ADDR="203.0.113.40")
    (acted,) = Action.objects.filter(page_id=page.action_page_id)
    confirm_action(confirm_token(acted))
    mails_before = Outbox.objects.filter(action=acted).count()

    known = answer(spec, page, KNOWN, "198.51.100.7")
    unknown = answer(spec, page, UNKNOWN, "198.51.100.8")

    assert known == unknown
    # The known address still has one action, confirmed as before; the new one has its own.
    assert Action.objects.filter(page_id=page.action_page_id).count() == 2
    acted.refresh_from_db()
    assert acted.state == Action.State.CONFIRMED
    # What already exists goes to that address only: one more mail about the action.
    assert Outbox.objects.filter(action=acted).count() == mails_before + 1
