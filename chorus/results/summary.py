"""What the admin home and the dashboard list show: cheap reads of rollups and counters.

The home panel answers "what needs a person now": queues other apps report through the
`chorus_needs_attention` hook (signatures and comments waiting for review), flagged actions,
mails that failed in the last week and paused intake; then each active campaign's count
today. A fixed number of queries, whatever the number of actions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from chorus.actions.models import ActionRollup, IntakePause
from chorus.actions.results import Attention
from chorus.delivery.services import failed_mail_count

from . import rollups

# A campaign with actions in this many days is active (on the admin home).
ACTIVE_DAYS = 30
FAILED_MAIL_DAYS = 7


@dataclass(frozen=True)
class CampaignLine:
    page: Any
    total: int
    today: int

    @property
    def url(self) -> str:
        return reverse("results_admin:campaign", args=[self.page.pk])


def _lines(page_ids: list[int], now: datetime.datetime) -> list[CampaignLine]:
    pages = Page.objects.in_bulk(page_ids)
    totals = dict(
        ActionRollup.objects.filter(period=ActionRollup.Period.ALL, page_id__in=page_ids)
        .values_list("page_id")
        .annotate(n=Sum("n"))
        .values_list("page_id", "n")
    )
    today = rollups.today_by_page(page_ids, now)
    lines = [
        CampaignLine(pages[page_id], int(totals.get(page_id) or 0), today.get(page_id, 0))
        for page_id in page_ids
        if page_id in pages
    ]
    return sorted(lines, key=lambda line: (-line.today, line.page.title.lower(), line.page.pk))


def campaigns(now: datetime.datetime | None = None) -> list[CampaignLine]:
    """Every page that has actions (originals: translations record against them)."""
    now = now or timezone.now()
    return _lines(rollups.pages_with_actions(), now)


def active_campaigns(now: datetime.datetime | None = None) -> list[CampaignLine]:
    now = now or timezone.now()
    return _lines(rollups.pages_with_actions(since=now - datetime.timedelta(days=ACTIVE_DAYS)), now)


def needs_attention(request: HttpRequest, now: datetime.datetime | None = None) -> list[Attention]:
    """The queues waiting for a person, largest first; empty ones left out."""
    now = now or timezone.now()
    items = [item for hook in hooks.get_hooks("chorus_needs_attention") for item in hook(request)]
    if request.user.has_perm("actions.change_action"):
        intake = reverse("actions_admin:intake")
        paused = IntakePause.objects.filter(paused=True).count()
        items += [
            Attention(_("Flagged actions"), rollups.flagged_total(), reverse("actions_admin:flagged")),
            Attention(_("Campaigns with intake paused"), paused, intake),
        ]
    if request.user.has_perm("actions.view_results"):
        since = now - datetime.timedelta(days=FAILED_MAIL_DAYS)
        items.append(Attention(_("Mails failed in the last 7 days"), failed_mail_count(since=since), ""))
    return [item for item in items if item.count]
