"""Campaign pages and the actions they run. The petition comes first; letters and joint
letters extend the same page."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from chorus.actions import counters
from chorus.actions.services import is_paused, record_action
from chorus.core.errors import UserFacingError

from .forms import PetitionForm


class CampaignPage(RoutablePageMixin, Page):
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    ask = models.CharField(
        max_length=255, blank=True, verbose_name=_("the ask"), help_text=_("One sentence: what you ask people to do.")
    )
    body = RichTextField(blank=True, verbose_name=_("body"))
    petition_enabled = models.BooleanField(default=True, verbose_name=_("collect petition signatures"))
    goal = models.PositiveIntegerField(default=1000, verbose_name=_("goal"))
    thank_you = RichTextField(blank=True, verbose_name=_("thank-you text"))
    retention_days = models.PositiveIntegerField(
        default=180,
        verbose_name=_("keep personal data for (days)"),
        help_text=_("After this many days, names and addresses are deleted; counts are kept."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("ask"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("petition_enabled"), FieldPanel("goal"), FieldPanel("retention_days")],
            heading=_("Petition"),
        ),
        FieldPanel("thank_you"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("campaign page")

    def counts(self) -> counters.Counts:
        return counters.read(self.pk)

    def progress_percent(self) -> int:
        if not self.goal:
            return 0
        return min(100, round(100 * self.counts().total / self.goal))

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["counts"] = self.counts()
        context["paused"] = is_paused(self.pk)
        context.setdefault("form", PetitionForm() if self.petition_enabled else None)
        return context

    @path("")
    def campaign(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("sign/", name="sign")
    def sign(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not self.petition_enabled:
            return HttpResponseRedirect(self.url)
        form = PetitionForm(request.POST)
        if form.is_valid():
            try:
                record_action(
                    form.submission(page_id=self.pk, request=request, retention_days=self.retention_days)
                )
            except UserFacingError as error:
                form.add_error(None, error.message)
            else:
                return HttpResponseRedirect(self.url + self.reverse_subpage("thanks"))
        elif "form_token" in form.errors:
            form.renew_token()
        return self.render(request, context_overrides={"form": form})

    @path("thanks/", name="thanks")
    def thanks(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "campaigns/thanks.html", self.get_context(request))
