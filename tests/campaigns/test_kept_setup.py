"""The letters' setup (targets, templates) kept with the page for intake: a POST to
`/<lang>/act/<id>/` reads none of it again, and an edited target shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chorus.campaigns.models import CampaignPage
from chorus.letters.targets import Target

from .conftest import translation_of
from .helpers import letter_data, soup

pytestmark = pytest.mark.django_db


def preview(page: CampaignPage) -> str:
    data = {**letter_data(), "step": "preview"}
    url = f"/{page.locale.language_code}/act/{page.pk}/"
    response = Client().post(url, data, HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    return " ".join(soup(response).get_text(" ").split())


def test_an_edited_target_is_in_the_next_letter_of_the_kept_page(
    letter_campaign: CampaignPage, org_key: Any, page_cache_on: None
) -> None:
    english = translation_of(letter_campaign, "en")
    target = Target.objects.filter(pk__in=letter_campaign.campaign_targets.values("target")).first()
    assert target is not None
    before = preview(english)
    assert target.name in before
    target.name = "H.E. Ms Renata Okonkwo-Lindqvist"
    target.save()
    assert "H.E. Ms Renata Okonkwo-Lindqvist" in preview(english)
