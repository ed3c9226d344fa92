"""The language cookie remembers the last language a visitor read, except on pages a shared
cache may keep (a reverse proxy keeps no response that sets a cookie)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_page_in_thai_remembers_thai(demo_site: Any) -> None:
    response = Client().get("/th/")
    assert response.status_code == 200
    assert response.cookies["chorus_language"].value == "th"
    # Set once: a visitor who has it is not sent it again.
    returning = Client()
    returning.cookies["chorus_language"] = "th"
    assert not returning.get("/th/").cookies


def test_a_page_a_shared_cache_may_keep_sets_no_cookie(campaign: Any) -> None:
    response = Client().get(campaign.url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert not response.cookies
