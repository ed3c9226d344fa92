"""Keep one Wagtail Locale per configured language, so translators can start at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def ensure_locales(**kwargs: Any) -> None:
    from wagtail.models import Locale

    existing = set(Locale.objects.values_list("language_code", flat=True))
    Locale.objects.bulk_create(
        [Locale(language_code=code) for code, _name in settings.LANGUAGES if code not in existing]
    )
