"""What readers see on the home page, the news index, an article and a letter."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import translation

from chorus.core.languages import bcp47
from chorus.news.demo_texts import EMBASSY, LETTER
from chorus.news.models import ArticlePage, NewsIndexPage

from .conftest import DROP_IN_SLUG, EMBASSY_SLUG, LOCALES, MEMBERS_SLUG, PUBLIC, soup

pytestmark = pytest.mark.django_db


def test_article_shows_newsflashes_on_top_newest_first(client: Client, news_site) -> None:
    page = soup(client.get(f"/th/news/{EMBASSY_SLUG}/"))
    article = page.select_one("article.article-page")
    children = [child for child in article.children if getattr(child, "name", None)]
    names = [child.get("class", [""])[0] for child in children]
    assert names.index("newsflashes") < names.index("lead-image") < names.index("article-body")
    items = [item.select_one(".newsflash__text").get_text(strip=True) for item in page.select(".newsflash")]
    assert items == [
        "สถานทูตตกลงพบตัวแทนคนทำงานและภาคีในวันที่ 3 กรกฎาคม",
        "ผู้สนับสนุน 312 คนลงชื่อในจดหมายภายในสองวัน ขอบคุณทุกคน!",
    ]
    with translation.override("th"):
        label = translation.gettext("Newsflash!")
    assert label != "Newsflash!"
    assert page.select_one(".newsflashes .newsflash-label").get_text(strip=True) == label


def test_photos_have_alt_text_caption_credit_and_responsive_sources(client: Client, news_site) -> None:
    page = soup(client.get(f"/th/news/{EMBASSY_SLUG}/"))
    lead = page.select_one(".lead-image")
    lead_img = lead.select_one("img")
    assert lead_img["alt"] == EMBASSY["th"]["lead_alt"]
    assert lead_img.get("loading") != "lazy"  # above the fold
    assert lead_img["fetchpriority"] == "high"
    assert EMBASSY["th"]["lead_caption"] in lead.figcaption.get_text()
    body_figure = page.select_one(".body-image")
    img = body_figure.select_one("img")
    assert img["alt"] == EMBASSY["th"]["photo_alt"]
    assert img["loading"] == "lazy"
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert ".jpg" in img["src"] or ".jpeg" in img["src"]
    webp = body_figure.select_one('picture source[type="image/webp"]')
    assert webp is not None and webp["srcset"].count("w,") >= 2
    assert EMBASSY["th"]["photo_caption"] in body_figure.figcaption.get_text()
    assert EMBASSY["th"]["credit"] in body_figure.figcaption.get_text()


def test_excerpt_leads_to_the_full_letter_in_the_same_language(client: Client, news_site) -> None:
    page = soup(client.get(f"/th/news/{EMBASSY_SLUG}/"))
    excerpt = page.select_one(".excerpt")
    assert EMBASSY["th"]["excerpt"].removeprefix("<p>").removesuffix("</p>") in excerpt.blockquote.get_text()
    link = excerpt.select_one(".excerpt__link a")
    assert link["href"] == "/th/news/letter-to-the-ambassador/"
    letter = soup(client.get(link["href"]))
    assert letter.h1.get_text(strip=True) == LETTER["th"]["title"]
    assert LETTER["th"]["recipient"] in letter.select_one(".document-meta").get_text()


def test_english_excerpt_link_says_go_to_the_full_letter(client: Client, news_site) -> None:
    page = soup(client.get(f"/en/news/{EMBASSY_SLUG}/"))
    assert page.select_one(".excerpt__link a").get_text(strip=True) == "Go to the full letter"


def test_related_links_show_title_source_and_date(client: Client, news_site) -> None:
    page = soup(client.get(f"/en/news/{EMBASSY_SLUG}/"))
    items = page.select(".related-links li")
    assert [item.a["href"] for item in items] == [url for _t, _s, url in EMBASSY["en"]["links"]]
    assert "Mekong Workers' Network" in items[0].get_text()
    assert items[0].time["datetime"] == "2026-06-24"


def test_video_loads_nothing_from_the_host_before_a_click(client: Client, news_site) -> None:
    response = client.get(f"/en/news/{EMBASSY_SLUG}/")
    page = soup(response)
    video = page.select_one("figure.video")
    assert video["data-video-embed"].startswith("https://www.youtube-nocookie.com/embed/")
    assert page.select("iframe") == []
    for element in page.select("[src], [srcset], link[href]"):
        for url in [element.get("src"), element.get("srcset"), element.get("href")]:
            assert not url or "youtube" not in url
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    assert "default-src 'self'" in policy
    # Pages without a video keep the strict policy with no frames at all.
    assert "frame-src" not in client.get(f"/en/news/{DROP_IN_SLUG}/")["Content-Security-Policy"]


def test_home_shows_the_latest_newsflash_and_latest_news(client: Client, news_site) -> None:
    page = soup(client.get("/ko/"))
    banner = page.select_one(".newsflash-banner")
    assert EMBASSY["ko"]["newsflashes"][0].removeprefix("<p>").removesuffix("</p>") in banner.get_text()
    assert banner.a["href"].startswith(f"/ko/news/{EMBASSY_SLUG}/#newsflash-")
    titles = [link.get_text(strip=True) for link in page.select(".teaser__title a")]
    assert titles[0] == EMBASSY["ko"]["title"]
    assert len(titles) == 4


def test_home_has_a_hook_for_active_campaigns(client: Client, news_site) -> None:
    from wagtail import hooks

    def campaigns(request, page):
        return {
            "active_campaigns": [{"title": "Safety, not raids", "url": "/en/campaigns/x/", "summary": ""}]
        }

    with hooks.register_temporarily("chorus_home_page_context", campaigns):
        page = soup(client.get("/en/"))
    assert page.select_one("#campaigns-heading") is not None
    assert page.select_one(".campaign-list a")["href"] == "/en/campaigns/x/"


def test_index_lists_newest_first_and_filters_by_year(client: Client, news_site) -> None:
    page = soup(client.get("/en/news/"))
    dates = [time["datetime"] for time in page.select(".teaser__meta time")]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 4  # the members-only article is not listed for visitors
    filtered = soup(client.get("/en/news/", {"year": "2025"}))
    assert [time["datetime"] for time in filtered.select(".teaser__meta time")] == ["2025-12-17"]
    assert filtered.select_one('.year-filter a[aria-current="page"]').get_text() == "2025"


@pytest.mark.parametrize("year", ["abc", "1999", "-1", "2026x"])
def test_bad_year_gets_a_message_not_an_error(client: Client, news_site, year: str) -> None:
    response = client.get("/en/news/", {"year": year})
    assert response.status_code == 200
    assert "There is no news from" in soup(response).select_one(".notice").get_text()


def test_index_is_paginated(client: Client, news_site) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="en")
    for day in range(1, 10):
        article = ArticlePage(
            title=f"Update {day}",
            slug=f"update-{day}",
            summary="An update.",
            date=datetime.date(2024, 1, day),
        )
        index.add_child(instance=article)
        article.save_revision().publish()
    first = soup(client.get("/en/news/"))
    assert len(first.select(".teaser")) == 10
    assert first.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    second = soup(client.get("/en/news/", {"page": "2"}))
    assert [t.get_text(strip=True) for t in second.select(".teaser__title")] == [
        "Update 3",
        "Update 2",
        "Update 1",
    ]
    assert client.get("/en/news/", {"page": "zzz"}).status_code == 200


def test_untranslated_articles_are_listed_and_open_with_the_notice(client: Client, news_site) -> None:
    page = soup(client.get("/km/news/"))
    fallback = [teaser for teaser in page.select(".teaser") if teaser.get("lang") == "en"]
    assert [teaser.a["href"] for teaser in fallback] == [
        f"/km/news/{DROP_IN_SLUG}/",
        "/km/news/legal-aid-line-this-year/",
        "/km/news/day-to-end-violence/",
    ]
    article = soup(client.get(f"/km/news/{DROP_IN_SLUG}/"))
    assert article.select_one(".notice--fallback") is not None
    assert article.main["lang"] == "en"
    alternates = {link["hreflang"] for link in article.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"en", "th", "zh-Hans", "ko"}
    assert article.select_one('link[rel="canonical"]')["href"] == f"{PUBLIC}/en/news/{DROP_IN_SLUG}/"


def test_members_only_article_is_hidden_from_visitors_and_open_to_members(
    client: Client, news_site, demo_accounts
) -> None:
    assert client.get(f"/en/news/{MEMBERS_SLUG}/").status_code == 302
    assert MEMBERS_SLUG not in client.get("/en/news/").content.decode()
    client.force_login(demo_accounts["member"])
    index = soup(client.get("/en/news/"))
    teaser = next(t for t in index.select(".teaser") if MEMBERS_SLUG in t.a["href"])
    assert "Members only" in teaser.get_text()
    assert client.get(f"/th/news/{MEMBERS_SLUG}/").status_code == 200


def test_the_thai_translation_of_a_members_only_article_is_private_too(client: Client, news_site) -> None:
    assert client.get(f"/th/news/{MEMBERS_SLUG}/").status_code == 302


def test_article_has_canonical_open_graph_and_twitter_meta(client: Client, news_site) -> None:
    page = soup(client.get(f"/zh-hans/news/{EMBASSY_SLUG}/"))

    def meta(attribute: str, name: str) -> str:
        return page.select_one(f'meta[{attribute}="{name}"]')["content"]

    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"{PUBLIC}/zh-hans/news/{EMBASSY_SLUG}/"
    assert meta("property", "og:url") == canonical
    assert meta("property", "og:title") == EMBASSY["zh-hans"]["title"]
    assert meta("property", "og:description") == EMBASSY["zh-hans"]["summary"]
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:locale") == "zh_CN"
    assert meta("property", "og:image").startswith(f"{PUBLIC}/media/images/")
    assert meta("property", "og:image:width") == "1200"
    assert meta("property", "og:image:alt") == EMBASSY["zh-hans"]["lead_alt"]
    assert meta("name", "twitter:card") == "summary_large_image"
    assert page.select_one('link[type="application/atom+xml"]')["href"] == "/zh-hans/feeds/news/"


def test_share_links_are_plain_links_without_scripts(client: Client, news_site) -> None:
    page = soup(client.get(f"/en/news/{EMBASSY_SLUG}/"))
    links = page.select(".share a")
    assert {link.get_text() for link in links} >= {"Email", "Facebook", "LINE", "Telegram", "WhatsApp"}
    for link in links:
        assert "supporting-partners-struggles" in link["href"]
    scripts = [script.get("src") for script in page.select("script")]
    assert scripts == ["/static/news/js/video.js"]


@pytest.mark.parametrize("code", LOCALES)
def test_every_locale_renders_home_index_and_article(client: Client, news_site, code: str) -> None:
    for path in [
        f"/{code}/",
        f"/{code}/news/",
        f"/{code}/news/{EMBASSY_SLUG}/",
        f"/{code}/news/{DROP_IN_SLUG}/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert soup(response).html["lang"] == bcp47(code)
