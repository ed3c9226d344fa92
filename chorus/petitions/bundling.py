"""What a petition's delivery bundle prints (see chorus.campaigns.bundling): the petition's
text, how many confirmed signers there are, the names confirmed signers chose to show and,
if staff ask, the approved comments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chorus.actions.models import Action
from chorus.campaigns.bundling import BundlePlan
from chorus.campaigns.review import Review

from .signatures import PetitionSignature


def _confirmed(page_id: int) -> Any:
    return PetitionSignature.objects.filter(
        page_id=page_id, action__state=Action.State.CONFIRMED, action__purged_at__isnull=True
    )


def _comments(page_id: int) -> Any:
    return _confirmed(page_id).filter(comment_review=Review.APPROVED).exclude(comment="")


def _rows(page_id: int, include_comments: bool) -> Iterator[list[str]]:
    names = (
        _confirmed(page_id)
        .exclude(display_name="")
        .order_by("created_at", "pk")
        .values_list("display_name", flat=True)
        .iterator(chunk_size=500)
    )
    # Only what signers chose to show: their display name, not the country they gave.
    yield ["section", _("Signers who chose to show their name")]
    for name in names:
        yield ["signer", name, ""]
    if include_comments:
        comments = (
            _comments(page_id)
            .order_by("created_at", "pk")
            .values_list("display_name", "comment")
            .iterator(chunk_size=500)
        )
        yield ["section", _("Comments")]
        for name, comment in comments:
            yield ["comment", name or _("A signer"), "", comment]


def bundle_plan(page_id: int, letter_html: str, *, include_comments: bool) -> BundlePlan:
    """The plan for the petition whose actions belong to `page_id`; call with the bundle's
    language active."""
    signers = Action.objects.filter(
        page_id=page_id, kind=Action.Kind.PETITION, state=Action.State.CONFIRMED
    ).count()
    named = _confirmed(page_id).exclude(display_name="").count()
    summary = ngettext(
        "%(count)s person signed this petition; %(named)s of them chose to show their name below.",
        "%(count)s people signed this petition; %(named)s of them chose to show their name below.",
        signers,
    ) % {"count": signers, "named": named}
    total = named + (_comments(page_id).count() if include_comments else 0)
    return BundlePlan(letter_html, "", summary, total, _rows(page_id, include_comments))
