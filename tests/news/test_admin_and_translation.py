"""Staff write and publish in the Wagtail admin; translators work through wagtail-localize
(in the admin and with PO files)."""

from __future__ import annotations

from typing import Any

import polib
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from chorus.news.models import ArticlePage, NewsIndexPage

from .conftest import EMBASSY_SLUG, soup

pytestmark = pytest.mark.django_db


def article_form(index: NewsIndexPage, *, alt_text: str, lead_alt: str, publish: bool) -> dict[str, Any]:
    embassy = ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG)
    image = embassy.lead_image
    data = nested_form_data(
        {
            "title": "Vigil by the river",
            "slug": "vigil-by-the-river",
            "date": "2026-07-10",
            "summary": "We met by the river.",
            "lead_image": image.pk,
            "lead_image_alt": lead_alt,
            "lead_image_caption": "",
            "lead_image_credit": "",
            "newsflashes": inline_formset(
                [{"posted_at": "2026-07-11 10:00", "text": rich_text("Thank you all.")}]
            ),
            "comments": inline_formset([]),
            "body": streamfield(
                [
                    ("text", rich_text("We met by the river at dusk.")),
                    ("image", {"image": image.pk, "alt_text": alt_text, "caption": "Candles.", "credit": ""}),
                ]
            ),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def add_url(index: NewsIndexPage) -> str:
    return f"/admin/pages/add/news/articlepage/{index.pk}/"


def test_staff_can_open_the_editor_for_every_news_page_type(staff_client: Client, news_site) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="en")
    for model in ["articlepage", "documentpage"]:
        assert staff_client.get(f"/admin/pages/add/news/{model}/{index.pk}/").status_code == 200
    embassy = ArticlePage.objects.get(locale__language_code="th", slug=EMBASSY_SLUG)
    assert staff_client.get(f"/admin/pages/{embassy.pk}/edit/").status_code == 200


def test_publishing_is_refused_without_alt_text_on_a_photo(staff_client: Client, news_site) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="en")
    response = staff_client.post(
        add_url(index), article_form(index, alt_text="", lead_alt="River.", publish=True)
    )
    assert response.status_code == 200  # the form again, with the error
    assert not ArticlePage.objects.filter(slug="vigil-by-the-river").exists()
    assert "This field is required" in response.content.decode()


def test_publishing_is_refused_without_alt_text_on_the_lead_image(staff_client: Client, news_site) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="en")
    response = staff_client.post(
        add_url(index), article_form(index, alt_text="Candles.", lead_alt="", publish=True)
    )
    assert response.status_code == 200
    assert "Describe the lead image" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="vigil-by-the-river").exists()


