"""Campaign pages on the home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from .models import CampaignPage


@hooks.register("chorus_home_page_context")
def active_campaigns_on_home(request: HttpRequest, home: Page) -> dict[str, Any]:
    """The home page lists the live, public campaigns of its language, newest first."""
    campaigns = (
        CampaignPage.objects.live().public().descendant_of(home).order_by("-first_published_at", "-pk")[:4]
    )
    return {"active_campaigns": list(campaigns)}
