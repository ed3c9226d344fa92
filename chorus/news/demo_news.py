"""Demo news: a news index, five articles (one members-only), newsflash updates, a full
letter quoted from an article, related links, a click-to-load video, and photos drawn
with Pillow. Idempotent: what exists already is left alone."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText

from .demo_images import DRAWINGS, jpeg_bytes
from .demo_texts import ARTICLES, IMAGES, LETTER, MEMBERS_ONLY_SLUGS, NEWS_INDEX
from .models import ArticlePage, DocumentPage, HomePage, Newsflash, NewsIndexPage

VIDEO_URL = "https://www.youtube.com/watch?v=Rl5tSpk2Q9E"
LETTER_DATE = datetime.date(2026, 6, 24)


def _image(key: str, description: str) -> Any:
    image_model = get_image_model()
    existing = image_model.objects.filter(title=IMAGES[key]).first()
    if existing is not None:
        return existing
    data = jpeg_bytes(DRAWINGS[key]())
    image = image_model(
        title=IMAGES[key], description=description, file=ImageFile(io.BytesIO(data), name=f"demo-{key}.jpg")
    )
    image.save()
    return image


def _publish_translation(source: Page, locale: Locale, fields: dict[str, Any]) -> Page:
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = source.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def _body(texts: dict[str, Any], images: dict[str, Any], letter: Page | None) -> list[tuple[str, Any]]:
    paragraphs = texts["paragraphs"]
    body: list[tuple[str, Any]] = [("text", RichText(paragraphs[0]))]
    if letter is None:
        body.extend(("text", RichText(paragraph)) for paragraph in paragraphs[1:])
        return body
    # The full article: a photo, an excerpt of the letter, a video and related links.
    body += [
        (
            "image",
            {
                "image": images["letter"],
                "alt_text": texts["photo_alt"],
                "caption": texts["photo_caption"],
                "credit": texts["credit"],
            },
        ),
        ("text", RichText(paragraphs[1])),
        (
            "excerpt",
            {"text": RichText(texts["excerpt"]), "attribution": texts["attribution"], "document": letter},
        ),
        ("text", RichText(paragraphs[2])),
        (
            "video",
            {
                "url": VIDEO_URL,
                "title": texts["video_title"],
                "poster": images["river"],
                "caption": texts["video_caption"],
            },
        ),
        (
            "related_links",
            {
                "heading": texts["links_heading"],
                "links": [
                    {"title": title, "source": source, "date": LETTER_DATE, "url": url}
                    for title, source, url in texts["links"]
                ],
            },
        ),
    ]
    return body


def _article_fields(texts: dict[str, Any], images: dict[str, Any], letter: Page | None) -> dict[str, Any]:
    return {
        "title": texts["title"],
        "summary": texts["summary"],
        "lead_image_alt": texts.get("lead_alt", ""),
        "lead_image_caption": texts.get("lead_caption", ""),
        "lead_image_credit": texts.get("credit", ""),
        "body": _body(texts, images, letter),
    }


def _restrict_to_members(page: Page) -> None:
    if not PageViewRestriction.objects.filter(page=page).exists():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def load_demo_news(home: HomePage) -> NewsIndexPage:
    default = home.locale
    locales = {locale.language_code: locale for locale in Locale.objects.exclude(pk=default.pk)}
    images = {
        "embassy": _image("embassy", ARTICLES[0][4]["en"]["lead_alt"]),
        "letter": _image("letter", ARTICLES[0][4]["en"]["photo_alt"]),
        "drop-in": _image("drop-in", ARTICLES[2][4]["en"]["lead_alt"]),
        "river": _image("river", ARTICLES[3][4]["en"]["lead_alt"]),
    }

    index = NewsIndexPage.objects.filter(locale=default).first()
    if index is None:
        title, intro = NEWS_INDEX["en"]
        index = NewsIndexPage(title=title, slug="news", intro=intro, locale=default)
        home.add_child(instance=index)
        index.save_revision().publish()

    letter = DocumentPage.objects.filter(locale=default, slug="letter-to-the-ambassador").first()
    if letter is None:
        letter = DocumentPage(
            slug="letter-to-the-ambassador",
            date=LETTER_DATE,
            kind=DocumentPage.Kind.LETTER,
            locale=default,
            **LETTER["en"],
        )
        index.add_child(instance=letter)
        letter.save_revision().publish()

    for code, locale in locales.items():
        title, intro = NEWS_INDEX[code]
        _publish_translation(index, locale, {"title": title, "intro": intro})
        if code in LETTER:
            _publish_translation(letter, locale, LETTER[code])

    for slug, date, image_key, newsflash_times, texts in ARTICLES:
        with_letter = slug == ARTICLES[0][0]
        article = ArticlePage.objects.filter(locale=default, slug=slug).first()
        if article is None:
            article = ArticlePage(
                slug=slug,
                date=date,
                lead_image=images[image_key] if image_key else None,
                locale=default,
                **_article_fields(texts["en"], images, letter if with_letter else None),
            )
            article.newsflashes = [
                Newsflash(posted_at=posted_at, text=text, locale=default)
                for posted_at, text in zip(newsflash_times, texts["en"]["newsflashes"], strict=True)
            ]
            index.add_child(instance=article)
            article.save_revision().publish()
            if slug in MEMBERS_ONLY_SLUGS:
                _restrict_to_members(article)
        for code, locale in locales.items():
            if code not in texts or article.get_translation_or_none(locale) is not None:
                continue
            quoted = (letter.get_translation_or_none(locale) or letter) if with_letter else None
            translated = article.copy_for_translation(locale).specific
            for name, value in _article_fields(texts[code], images, quoted).items():
                setattr(translated, name, value)
            # The copy carries the newsflashes over (same translation keys); give them their text.
            newsflashes = sorted(translated.newsflashes.all(), key=lambda item: item.posted_at, reverse=True)
            for newsflash, text in zip(newsflashes, texts[code]["newsflashes"], strict=True):
                newsflash.text = text
            translated.newsflashes = newsflashes
            translated.save_revision().publish()
            if slug in MEMBERS_ONLY_SLUGS:
                # Privacy is per page: each translation needs its own restriction.
                _restrict_to_members(translated)

    # The search index fills as each publish is indexed by the task worker (see handlers.py).
    return index
