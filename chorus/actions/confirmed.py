"""What the page after a confirmation offers: the campaign (or event) the action belongs to,
and whatever the kind of action adds (letters: the status page of the letters we send).

Kinds register their links from AppConfig.ready, as they register confirmation hooks, so the
engine never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

from .models import Action


@dataclass(frozen=True)
class FollowUp:
    label: str
    url: str


FollowUpLinks = Callable[[Action, Page], list[FollowUp]]
_follow_ups: dict[str, list[FollowUpLinks]] = {}


def register_follow_up(kind: str, links: FollowUpLinks) -> None:
    """Register links a kind of action offers once confirmed; `links(action, page)` gets the
    action's page in the reader's language and returns translated labels with URLs."""
    _follow_ups.setdefault(kind, []).append(links)


def action_page(action: Action) -> Page | None:
    """The page the action was taken on, in the reader's language when it has a live translation."""
    original = Page.objects.filter(pk=action.page_id, live=True).first()
    if original is None:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=language).first()
    translated = original.get_translation_or_none(locale) if locale is not None else None
    return translated if translated is not None and translated.live else original


def follow_ups(action: Action) -> tuple[Page | None, list[FollowUp]]:
    """The action's page (for a "back to the campaign" link) and the kind's own links."""
    page = action_page(action)
    if page is None:
        return None, []
    links: list[FollowUp] = []
    for provider in _follow_ups.get(action.kind, []):
        links.extend(provider(action, page))
    return page, links
