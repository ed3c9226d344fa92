"""News in a real browser: a Thai article with its newsflash, photo and letter; the fallback
notice; the click-to-load video; and axe-core on home, index and article in every language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, Route, expect

from chorus.news.demo_texts import EMBASSY, LETTER

from .conftest import LANGUAGE_TAGS, describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

ARTICLE = "/{code}/news/supporting-partners-struggles/"


def serve_media(page: Page) -> None:
    """The live server serves static files but not uploads: hand the browser the photos from MEDIA_ROOT."""

    def fulfil(route: Route) -> None:
        relative = route.request.url.split("/media/", 1)[1].split("?")[0]
        path = Path(settings.MEDIA_ROOT) / relative
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    page.route("**/media/**", fulfil)


def test_thai_article_shows_newsflash_photo_and_leads_to_the_full_letter(page: Page, demo: Any) -> None:
    serve_media(page)
    page.goto(ARTICLE.format(code="th"))

    expect(page.locator("h1")).to_have_text(EMBASSY["th"]["title"])
    newsflashes = page.locator(".newsflashes")
    expect(newsflashes.locator(".newsflash-label")).to_have_text(translated("th", "Newsflash!"))
    expect(newsflashes.locator(".newsflash").first).to_contain_text("สถานทูตตกลงพบตัวแทนคนทำงาน")
    # On top: above the lead photo and the body.
    flash_box = newsflashes.bounding_box()
    photo = page.locator(".lead-image img")
    assert flash_box is not None and (photo_box := photo.bounding_box()) is not None
    assert flash_box["y"] < photo_box["y"]

    expect(photo).to_have_attribute("alt", EMBASSY["th"]["lead_alt"])
    expect(page.locator(".lead-image figcaption")).to_contain_text(EMBASSY["th"]["lead_caption"])
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    body_photo = page.locator(".body-image img")
    body_photo.scroll_into_view_if_needed()
    expect(page.locator(".body-image figcaption")).to_contain_text(EMBASSY["th"]["photo_caption"])
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=body_photo.element_handle())

    page.get_by_role("link", name=translated("th", "Go to the full letter")).click()
    expect(page).to_have_url(f"{page.url.split('/th/')[0]}/th/news/letter-to-the-ambassador/")
    expect(page.locator("h1")).to_have_text(LETTER["th"]["title"])


def test_switching_to_a_language_without_a_translation_shows_the_notice(page: Page, demo: Any) -> None:
    page.goto("/th/news/drop-in-open-on-sundays/")
    expect(page.locator(".notice--fallback")).to_have_count(0)
    page.locator(".language-switcher").get_by_role("link", name="ខ្មែរ").click()

    expect(page).to_have_url(f"{page.url.split('/km/')[0]}/km/news/drop-in-open-on-sundays/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    notice = page.locator(".notice--fallback")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("ខ្មែរ")
    expect(page.locator("main")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("The drop-in space is now open on Sundays")


def test_video_asks_nothing_of_the_host_until_played(page: Page, demo: Any, live_server: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # No network here: answer the player ourselves once the reader has asked for it.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(body="<p>player</p>", content_type="text/html"),
    )
    serve_media(page)
    page.goto(ARTICLE.format(code="en"))
    page.locator("figure.video").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    expect(page.locator("iframe")).to_have_count(0)

    page.get_by_role("button", name="Play video: Speeches outside the embassy (4 minutes)").click()
    frame = page.locator("figure.video iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/Rl5tSpk2Q9E?autoplay=1")
    expect(frame).to_have_attribute("title", "Speeches outside the embassy (4 minutes)")
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(live_server.url)] == [
        "https://www.youtube-nocookie.com/embed/Rl5tSpk2Q9E?autoplay=1"
    ]


def test_home_index_and_article_have_no_axe_violations_in_any_language(page: Page, demo: Any) -> None:
    serve_media(page)
    failures = []
    for code in LANGUAGE_TAGS:
        for path in [
            f"/{code}/",
            f"/{code}/news/",
            ARTICLE.format(code=code),
            f"/{code}/news/drop-in-open-on-sundays/",
        ]:
            page.goto(path)
            violations = run_axe(page)
            if violations:
                failures.append(f"{path}\n{describe(violations)}")
    assert not failures, "\n".join(failures)
