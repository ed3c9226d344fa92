"""Page types of the public site. The home page and a plain content page come first;
news articles, newsflash updates and indexes join them in their own change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index


class HomePage(Page):
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


class ContentPage(Page):
    """A plain page: about us, contact, members' corner."""

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    body = RichTextField(blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
