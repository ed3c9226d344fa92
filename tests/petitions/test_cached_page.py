"""The petition page from the page cache: a moderation decision shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.petitions import services as petition
from chorus.petitions.signatures import PetitionSignature

from .test_public import COMMENT, SHOWN, confirm, sign_in, url_in

pytestmark = pytest.mark.django_db


def cached_get(url: str) -> tuple[str, str]:
    response = Client().get(url)
    return response["X-Chorus-Page-Cache"], response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "th"])
def test_approving_and_withdrawing_a_comment_drop_the_cached_page_in_every_language(
    petition_page: CampaignPage,
    org_key: Any,
    page_cache_on: None,
    django_capture_on_commit_callbacks: Any,
    language: str,
) -> None:
    sign_in(petition_page, display_name=SHOWN, comment=COMMENT)
    confirm(Action.objects.get())
    url = url_in(petition_page, language)
    cached_get(url)
    state, html = cached_get(url)
    assert state == "hit" and COMMENT not in html
    signature = PetitionSignature.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert petition.approve_comments([signature.pk]) == 1
    state, html = cached_get(url)
    assert state == "miss" and COMMENT in html
    with django_capture_on_commit_callbacks(execute=True):
        assert petition.withdraw_comments([signature.pk]) == 1
    state, html = cached_get(url)
    assert state == "miss" and COMMENT not in html


def test_a_decision_that_changes_nothing_keeps_the_cached_page(
    petition_page: CampaignPage, org_key: Any, page_cache_on: None, django_capture_on_commit_callbacks: Any
) -> None:
    url = url_in(petition_page, "zh-hans")
    cached_get(url)
    with django_capture_on_commit_callbacks(execute=True):
        assert petition.approve_comments([12345]) == 0
    assert cached_get(url)[0] == "hit"
