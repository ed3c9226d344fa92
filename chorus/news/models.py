"""Page types of the public site: home, plain pages, news index, articles, full documents,
and the newsflash updates that can sit on top of any page (articles now, campaigns too)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index

from chorus.core import page_cache

from . import callouts, listings
from .blocks import ArticleBodyBlock
from .video import EMBED_ORIGINS

# Hook name the campaigns app (or any other) uses to add sections to the home page:
# each function gets (request, home_page) and returns a dict merged into the context,
# e.g. {"active_campaigns": [...], "active_campaigns_template": "campaigns/includes/home.html"}.
HOME_PAGE_CONTEXT_HOOK = "chorus_home_page_context"

NEWS_PER_PAGE = 10


class CacheablePage(Page):
    """A page whose anonymous responses may be kept in the page cache (see page_cache.py)."""

    class Meta:
        abstract = True

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().serve(request, *args, **kwargs)
        page_cache.mark_cacheable(request, response, self)
        return response

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        """(text, weight) pairs for the site search; the title weighs most."""
        yield self.title, 3


class HomePage(CacheablePage):
    """The root of each language's tree."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Serve the default-language page when this language has no translation of it.

        A visitor who switches to ไทย on a page nobody has translated yet reads the
        English page under a notice instead of a 404 (see templates/base.html).
        """
        try:
            return super().route(request, path_components)
        except Http404:
            default_locale = Locale.get_default()
            if self.locale_id == default_locale.pk:
                raise
            source_root = self.get_translation_or_none(default_locale)
            if source_root is None:
                raise
            return source_root.specific.route(request, path_components)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["latest_newsflash"] = listings.latest_newsflash(request)
        context["latest_news"] = listings.latest_articles(request, limit=4)
        context["news_index"] = listings.news_index_for(request)
        context["active_campaigns"] = []
        for add_context in hooks.get_hooks(HOME_PAGE_CONTEXT_HOOK):
            context.update(add_context(request, self) or {})
        return context

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        yield from super().search_text_parts()
        yield strip_tags(self.intro), 1


class ContentPage(CacheablePage):
    """A plain page: about us, contact, members' corner."""

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    body = RichTextField(blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        yield from super().search_text_parts()
        yield self.summary, 2
        yield strip_tags(self.body), 1


class NewsIndexPage(CacheablePage):
    """The list of articles in one language: newest first, ten a page, filtered by year."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"), features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage", "news.DocumentPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        language = listings.current_language()
        visibility = listings.Visibility.for_request(request)
        articles = listings.articles_in(language, visibility)
        years = list(articles.dates("date", "year", order="DESC"))
        context["years"] = [day.year for day in years]
        year_param = request.GET.get("year", "")
        year: int | None = None
        if year_param:
            year = int(year_param) if year_param.isdigit() else -1
            if year not in context["years"]:
                context["year_error"] = year_param
                year = None
        if year is not None:
            articles = articles.filter(date__year=year)
        context["year"] = year
        paginator = Paginator(articles, NEWS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["teasers"] = listings.teasers(request, list(page_obj.object_list), language, visibility)
        return context


def full_document_label(kind: str) -> str:
    labels: dict[str, Any] = {
        DocumentPage.Kind.LETTER: _("Go to the full letter"),
        DocumentPage.Kind.STATEMENT: _("Go to the full statement"),
        DocumentPage.Kind.PRESS_RELEASE: _("Go to the full press release"),
    }
    return str(labels.get(kind, _("Go to the full document")))


class ArticlePageForm(WagtailAdminPageForm):
    """Publishing needs alt text for the lead image, like every photo in the body."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if (
            not getattr(self, "is_deferred_validation", False)
            and cleaned.get("lead_image")
            and not (cleaned.get("lead_image_alt") or "").strip()
        ):
            self.add_error(
                "lead_image_alt",
                _("Describe the lead image for people who cannot see it before you publish."),
            )
        return cleaned


