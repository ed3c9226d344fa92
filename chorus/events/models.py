"""Days of action: an index of events and the event pages, with RSVPs, a calendar file and,
after the day, a photo gallery.

RSVPs are actions (kind "rsvp") recorded through the action engine against the original page
of an event's translations, so an RSVP in Thai and one in English fill the same places. The
page's views live in `views.py`, the rules in `services.py`.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from chorus.actions.pages import ActionPageMixin
from chorus.actions.results import ResultsTable

from .forms import RSVPForm

FALLBACK_TIME_ZONE = "Asia/Bangkok"


def default_time_zone() -> str:
    """The site's time zone when it is a real place, else Bangkok (the demo organisation's region)."""
    zone = getattr(settings, "TIME_ZONE", "") or ""
    return zone if zone and zone != "UTC" and zone in zoneinfo.available_timezones() else FALLBACK_TIME_ZONE


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(zone)s” is not a time zone name. Use a name such as “Asia/Bangkok” or “Australia/Sydney”."),
            params={"zone": value},
            code="time_zone",
        ) from error


class EventIndexPage(Page):
    """The list of days of action in one language: upcoming first, then past ones."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"), features=["bold", "italic", "link"])
    summary = models.TextField(blank=True, verbose_name=_("summary"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from . import listings

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(listings.index_context(self, request))
        return context


class EventPage(ActionPageMixin, RoutablePageMixin, Page):
    starts_at = models.DateTimeField(verbose_name=_("starts"))
    ends_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ends (optional)"))
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        verbose_name=_("time zone"),
        help_text=_(
            "Where the event happens, as a time zone name such as “Asia/Bangkok”. Times are shown in this zone."
        ),
    )
    place_name = models.CharField(max_length=255, blank=True, verbose_name=_("place"))
    address = models.TextField(blank=True, verbose_name=_("address"))
    map_url = models.URLField(
        blank=True,
        verbose_name=_("map link (optional)"),
        help_text=_("A link to the place on a map, e.g. on openstreetmap.org. Shown as a plain link."),
    )
    summary = models.TextField(
        blank=True,
        verbose_name=_("summary"),
        help_text=_("One or two sentences, shown in lists and in the calendar file."),
    )
    description = RichTextField(blank=True, verbose_name=_("description"))
    capacity = models.PositiveIntegerField(
        default=0,
        verbose_name=_("places"),
        help_text=_("How many people can come. 0: no limit."),
    )
    rsvp_enabled = models.BooleanField(default=True, verbose_name=_("take RSVPs"))
    collects = "rsvp"
    intake_route = "rsvp"
    thank_you = RichTextField(blank=True, verbose_name=_("thank-you text"))
    retention_days = models.PositiveIntegerField(
        default=30,
        verbose_name=_("keep RSVP details for (days after the event)"),
        help_text=_(
            "After this many days past the event, names and email addresses are deleted; counts are kept."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("time_zone")], heading=_("When")
        ),
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("address"), FieldPanel("map_url")], heading=_("Where")
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("rsvp_enabled"), FieldPanel("capacity"), FieldPanel("retention_days")],
            heading=_("RSVP"),
        ),
        FieldPanel("thank_you"),
        InlinePanel("photos", heading=_("Photos from the day"), label=_("Photo")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("description")]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    # Times, places and settings are the same in every translation; texts are translated.
    override_translatable_fields = [
        SynchronizedField("time_zone"),
        SynchronizedField("map_url"),
        SynchronizedField("capacity"),
        SynchronizedField("rsvp_enabled"),
        SynchronizedField("retention_days"),
    ]

    # What the site search calls this kind of page (news.search shows it with each hit).
    search_kind = _("Day of action")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at"], name="events_event_starts")]

    def clean(self) -> None:
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    def search_text_parts(self) -> Iterable[tuple[str, int]]:
        """(text, weight) pairs for the site search (news.services.update_search_index)."""
        yield self.title, 3
        yield " ".join([self.summary, self.place_name]), 2
        yield " ".join([self.address, strip_tags(self.description)]), 1

    # --- time ---------------------------------------------------------------------------------

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(FALLBACK_TIME_ZONE)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime | None:
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def finishes_at(self) -> datetime.datetime:
        return self.ends_at or self.starts_at

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def is_over(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.finishes_at

    # --- RSVPs --------------------------------------------------------------------------------

    def places_left(self) -> int | None:
        """Places still free (from the cached counters), or None without a limit."""
        if not self.capacity:
            return None
        return max(0, self.capacity - self.counts().total)

    # --- routes -------------------------------------------------------------------------------

    def results_tables(self) -> list[ResultsTable]:
        """RSVPs against places, from the counters (the dashboard's kind table)."""
        counts = self.counts()
        left = self.places_left()
        rows: list[list[Any]] = [
            [_("Places"), self.capacity or _("no limit")],
            [_("RSVPs holding a place"), counts.total],
            [_("of which confirmed"), counts.confirmed],
            [_("Places left"), _("no limit") if left is None else left],
        ]
        return [
            ResultsTable(
                slug="places", title=_("RSVPs and places"), columns=[_("What"), _("Number")], rows=rows
            )
        ]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from . import views

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(views.event_context(self, request, context))
        return context

    def action_kind(self) -> str:
        """A day of action without RSVPs takes no actions."""
        return self.collects if self.rsvp_enabled else ""

    def closed_notice(self, now: datetime.datetime | None = None) -> str:
        if self.has_started(now):
            return str(_("This event has already started, so it no longer takes RSVPs."))
        return super().closed_notice(now)

    def intake_notice(self, now: datetime.datetime | None = None) -> str:
        if self.places_left() == 0:
            return self.closed_notice(now) or str(_("This event is full. Thank you for your interest."))
        return self.closed_notice(now)

    def action_form(self, request: HttpRequest) -> RSVPForm:
        return RSVPForm(request.POST)

    def take_action(self, request: HttpRequest, form: RSVPForm) -> HttpResponse:
        from . import views

        return views.record(self, request, form)

    @path("")
    def event(self, request: HttpRequest) -> HttpResponse:
        return self.serve_cacheable(request)

    @path("rsvp/", name="rsvp")
    def rsvp(self, request: HttpRequest) -> HttpResponse:
        if not self.rsvp_enabled:
            return HttpResponseRedirect(self.url)
        return self.serve_action(request)

    @path("thanks/", name="thanks")
    def thanks(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.thanks(self, request)

    @path("cancel/", name="cancel")
    def cancel(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.cancel(self, request)

    @path("ics/", name="ics")
    def ics(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.ics(self, request)


class EventPhoto(TranslatableMixin, Orderable):
    """A photo from the day, shown once the event has started; its caption is translated."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        help_text=_("What the photo shows; it is also the text for people who cannot see it."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]
    override_translatable_fields = [SynchronizedField("image")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
