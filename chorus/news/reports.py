"""The "Translation status" report: for every page in the default language, whether each
other language has it live and up to date, only as a draft, out of date, or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from chorus.core.languages import language_name
from chorus.core.roles import SUBMIT_TRANSLATION

UP_TO_DATE, OUT_OF_DATE, DRAFT, MISSING = "up-to-date", "out-of-date", "draft", "missing"
LABELS = {
    UP_TO_DATE: _("Up to date"),
    OUT_OF_DATE: _("Out of date"),
    DRAFT: _("Draft only"),
    MISSING: _("Missing"),
}


@dataclass(frozen=True)
class Cell:
    status: str
    label: str
    url: str


@dataclass(frozen=True)
class Row:
    page: Page
    cells: list[Cell]


def translation_status() -> tuple[list[Locale], list[Row]]:
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    others = list(Locale.objects.exclude(pk=default.pk).order_by("language_code"))
    sources = list(Page.objects.live().filter(locale=default, depth__gt=1).order_by("path"))
    translations: dict[tuple[Any, int], Page] = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(
            translation_key__in=[source.translation_key for source in sources]
        ).exclude(locale=default)
    }
    rows = []
    for source in sources:
        cells = []
        for locale in others:
            translated = translations.get((source.translation_key, locale.pk))
            if translated is None:
                status = MISSING
                url = reverse("wagtail_localize:submit_page_translation", args=[source.pk])
            else:
                url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
                if not translated.live:
                    status = DRAFT
                elif (source.last_published_at and translated.last_published_at) and (
                    source.last_published_at > translated.last_published_at
                ):
                    status = OUT_OF_DATE
                else:
                    status = UP_TO_DATE
            cells.append(Cell(status=status, label=str(LABELS[status]), url=url))
        rows.append(Row(page=source, cells=cells))
    return others, rows


# Those who translate (Translators, Campaigners, Administrators) see what is missing.
@permission_required(SUBMIT_TRANSLATION, raise_exception=True)
def translation_status_view(request: HttpRequest) -> HttpResponse:
    locales, rows = translation_status()
    wanted = request.GET.get("status", "")
    if wanted in LABELS:
        rows = [row for row in rows if any(cell.status == wanted for cell in row.cells)]
    return render(
        request,
        "news/reports/translation_status.html",
        {
            "locales": [(locale, language_name(locale.language_code)) for locale in locales],
            "rows": rows,
            "statuses": list(LABELS.items()),
            "wanted": wanted,
            "header_title": _("Translation status"),
        },
    )
