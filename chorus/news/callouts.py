"""What an action call-out shows: the chosen action page in the article's language, its count,
goal and the way to its form (or why it takes no actions right now).

The call-out is a block in an article's body (`blocks.ActionCalloutBlock`). wagtail-localize
keeps a chosen page as it is in a translated article (pages are localised at runtime), so the
page's translation in the article's locale is looked up here, falling back to the chosen page.
Everything kind-specific is asked of the page through `chorus.actions.pages.ActionPageMixin`
(whose defaults read the page's attributes with getattr fallbacks), so this module names no
page class.

Cost: one query for the chosen page's translations (at most one per language), then the
engine's cached counters and pause flag (one query each on a cache miss).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.models import Page

from chorus.actions.pages import ActionPageMixin

from .listings import current_language, url_for_reader

# An article with a call-out stays in the anonymous page cache at most this long, so its count
# is at most a minute old (the counters themselves are cached 5 s and reconciled every minute).
CACHE_SECONDS = 60


@dataclass(frozen=True)
class Callout:
    heading: str  # the block's heading, else the page's title
    text: str  # the page's summary, else its ask
    language: str  # the language the heading and text are in (the page's)
    count: str  # "1,234 letters written"
    total: int
    goal: int  # 0: no goal bar
    url: str  # the form on the page, in the reader's language
    button: str
    notice: str  # why it takes no actions now ("" while it does): shown instead of the button

    @property
    def shown_goal_value(self) -> int:
        return min(self.total, self.goal)


def is_action_page(page: Page | None) -> bool:
    return page is not None and isinstance(page.specific, ActionPageMixin)


def localised(chosen: Page, locale_id: int | None) -> Page | None:
    """The live translation of `chosen` in `locale_id`, else `chosen` if live; specific, with its
    `action_page_id` filled in. One query."""
    model = chosen.specific_class
    if model is None:  # the page's app is gone
        return None
    translations = list(
        model.objects.filter(translation_key=chosen.translation_key).select_related("locale").order_by("pk")
    )
    if not translations:
        return None
    in_locale = [page for page in translations if page.locale_id == locale_id and page.live]
    fallback = [page for page in translations if page.pk == chosen.pk and page.live]
    shown = (in_locale or fallback or [None])[0]
    if shown is not None and isinstance(shown, ActionPageMixin):
        # The original of the translations, which every translation counts on (see action_page_id).
        shown.__dict__["action_page_id"] = translations[0].pk
    return shown


def present(
    chosen: Page | None,
    *,
    heading: str = "",
    button_label: str = "",
    locale_id: int | None,
    request: HttpRequest | None,
) -> Callout | None:
    """The call-out for `chosen` in an article of `locale_id`; None when there is nothing to show
    (the page was deleted, unpublished, or does not take actions)."""
    if chosen is None:
        return None
    page = localised(chosen, locale_id)
    if page is None:
        return None
    title, language = page.title, page.locale.language_code
    if not isinstance(page, ActionPageMixin):
        return None
    total = page.counts().total
    anchor = page.action_form_anchor()
    url = url_for_reader(page, request, current_language())
    return Callout(
        heading=heading or title,
        text=str(getattr(page, "summary", "") or getattr(page, "ask", "") or ""),
        language=language,
        count=page.count_label(total),
        total=total,
        goal=page.action_goal(),
        url=f"{url}#{anchor}" if anchor else url,
        button=button_label or page.callout_verb(),
        notice=page.intake_notice(),
    )


def next_number(request: HttpRequest | None) -> int:
    """1, 2, ... for the call-outs of one response (their heading ids must be unique)."""
    number = int(getattr(request, "_chorus_callouts", 0)) + 1
    if request is not None:
        request._chorus_callouts = number  # type: ignore[attr-defined]
    return number
