"""What every campaign page shows of its delivery records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from . import deliveries

if TYPE_CHECKING:
    from chorus.campaigns.models import CampaignPage


def deliveries_context(page: CampaignPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """What every campaign page shows of its delivery records."""
    return deliveries.public_context(page)
