"""The campaign page every action kind extends, and the letter targets.

A target (an ambassador, a minister, an agency) is a reusable snippet, translatable like a
page: its name, title and salutation in Thai live in its Thai translation. A campaign page
picks its targets; its letter template is a set of translatable fields, so the Thai
translation of the page holds the Thai letter. The page's views live in `views.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from chorus.actions.pages import ActionPageMixin
from chorus.actions.services import is_paused

from .bundling import BundlePlan

StrOrPromise = str | Promise


class CampaignPage(ActionPageMixin, RoutablePageMixin, Page):
    """What every action page of a campaign shares: the summary, the ask, the body, the goal,
    the retention period, the thank-you text and newsflash updates.

    Each kind of action is a page type of its own app that extends this one
    (`petitions.PetitionPage`, `letters.LetterCampaignPage`, `jointletters.JointLetterPage`)
    and adds its fields, routes and template blocks. A page made before the kinds were split
    and collecting nothing stays a plain campaign page; new ones are always of a kind.
    """

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    ask = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("the ask"),
        help_text=_("One sentence: what you ask people to do."),
    )
    body = RichTextField(blank=True, verbose_name=_("body"))
    goal = models.PositiveIntegerField(default=1000, verbose_name=_("goal"))
    thank_you = RichTextField(blank=True, verbose_name=_("thank-you text"))
    retention_days = models.PositiveIntegerField(
        default=180,
        verbose_name=_("keep personal data for (days)"),
        help_text=_("After this many days, names and addresses are deleted; counts are kept."),
    )

    # A kind's content panels: the shared head, the kind's own panels, the shared tail.
    head_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("ask"),
        InlinePanel("newsflashes", heading=_("Newsflash updates"), label=_("Newsflash")),
        FieldPanel("body"),
    ]
    tail_panels = [
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("retention_days")], heading=_("Goal and personal data")
        ),
        FieldPanel("thank_you"),
    ]
    content_panels = [*head_panels, *tail_panels]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    # New campaign pages are made as one of the kinds.
    is_creatable = False
    # Which kind of delivery bundle this kind makes ("petition", "joint"; empty: none). What it
    # prints comes from bundle_plan(); handover/ lists the pages whose kind sets this.
    bundle_kind = ""
    # Whether staff may choose to print approved comments in the bundle.
    bundle_offers_comments = False
    # What the bundle lists, in the list of campaigns that make bundles.
    bundle_lists: StrOrPromise = ""
    template = "campaigns/campaign_page.html"

    # What the site search calls this kind of page (news.search shows it with each hit).
    search_kind = _("Campaign")

    class Meta:
        verbose_name = _("campaign page")

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        """(text, weight) pairs for the site search (news.services.update_search_index)."""
        yield self.title, 3
        yield " ".join([self.summary, self.ask]), 2
        yield strip_tags(self.body), 1
        yield from self.kind_search_text()
        for newsflash in self.newsflashes.all():
            yield strip_tags(newsflash.text), 1

    def kind_search_text(self) -> Iterable[tuple[str, int]]:
        """What a kind adds to the site search (its letter, say)."""
        return ()

    live_counts_template = "campaigns/includes/thermometer.html"

    def live_counts_context(self) -> dict[str, Any]:
        return {**super().live_counts_context(), "letters": self.collects == "letter"}

    def progress_percent(self) -> int:
        if not self.goal:
            return 0
        return min(100, round(100 * self.counts().total / self.goal))

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["counts"] = self.counts()
        context["paused"] = is_paused(self.action_page_id)
        context.update(self.kind_context(request, context))
        context.update(kind_extras(self, request, context))
        return context

    def kind_context(self, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
        """What the kind's template blocks need (its form, its public list)."""
        return {}

    def bundle_plan(self, *, include_comments: bool = False) -> BundlePlan | None:
        """What this campaign's delivery bundle prints (see bundling.py); called on the
        translation in the bundle's language, with that language active. None: no bundle."""
        return None

    def bundle_review_link(self) -> tuple[str, StrOrPromise] | None:
        """(URL, label) of where staff review what the bundle prints, if anywhere."""
        return None

    @path("")
    def campaign(self, request: HttpRequest) -> HttpResponse:
        return self.serve_cacheable(request)


# Context every campaign page adds whatever its kind (delivery records): registered by the app
# that owns it, so this base page does not import it.
ContextHook = Callable[[CampaignPage, HttpRequest, dict[str, Any]], dict[str, Any]]
_context_hooks: list[ContextHook] = []


def on_campaign_context(hook: ContextHook) -> None:
    """Register what every campaign page shows from another app (from `AppConfig.ready`)."""
    if hook not in _context_hooks:
        _context_hooks.append(hook)


def bundle_page_types() -> list[ContentType]:
    """The content types of the campaign page kinds that make delivery bundles."""
    kinds = [model for model in apps.get_models() if issubclass(model, CampaignPage) and model.bundle_kind]
    return list(ContentType.objects.get_for_models(*kinds).values())


def kind_extras(page: CampaignPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for hook in _context_hooks:
        extra.update(hook(page, request, extra | context))
    return extra