class ArticlePage(CacheablePage):
    date = models.DateField(verbose_name=_("date"), default=datetime.date.today)
    summary = models.TextField(
        verbose_name=_("summary"),
        max_length=400,
        help_text=_("One or two sentences, shown in lists, feeds and when the article is shared."),
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        verbose_name=_("lead image alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required to publish."),
    )
    lead_image_caption = models.CharField(verbose_name=_("lead image caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(verbose_name=_("lead image credit"), max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))

    base_form_class = ArticlePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            heading=_("Lead image"),
        ),
        InlinePanel("newsflashes", heading=_("Newsflash updates"), label=_("Newsflash")),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["news.DocumentPage"]

    # What the site search calls this kind of page (search.py shows it with each hit).
    search_kind = _("Article")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["-date"], name="news_article_date")]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["news_index"] = listings.news_index_for(request)
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        block_types = {block.block_type for block in self.body}
        if "video" in block_types:
            # The player may load, but only into a frame, and only from these hosts.
            page_cache.allow_frames(response, EMBED_ORIGINS)
        if "action_callout" in block_types:
            # A live count (and a pause or closing) must not wait for the next publish.
            page_cache.keep_at_most(response, callouts.CACHE_SECONDS)
        return response

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        yield from super().search_text_parts()
        yield self.summary, 2
        yield self.lead_image_caption, 1
        for newsflash in self.newsflashes.all():
            yield strip_tags(newsflash.text), 2
        for block in self.body:
            yield from _block_text(block.block_type, block.value)


def _block_text(block_type: str, value: Any) -> Iterable[tuple[str, int]]:
    if block_type == "text":
        yield strip_tags(value.source), 1
    elif block_type == "image":
        yield " ".join(filter(None, [value.get("caption"), value.get("alt_text")])), 1
    elif block_type == "excerpt":
        yield strip_tags(value["text"].source) + " " + (value.get("attribution") or ""), 1
    elif block_type == "related_links":
        yield " ".join(link.get("title", "") for link in value["links"]), 1
    elif block_type == "video":
        yield " ".join(filter(None, [value.get("title"), value.get("caption")])), 1
    elif block_type == "action_callout":
        yield " ".join(filter(None, [value.get("heading"), value.get("button_label")])), 1


class DocumentPage(CacheablePage):
    """The full text of a letter, statement or press release, linked from excerpts."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        STATEMENT = "statement", _("Statement")
        PRESS_RELEASE = "press_release", _("Press release")
        OTHER = "other", _("Document")

    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices, default=Kind.LETTER)
    date = models.DateField(verbose_name=_("date"), default=datetime.date.today)
    sender = models.CharField(verbose_name=_("from"), max_length=300, blank=True)
    recipient = models.CharField(verbose_name=_("to"), max_length=300, blank=True)
    summary = models.TextField(verbose_name=_("summary"), blank=True, max_length=400)
    body = RichTextField(
        verbose_name=_("full text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed copy (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("sender"),
        FieldPanel("recipient"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachment"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage", "news.ArticlePage", "news.HomePage", "news.ContentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("full document (letter, statement)")

    @property
    def search_kind(self) -> str:
        return str(self.get_kind_display())

    @property
    def full_document_label(self) -> str:
        return full_document_label(self.kind)

    def parent_article(self) -> ArticlePage | None:
        parent = self.get_parent()
        specific = parent.specific if parent is not None else None
        return specific if isinstance(specific, ArticlePage) else None

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        yield from super().search_text_parts()
        yield " ".join([self.summary, self.sender, self.recipient]), 2
        yield strip_tags(self.body), 1


class Newsflash(TranslatableMixin, models.Model):
    """A short, dated update shown on top of a page under "Newsflash!", newest first.

    The key points at wagtailcore.Page, not at ArticlePage, so any page type (a
    CampaignPage too) gets newsflashes by adding `InlinePanel("newsflashes")` to its
    panels and including news/includes/newsflashes.html. Newsflashes are saved with
    the page's revision, published with it and translated with it (wagtail-localize
    treats them as part of the page).
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="newsflashes")
    posted_at = models.DateTimeField(verbose_name=_("date and time"), default=timezone.now)
    text = RichTextField(verbose_name=_("update"), features=["bold", "italic", "link"], max_length=2000)

    panels = [FieldPanel("posted_at"), FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("newsflash")
        verbose_name_plural = _("newsflashes")
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["-posted_at"], name="news_newsflash_posted")]

    def __str__(self) -> str:
        return strip_tags(self.text)[:80]


class SearchDocument(models.Model):
    """A published page's text, normalised, for the site search (see search.py)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"search document of page {self.page_id}"


class SearchTerm(models.Model):
    """One word (Thai, Chinese, Latin) or character pair (Korean, Khmer) of a page."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "term"], name="news_searchterm_unique")]
        indexes = [models.Index(fields=["term"], name="news_searchterm_term")]

    def __str__(self) -> str:
        return self.term
