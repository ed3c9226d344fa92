from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction, Revision

from chorus.news.models import ArticlePage

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "zh-hant", "th", "ko", "km"]


def snapshot() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
        PageViewRestriction.objects.count(),
    )


def test_demo_is_idempotent_and_covers_the_languages(settings, capsys) -> None:
    settings.DEBUG = True
    call_command("demo")
    first = snapshot()
    call_command("demo")
    assert snapshot() == first
    languages = set(Page.objects.filter(depth=2).values_list("locale__language_code", flat=True))
    assert {"en", "th", "zh-hans", "ko"} <= languages
    about = set(Page.objects.filter(slug="about").values_list("locale__language_code", flat=True))
    assert {"en", "th", "zh-hans", "ko"} <= about
    out = capsys.readouterr().out
    assert "staff@example.org" in out and "member@example.org" in out
    # The article about the letters presents the letter campaign and the joint letter, in every
    # language, through call-outs that choose the original pages (as wagtail-localize keeps them).
    articles = ArticlePage.objects.filter(slug="supporting-partners-struggles").select_related("locale")
    assert {article.locale.language_code for article in articles} == set(LANGUAGES)
    for article in articles:
        chosen = [
            (block.value["page"].slug, block.value["page"].locale.language_code)
            for block in article.body
            if block.block_type == "action_callout"
        ]
        assert chosen == [("safe-passage-home", "en"), ("joint-letter-embassy", "en")]


def test_demo_refuses_to_run_without_debug(settings) -> None:
    from django.core.management.base import CommandError

    settings.DEBUG = False
    get_user_model().objects.all().delete()
    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        call_command("demo")
    assert not get_user_model().objects.exists()
