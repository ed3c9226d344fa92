"""Demo call-outs: the article about the letter handed in at the embassy presents the letter
campaign and the joint letter, in every language it is written in.

Runs after the campaigns exist (`chorus demo` calls it once they are loaded). Like
wagtail-localize, each translated article keeps the English pages as chosen; the block shows
their translation in the article's language. Idempotent: an article that has call-outs is left
alone.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale, Page

from chorus.actions.pages import ActionPageMixin

from .demo_texts import ARTICLES
from .models import ArticlePage

ARTICLE_SLUG = ARTICLES[0][0]  # "Supporting partners' struggles, 24 June"
LETTERS_SLUG = "safe-passage-home"
JOINT_LETTER_SLUG = "joint-letter-embassy"

# The joint letter's call-out has its own heading (translated with the article).
JOINT_LETTER_HEADING = {
    "en": "Organisations and individuals: co-sign our joint letter",
    "th": "องค์กรและบุคคลทั่วไป: ร่วมลงนามในจดหมายร่วมของเรา",
    "zh-hans": "组织和个人：联署我们的联名信",
    "zh-hant": "組織和個人：連署我們的聯名信",
    "ko": "단체와 개인: 우리의 공동 서한에 연명해 주세요",
    "km": "អង្គការ និងបុគ្គល៖ ចូលរួមចុះហត្ថលេខាលើលិខិតរួមរបស់យើង",
}


def _action_page(slug: str, locale: Locale) -> Page | None:
    page = Page.objects.filter(locale=locale, slug=slug).first()
    return page if page is not None and isinstance(page.specific, ActionPageMixin) else None


def _with_callouts(article: ArticlePage, letters: Page, joint_letter: Page) -> list[tuple[str, Any]]:
    """The article's blocks with the letters' call-out after the excerpt and the joint letter's
    after the paragraph that follows it."""
    language = article.locale.language_code
    blocks: list[tuple[str, Any]] = [(block.block_type, block.value) for block in article.body]
    excerpt = next(i for i, (kind, _value) in enumerate(blocks) if kind == "excerpt")
    blocks.insert(excerpt + 1, ("action_callout", {"page": letters, "heading": "", "button_label": ""}))
    blocks.insert(
        excerpt + 3,
        (
            "action_callout",
            {
                "page": joint_letter,
                "heading": JOINT_LETTER_HEADING.get(language, JOINT_LETTER_HEADING["en"]),
                "button_label": "",
            },
        ),
    )
    return blocks


def load_demo_callouts() -> int:
    """Add the two call-outs to the article and its translations; returns how many pages changed."""
    default = Locale.get_default()
    letters = _action_page(LETTERS_SLUG, default)
    joint_letter = _action_page(JOINT_LETTER_SLUG, default)
    article = ArticlePage.objects.filter(locale=default, slug=ARTICLE_SLUG).first()
    if letters is None or joint_letter is None or article is None:
        return 0
    changed = 0
    for page in ArticlePage.objects.filter(translation_key=article.translation_key).select_related("locale"):
        if any(block.block_type == "action_callout" for block in page.body):
            continue
        page.body = _with_callouts(page, letters, joint_letter)
        page.save_revision().publish()
        changed += 1
    return changed
