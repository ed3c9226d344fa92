"""The delivery records every campaign page shows: each as a reader of the page's language sees
it (facts and captions written in that language, the record's own wording otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from wagtail.images import get_image_model

from chorus.campaigns.models import CampaignPage

from .models import DeliveryAnnouncement, DeliveryPhoto, DeliveryRecord, caption_lines

# Renditions the public section shows: the gallery picture and the larger one it links to.
PHOTO_SPEC = "fill-600x400"
LARGE_SPEC = "width-1600"


def campaign_translations(campaign: CampaignPage) -> dict[str, CampaignPage]:
    """The live translations of a campaign, by language code."""
    pages = CampaignPage.objects.filter(translation_key=campaign.translation_key, live=True).select_related(
        "locale"
    )
    return {page.locale.language_code: page for page in pages}


@dataclass(frozen=True)
class ShownPhoto:
    photo: DeliveryPhoto
    caption: str
    is_fallback: bool  # the record's own caption, not one written in the reader's language


@dataclass(frozen=True)
class ShownDelivery:
    """A delivery record as a reader of one language sees it: the facts and captions of the
    announcement in that language where written, the record's own wording otherwise."""

    record: DeliveryRecord
    place: str
    delivered_by: str
    delivered_to: str
    photos: list[ShownPhoto]
    fallback_facts: frozenset[str]  # the facts shown in the record's own wording

    @property
    def delivered_at(self) -> Any:
        return self.record.delivered_at


def shown_in(record: DeliveryRecord, language: str) -> ShownDelivery:
    """`record` in `language`, from its prefetched announcements and photos."""
    announcement = next((a for a in record.announcements.all() if a.language == language), None)
    # The record's own wording is taken to be in the default language.
    foreign = language != settings.LANGUAGE_CODE
    facts: dict[str, str] = {}
    fallback = set()
    for name in ["place", "delivered_by", "delivered_to"]:
        own = (getattr(announcement, name, "") or "").strip()
        facts[name] = own or getattr(record, name)
        if foreign and not own:
            fallback.add(name)
    lines = caption_lines(announcement.captions) if announcement is not None else []
    photos = []
    for index, photo in enumerate(record.photos.all()):
        own = lines[index] if index < len(lines) else ""
        photos.append(
            ShownPhoto(photo, own or photo.caption, is_fallback=foreign and not own and bool(photo.caption))
        )
    return ShownDelivery(record=record, photos=photos, fallback_facts=frozenset(fallback), **facts)


def public_records(page: CampaignPage) -> list[ShownDelivery]:
    """The campaign's delivery records in the page's language, newest first, with photos.

    Five queries whatever the number of records and photos: records, announcements, photos,
    images, renditions.
    """
    language = page.locale.language_code
    images = get_image_model().objects.prefetch_renditions(PHOTO_SPEC, LARGE_SPEC)
    photos = DeliveryPhoto.objects.order_by("sort_order", "pk").prefetch_related(
        Prefetch("image", queryset=images)
    )
    records = (
        DeliveryRecord.objects.filter(campaign__translation_key=page.translation_key)
        .order_by("-delivered_at", "-pk")
        .prefetch_related(
            Prefetch("announcements", queryset=DeliveryAnnouncement.objects.filter(language=language)),
            Prefetch("photos", queryset=photos),
        )
    )
    return [shown_in(record, language) for record in records]


def public_context(page: CampaignPage) -> dict[str, Any]:
    return {
        "delivery_records": public_records(page),
        # The record's own wording is the default language's, marked as such on other pages.
        "delivery_fallback_language": settings.LANGUAGE_CODE,
    }
