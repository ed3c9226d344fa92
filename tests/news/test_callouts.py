"""The action call-out block: which pages it accepts, what it shows in each language, what it
costs in queries, and how long the page cache may keep its count."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Locale, Page

from chorus.actions import counters
from chorus.actions.models import ActionCount
from chorus.actions.services import set_paused
from chorus.events.demo import load_demo_events
from chorus.jointletters.demo import load_demo_joint_letter
from chorus.letters.demo import load_demo_letter_campaign
from chorus.news.blocks import ActionCalloutBlock
from chorus.news.demo import load_demo_content
from chorus.news.demo_callouts import ARTICLE_SLUG, JOINT_LETTER_HEADING, load_demo_callouts
from chorus.news.models import ArticlePage

from .conftest import soup

pytestmark = pytest.mark.django_db

LETTERS = "safe-passage-home"
JOINT_LETTER = "joint-letter-embassy"
EVENT = "rights-not-rescue-embassy"


@pytest.fixture(scope="module")
def _callout_site(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo with its letter campaign, joint letter and days of action, and the article that
    presents both campaigns, once per module, rolled back after."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            home = load_demo_content()
            load_demo_letter_campaign(home)
            load_demo_joint_letter(home)
            load_demo_events(home)
            assert load_demo_callouts() == 6  # the article in all six languages
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def site(_callout_site: None, db: None) -> None:
    return None


def page_in(slug: str, code: str) -> Any:
    return Page.objects.get(slug=slug, locale__language_code=code).specific


def record_counts(letters: int, joint_letter: int) -> None:
    counters.add(page_in(LETTERS, "en").action_page_id, ActionCount.Bucket.CONFIRMED, letters)
    counters.add(page_in(JOINT_LETTER, "en").action_page_id, ActionCount.Bucket.UNCONFIRMED, joint_letter)


def in_language(code: str, message: str, plural: str = "", n: int = 0, **params: str) -> str:
    with translation.override(code):
        text = translation.ngettext(message, plural, n) if plural else translation.gettext(message)
    if code != "en":
        assert text not in {message, plural}, f"{message!r} has no {code} translation"
    return text % params if params else text


def grouped(code: str, n: int) -> str:
    with translation.override(code):
        return number_format(n, force_grouping=True)


def callouts_on(client: Client, code: str) -> list[Any]:
    article = page_in(ARTICLE_SLUG, code)
    response = client.get(article.url)
    assert response.status_code == 200
    return soup(response).select("aside.action-callout")


def text(element: Any) -> str:
    return " ".join(element.get_text(" ").split())


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["th", "km"])
def test_the_block_refuses_a_page_that_takes_no_actions_in_the_editors_language(
    site: None, code: str
) -> None:
    block = ActionCalloutBlock()
    about = page_in("about", "en")
    value = block.to_python({"page": about.pk, "heading": "", "button_label": ""})

    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)

    with translation.override(code):  # the admin shows it in the editor's language
        message = str(refused.value.block_errors["page"].messages[0])
    assert message == in_language(
        code,
        "This page does not take actions. Choose a petition, a letter campaign, a joint letter or a day of action.",
    )


@pytest.mark.parametrize("slug", [LETTERS, JOINT_LETTER, EVENT])
def test_the_block_accepts_every_kind_of_action_page(site: None, slug: str) -> None:
    block = ActionCalloutBlock()
    value = block.to_python({"page": page_in(slug, "en").pk, "heading": "", "button_label": ""})
    assert block.clean(value)["page"].pk == page_in(slug, "en").pk


# --- what readers see ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["th", "km"])
def test_each_call_out_shows_its_page_in_the_articles_language_with_its_own_count(
    client: Client, site: None, code: str
) -> None:
    record_counts(letters=1234, joint_letter=56)
    letters, joint_letter = page_in(LETTERS, code), page_in(JOINT_LETTER, code)
    assert letters.title != page_in(LETTERS, "en").title

    first, second = callouts_on(client, code)

    assert text(first.select_one("h2")) == letters.title
    assert text(first.select_one(".action-callout__text")) == letters.summary
    assert first.select_one(".action-callout__about")["lang"] == code
    assert text(first.select_one(".action-callout__count")) == in_language(
        code, "%(count)s letter written", "%(count)s letters written", 1234, count=grouped(code, 1234)
    )
    assert "234" in text(first.select_one(".action-callout__count"))
    button = first.select_one("a.action-callout__button")
    assert text(button) == in_language(code, "Write a letter")
    assert button["href"] == f"{letters.url}#write"
    progress = first.select_one("progress")
    assert (progress["max"], progress["value"]) == ("300", "300")  # the goal, reached

    assert text(second.select_one("h2")) == JOINT_LETTER_HEADING[code]
    assert text(second.select_one(".action-callout__text")) == joint_letter.summary
    assert text(second.select_one(".action-callout__count")) == in_language(
        code, "%(count)s signature received", "%(count)s signatures received", 56, count=grouped(code, 56)
    )
    button = second.select_one("a.action-callout__button")
    assert text(button) == in_language(code, "Co-sign")
    assert button["href"] == f"{joint_letter.url}#sign-on"
    assert second.select_one("progress")["value"] == "50"


def test_in_english_the_call_outs_use_the_english_pages(client: Client, site: None) -> None:
    record_counts(letters=1, joint_letter=2)
    first, second = callouts_on(client, "en")
    assert text(first.select_one("h2")) == "Safe passage home"
    assert text(first.select_one(".action-callout__count")) == "1 letter written"
    assert first.select_one("a.action-callout__button")["href"] == "/en/safe-passage-home/#write"
    assert text(second.select_one(".action-callout__count")) == "2 signatures received"
    assert text(second.select_one("a.action-callout__button")) == "Co-sign"


def test_an_untranslated_action_page_falls_back_to_the_original_marked_as_english(
    client: Client, site: None
) -> None:
    page_in(LETTERS, "km").unpublish()

    first, _second = callouts_on(client, "km")

    assert text(first.select_one("h2")) == "Safe passage home"
    assert first.select_one(".action-callout__about")["lang"] == "en"
    assert first.select_one(".action-callout__act")["lang"] == "km"
    # Linked under the reader's prefix, where the router serves the English page with a notice.
    assert first.select_one("a.action-callout__button")["href"] == "/km/safe-passage-home/#write"


def test_a_paused_action_shows_the_pause_instead_of_the_button(client: Client, site: None) -> None:
    set_paused(page_in(LETTERS, "en").action_page_id, True)

    first, second = callouts_on(client, "th")

    assert first.select_one("a.action-callout__button") is None
    assert text(first.select_one(".action-callout__notice")) == in_language(
        "th", "This action is paused at the moment. Please try again later."
    )
    assert second.select_one("a.action-callout__button") is not None


def test_a_day_of_action_gets_the_rsvp_wording_and_the_block_overrides(client: Client, site: None) -> None:
    article = page_in(ARTICLE_SLUG, "ko")
    event = page_in(EVENT, "en")
    article.body = [("action_callout", {"page": event, "heading": "함께 가요", "button_label": "지금 신청"})]
    article.save_revision().publish()
    counters.add(event.action_page_id, ActionCount.Bucket.CONFIRMED, 3)

    (callout,) = callouts_on(client, "ko")

    assert text(callout.select_one("h2")) == "함께 가요"
    assert text(callout.select_one(".action-callout__count")) == in_language(
        "ko", "%(count)s RSVP", "%(count)s RSVPs", 3, count="3"
    )
    button = callout.select_one("a.action-callout__button")
    assert text(button) == "지금 신청"
    assert button["href"] == f"{page_in(EVENT, 'ko').url}#rsvp"
    assert callout.select_one("progress") is None  # a day of action has places, not a goal


# --- cost ----------------------------------------------------------------------------------------

# The chosen pages (one query for all the call-outs), then per call-out on a cold cache: the
# page's translations, its counters and its pause flag. Measured: 31 without, 38 with two.
PER_CALLOUT = 4


def queries_for(client: Client, url: str) -> int:
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_two_call_outs_cost_a_small_constant_each(client: Client, site: None) -> None:
    record_counts(letters=10, joint_letter=5)
    article = page_in(ARTICLE_SLUG, "th")
    url = article.url
    queries_for(client, url)  # makes the image renditions
    with_callouts = queries_for(client, url)

    article.body = [
        (block.block_type, block.value) for block in article.body if block.block_type != "action_callout"
    ]
    article.save_revision().publish()
    without = queries_for(client, url)

    assert without < with_callouts <= without + 2 * PER_CALLOUT


def test_an_article_with_two_call_outs_costs_exactly_its_query_budget(
    client: Client, site: None, django_assert_num_queries: Any
) -> None:
    record_counts(letters=10, joint_letter=5)
    url = page_in(ARTICLE_SLUG, "th").url
    queries_for(client, url)  # makes the image renditions
    for cache in caches.all():
        cache.clear()
    with django_assert_num_queries(38):  # exact on SQLite and PostgreSQL alike
        assert client.get(url).status_code == 200


# --- the page cache ------------------------------------------------------------------------------


def cached_expiry() -> float:
    """When the page cache drops the page just stored (the only entry that expires)."""
    pages = caches["pages"]
    expiries = [expiry for expiry in pages._expire_info.values() if expiry is not None]  # type: ignore[attr-defined]
    assert len(expiries) == 1
    return float(expiries[0])


def test_an_article_with_call_outs_is_cached_for_a_minute_not_a_day(
    client: Client, site: None, page_cache_on: None
) -> None:
    # Measured against the moments around the request, so a slow machine changes nothing.
    before = time.time()
    response = client.get(page_in(ARTICLE_SLUG, "th").url)
    after = time.time()
    assert response["X-Chorus-Page-Cache"] == "miss"
    assert before + 59 <= cached_expiry() <= after + 60

    caches["pages"].clear()
    other = Page.objects.get(slug="legal-aid-line-this-year", locale=Locale.get_default())
    before = time.time()
    assert client.get(other.url)["X-Chorus-Page-Cache"] == "miss"
    assert cached_expiry() > before + 60 * 60


def test_the_demo_adds_the_call_outs_once(site: None) -> None:
    assert load_demo_callouts() == 0
    articles = list(ArticlePage.objects.filter(slug=ARTICLE_SLUG))
    assert {article.locale.language_code for article in articles} == {
        code for code, _name in settings.LANGUAGES
    }
    for article in articles:
        kinds = [block.block_type for block in article.body]
        assert kinds.count("action_callout") == 2, article.locale_id


# --- translating with wagtail-localize ---------------------------------------------------------


def test_a_translation_made_with_wagtail_localize_shows_the_action_pages_translation(
    client: Client, site: None, django_capture_on_commit_callbacks: Any
) -> None:
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    english = page_in(ARTICLE_SLUG, "en")
    article = ArticlePage(
        title="Write before the meeting",
        slug="write-before-the-meeting",
        date="2026-07-01",
        summary="The Minister meets our partners next week.",
        body=[
            (
                "action_callout",
                {
                    "page": page_in(LETTERS, "en"),
                    "heading": "Write before Friday",
                    "button_label": "Write now",
                },
            )
        ],
    )
    article.newsflashes = []
    english.get_parent().add_child(instance=article)
    article.save_revision().publish()
    thai = Locale.objects.get(language_code="th")

    source, _created = TranslationSource.get_or_create_from_instance(article)
    thai_strings = {
        "Write before the meeting": "เขียนก่อนการประชุม",
        "Write before Friday": "เขียนก่อนวันศุกร์",
        "Write now": "เขียนเลย",
    }
    segments = source.stringsegment_set.select_related("string", "context")
    assert {segment.string.data for segment in segments} >= set(thai_strings)
    for segment in segments:
        if segment.string.data in thai_strings:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=thai,
                context=segment.context,
                data=thai_strings[segment.string.data],
            )
    translation_job = Translation.objects.create(source=source, target_locale=thai)
    with django_capture_on_commit_callbacks(execute=True):
        translation_job.save_target(publish=True)

    translated = ArticlePage.objects.get(translation_key=article.translation_key, locale=thai)
    (block,) = translated.body
    assert block.value["page"].pk == page_in(LETTERS, "en").pk  # wagtail-localize keeps the chosen page
    response = client.get(translated.url)
    (callout,) = soup(response).select("aside.action-callout")
    assert text(callout.select_one("h2")) == "เขียนก่อนวันศุกร์"
    assert text(callout.select_one(".action-callout__text")) == page_in(LETTERS, "th").summary
    button = callout.select_one("a.action-callout__button")
    assert text(button) == "เขียนเลย"
    assert button["href"] == f"{page_in(LETTERS, 'th').url}#write"


def test_staff_can_open_the_editor_of_an_article_with_call_outs(staff_client: Client, site: None) -> None:
    response = staff_client.get(f"/admin/pages/{page_in(ARTICLE_SLUG, 'th').pk}/edit/")
    assert response.status_code == 200
    assert "Action call-out" in response.content.decode()


def test_a_closed_joint_letter_shows_its_closing_instead_of_the_button(client: Client, site: None) -> None:
    thai = page_in(JOINT_LETTER, "th")
    closed_at = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
    type(thai).objects.filter(pk=thai.pk).update(signing_closes_at=closed_at)

    first, second = callouts_on(client, "th")

    assert second.select_one("a.action-callout__button") is None
    with translation.override("th"):
        day = date_format(timezone.localtime(closed_at), "DATE_FORMAT")
    assert text(second.select_one(".action-callout__notice")) == in_language(
        "th", "Signing closed on %(date)s. Thank you to everyone who signed.", date=day
    )
    assert first.select_one("a.action-callout__button") is not None


def test_a_day_of_action_that_has_started_takes_no_more_rsvps(client: Client, site: None) -> None:
    article = page_in(ARTICLE_SLUG, "km")
    event = page_in(EVENT, "en")
    article.body = [("action_callout", {"page": event, "heading": "", "button_label": ""})]
    article.save_revision().publish()
    khmer = page_in(EVENT, "km")
    type(khmer).objects.filter(pk=khmer.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))

    (callout,) = callouts_on(client, "km")

    assert text(callout.select_one("h2")) == khmer.title
    assert callout.select_one("a.action-callout__button") is None
    assert text(callout.select_one(".action-callout__notice")) == in_language(
        "km", "This event has already started, so it no longer takes RSVPs."
    )
