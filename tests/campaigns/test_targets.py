"""Staff keep the target directory and the letter campaign in the Wagtail admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Locale

from chorus.letters.models import Target
from tests.mfa import log_in_with_totp

from .conftest import target
from .helpers import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client, demo_accounts: dict[str, Any]) -> Client:
    staff = demo_accounts["staff"]
    log_in_with_totp(client, staff)
    return client


def test_staff_list_and_search_the_target_directory(staff_client: Client, letter_campaign) -> None:
    listing = staff_client.get("/admin/snippets/letters/target/")
    assert listing.status_code == 200
    text = soup(listing).get_text(" ", strip=True)
    assert "Dr Amina Farah" in text and "Mr Han Seung-woo" in text
    found = staff_client.get("/admin/snippets/letters/target/", {"q": "Farah"})
    names = soup(found).get_text(" ", strip=True)
    assert "Dr Amina Farah" in names and "Mr Han Seung-woo" not in names


def test_staff_add_a_target(staff_client: Client, letter_campaign) -> None:
    response = staff_client.post(
        "/admin/snippets/letters/target/add/?locale=en",
        {
            "name": "Ms Lin Yue",
            "title": "Consul-General",
            "organisation": "Consulate-General, Sydney",
            "salutation": "Dear Consul-General,",
            "postal_address": "1 Example Street\nSydney NSW 2000",
            "country": "AU",
            "region_code": "AU-NSW",
            "letter_languages": "zh-hans, EN",
            "contact_url": "https://consulate.example/",
            "public_email": "",
            "email": "consul@consulate.example",
            "delivery": "digest",
            "letters_per_hour": "10",
        },
    )
    assert response.status_code == 302, soup(response).select(".error-message")
    added = Target.objects.get(name="Ms Lin Yue")
    assert added.languages == ["zh-hans", "en"] and added.locale == Locale.get_default()


def test_a_target_in_an_unknown_language_is_refused_with_a_message(
    staff_client: Client, letter_campaign
) -> None:
    minister = target("minister")
    response = staff_client.post(
        f"/admin/snippets/letters/target/edit/{minister.pk}/",
        {"name": minister.name, "letter_languages": "fr", "delivery": "each", "letters_per_hour": "30"},
    )
    assert response.status_code == 200
    assert "fr" in soup(response).get_text()
    minister.refresh_from_db()
    assert minister.letter_languages == "ko, en"


def test_staff_open_the_letter_campaign_in_the_page_editor(staff_client: Client, letter_campaign) -> None:
    response = staff_client.get(f"/admin/pages/{letter_campaign.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "campaign_targets" in html and "letter_body" in html


def test_a_target_a_campaign_writes_to_cannot_be_deleted_by_accident(
    staff_client: Client, letter_campaign
) -> None:
    minister = target("minister")
    page = staff_client.get(f"/admin/snippets/letters/target/delete/{minister.pk}/")
    assert page.status_code == 200
    response = staff_client.post(f"/admin/snippets/letters/target/delete/{minister.pk}/")
    assert response.status_code in {200, 302}
    assert Target.objects.filter(pk=minister.pk).exists()


def test_a_target_is_translated_like_a_page_and_keeps_its_settings_in_sync(letter_campaign) -> None:
    from wagtail_localize.models import StringSegment, TranslationSource

    un_office = target("asiapacific")
    source, _created = TranslationSource.get_or_create_from_instance(un_office)
    strings = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert {"Dr Amina Farah", "Regional Director", "Dear Dr Farah,"} <= strings
    # Codes, addresses and settings are the same in every language: not offered for translation.
    assert not strings & {"en", "TH-10", "asiapacific@un-labour-migration.example", "digest"}


def test_the_home_page_lists_active_campaigns_in_its_language(client, campaign) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/th/").content.decode(), "html.parser")
    links = [a.get_text(strip=True) for a in page.select(".campaign-list a")]
    assert "ความปลอดภัย ไม่ใช่การบุกค้น" in links