def test_a_draft_may_be_saved_without_alt_text_and_published_with_it(
    staff_client: Client, news_site, client: Client
) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="en")
    response = staff_client.post(add_url(index), article_form(index, alt_text="", lead_alt="", publish=False))
    assert response.status_code == 302
    draft = ArticlePage.objects.get(slug="vigil-by-the-river")
    assert not draft.live
    response = staff_client.post(
        f"/admin/pages/{draft.pk}/edit/",
        article_form(
            index, alt_text="Candles in jars by the water.", lead_alt="People by a river.", publish=True
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    page = soup(Client().get("/en/news/vigil-by-the-river/"))
    assert page.select_one(".body-image img")["alt"] == "Candles in jars by the water."
    assert page.select_one(".newsflash__text").get_text(strip=True) == "Thank you all."


def test_po_download_and_upload_round_trip(
    staff_client: Client, news_site, django_capture_on_commit_callbacks
) -> None:
    """A translator downloads the PO file of a page, translates it offline, uploads it, publishes."""
    index = NewsIndexPage.objects.get(locale__language_code="en")
    source_page = ArticlePage(
        title="Rent strike news",
        slug="rent-strike-news",
        date="2026-07-20",
        summary="Tenants won a rent freeze.",
        body=[("text", "<p>The landlord agreed to freeze the rent for a year.</p>")],
    )
    source_page.newsflashes = []
    index.add_child(instance=source_page)
    source_page.save_revision().publish()
    thai_index = index.get_translation(Locale.objects.get(language_code="th"))
    assert thai_index.live

    thai_locale = Locale.objects.get(language_code="th")
    # "Translate this page" in the admin: makes the Thai draft and its translation record.
    submitted = staff_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[source_page.pk]),
        {"locales": [thai_locale.pk]},
    )
    assert submitted.status_code == 302
    translation = Translation.objects.get(
        source__object_id=source_page.translation_key, target_locale=thai_locale
    )

    download = staff_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    thai = {
        "Rent strike news": "ข่าวการประท้วงค่าเช่า",
        "Tenants won a rent freeze.": "ผู้เช่าได้รับการตรึงค่าเช่า",
        "The landlord agreed to freeze the rent for a year.": "เจ้าของตกลงตรึงค่าเช่าหนึ่งปี",
        "rent-strike-news": "rent-strike-news",
    }
    assert {entry.msgid for entry in po} >= set(thai)
    for entry in po:
        entry.msgstr = thai.get(entry.msgid, entry.msgstr)

    upload = staff_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": _po_upload(str(po)), "next": "/admin/"},
    )
    assert upload.status_code == 302
    assert StringTranslation.objects.filter(locale__language_code="th", data="ผู้เช่าได้รับการตรึงค่าเช่า").exists()

    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    translated = ArticlePage.objects.get(
        locale__language_code="th", translation_key=source_page.translation_key
    )
    assert translated.live
    assert translated.title == "ข่าวการประท้วงค่าเช่า"
    page = soup(Client().get(translated.url))
    assert page.h1.get_text(strip=True) == "ข่าวการประท้วงค่าเช่า"
    assert "เจ้าของตกลงตรึงค่าเช่าหนึ่งปี" in page.select_one(".article-body").get_text()

    # The PO file that comes back down now carries the translations.
    again = polib.pofile(
        staff_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk])).content.decode()
    )
    assert {entry.msgid: entry.msgstr for entry in again}["Rent strike news"] == "ข่าวการประท้วงค่าเช่า"


def _po_upload(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("translation.po", text.encode(), content_type="text/x-gettext-translation")


def test_newsflashes_are_translated_with_their_page(news_site) -> None:
    english = ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG)
    source, _created = TranslationSource.get_or_create_from_instance(english)
    strings = set(source.stringsegment_set.values_list("string__data", flat=True))
    assert "The embassy has agreed to meet a delegation of workers and partners on 3 July." in strings
    assert "Go to the full letter" not in strings  # interface text comes from the catalogues
    assert english.lead_image_alt in strings


def test_translators_see_missing_and_out_of_date_pages_per_language(staff_client: Client, news_site) -> None:
    embassy = ArticlePage.objects.get(locale__language_code="en", slug=EMBASSY_SLUG)
    embassy.summary = "Updated in English after the translations were made."
    embassy.save_revision().publish()
    response = staff_client.get(reverse("news_translation_status"))
    assert response.status_code == 200
    page = soup(response)
    headers = [th.get_text(strip=True) for th in page.select("thead th")]
    assert headers[1:] == ["ខ្មែរ", "한국어", "ไทย", "简体中文", "繁體中文"]
    rows = {
        row.th.get_text(strip=True): [td["class"][0] for td in row.select("td")]
        for row in page.select("tbody tr")
    }
    assert rows[embassy.title] == ["status-out-of-date"] * 5
    assert rows["The drop-in space is now open on Sundays"] == [
        "status-missing",
        "status-up-to-date",
        "status-up-to-date",
        "status-up-to-date",
        "status-missing",
    ]
    missing = soup(staff_client.get(reverse("news_translation_status"), {"status": "missing"}))
    assert embassy.title not in missing.get_text()


def test_members_cannot_see_the_translation_status(client: Client, news_site, demo_accounts) -> None:
    client.force_login(demo_accounts["member"])
    response = client.get(reverse("news_translation_status"))
    assert response.status_code == 302
