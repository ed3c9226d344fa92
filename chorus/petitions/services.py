"""Petition extras: the display names and comments signers choose to make public.

A display name is stored readable only when the signer ticks the opt-in (with a PUBLIC_NAME
consent record), and is shown only once their action is confirmed. A comment waits encrypted
with the server key until staff approve it: then it becomes readable and public; a rejected
comment is wiped. Nothing here is shown for pending, flagged, invalidated or purged actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chorus.actions import audit
from chorus.actions.models import Action
from chorus.actions.services import Outcome, Submission, record_action
from chorus.campaigns.review import Review
from chorus.core import page_cache
from chorus.core.crypto import DecryptionError, server_decrypt, server_encrypt
from chorus.core.languages import bcp47

from .signatures import PetitionSignature

if TYPE_CHECKING:
    from chorus.campaigns.models import CampaignPage

RECENT_SIGNERS = 10
RECENT_COMMENTS = 10

# Audit log action types (registered in wagtail_hooks.py).
COMMENT_APPROVE = "chorus.comment_approve"
COMMENT_REJECT = "chorus.comment_reject"
COMMENT_WITHDRAW = "chorus.comment_withdraw"
NAME_TAKE_DOWN = "chorus.name_take_down"


@dataclass(frozen=True)
class PublicPart:
    """What a signer asked to make public; both empty when they asked for nothing."""

    display_name: str = ""
    comment: str = ""


def sign_petition(submission: Submission, public: PublicPart) -> Outcome:
    """Record a petition signature and, for a new action, what the signer chose to make public.

    One transaction: either the action and its public part are both stored, or neither. A
    replayed or duplicate submission returns the action already recorded and stores nothing.
    """

    def keep_public_part(action: Action) -> None:
        if public.display_name or public.comment:
            PetitionSignature.objects.create(
                action=action,
                page_id=submission.page_id,
                display_name=public.display_name,
                pending_comment=server_encrypt({"comment": public.comment}) if public.comment else None,
                comment_review=Review.PENDING if public.comment else "",
                language=submission.language,
            )

    return record_action(submission, with_action=keep_public_part)


def _shown(page_id: int) -> Any:
    """Public parts of this petition's confirmed, unpurged actions."""
    return PetitionSignature.objects.filter(
        page_id=page_id, action__state=Action.State.CONFIRMED, action__purged_at__isnull=True
    )


def recent_signers(page_id: int, limit: int = RECENT_SIGNERS) -> list[dict[str, Any]]:
    """The latest confirmed signers who opted in to show a name: one query."""
    rows = (
        _shown(page_id)
        .exclude(display_name="")
        .order_by("-created_at", "-pk")
        .values("display_name", "created_at")[:limit]
    )
    # The country a signer chose is not shown: they agreed to show a name, nothing more.
    return [{"name": row["display_name"], "signed_at": row["created_at"]} for row in rows]


def approved_comments(page_id: int, limit: int = RECENT_COMMENTS) -> list[dict[str, Any]]:
    """The latest approved comments of confirmed signers: one query."""
    rows = (
        _shown(page_id)
        .filter(comment_review=Review.APPROVED)
        .exclude(comment="")
        .order_by("-created_at", "-pk")
        .values("display_name", "comment", "language", "created_at")[:limit]
    )
    return [
        {
            "name": row["display_name"],
            "comment": row["comment"],
            "lang": bcp47(row["language"]) if row["language"] else "",
            "signed_at": row["created_at"],
        }
        for row in rows
    ]


def public_context(page: CampaignPage) -> dict[str, Any]:
    """Recent signers and approved comments for the campaign page (two queries)."""
    page_id = page.action_page_id
    return {"recent_signers": recent_signers(page_id), "petition_comments": approved_comments(page_id)}


# --- moderation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingComment:
    signature: PetitionSignature
    comment: str

    @property
    def approvable(self) -> bool:
        action = self.signature.action
        return action.state == Action.State.CONFIRMED and action.purged_at is None


def pending_comments(limit: int = 200) -> list[PendingComment]:
    """Comments waiting for review, oldest first, decrypted for the staff who review them."""
    rows = (
        PetitionSignature.objects.filter(comment_review=Review.PENDING)
        .select_related("action", "page")
        .order_by("created_at", "pk")[:limit]
    )
    return [PendingComment(row, _read_pending(row)) for row in rows]


def pending_count() -> int:
    return PetitionSignature.objects.filter(comment_review=Review.PENDING).count()


def _read_pending(signature: PetitionSignature) -> str:
    if not signature.pending_comment:
        return ""
    try:
        return str(server_decrypt(bytes(signature.pending_comment)).get("comment", ""))
    except DecryptionError:
        return ""


def approve_comments(signature_ids: Sequence[int], *, by: Any = None) -> int:
    """Publish the pending comments given, of confirmed actions only; returns how many."""
    approved = 0
    with transaction.atomic():
        rows = (
            PetitionSignature.objects.select_for_update(of=("self",))
            .filter(
                pk__in=signature_ids,
                comment_review=Review.PENDING,
                action__state=Action.State.CONFIRMED,
                action__purged_at__isnull=True,
            )
            .select_related("action")
            .order_by("pk")
        )
        done: list[PetitionSignature] = []
        for row in rows:
            comment = _read_pending(row).strip()
            if not comment:
                continue
            row.comment = comment
            row.pending_comment = None
            row.comment_review = Review.APPROVED
            row.reviewed_at = timezone.now()
            row.reviewed_by = by
            row.save(
                update_fields=["comment", "pending_comment", "comment_review", "reviewed_at", "reviewed_by"]
            )
            done.append(row)
            approved += 1
        _log(done, COMMENT_APPROVE, by)
    return approved


def reject_comments(signature_ids: Sequence[int], *, by: Any = None) -> int:
    """Wipe the pending comments given (whatever their action's state); returns how many."""
    return _wipe_comments(signature_ids, Review.PENDING, by, COMMENT_REJECT)


def _locked_rows(queryset: Any) -> list[PetitionSignature]:
    return list(queryset.select_for_update(of=("self",)).select_related("action").order_by("pk"))


def _wipe_comments(signature_ids: Sequence[int], review: str, by: Any, action_type: str) -> int:
    """Wipe the comments given that are in `review`, marking them rejected; returns how many."""
    with transaction.atomic():
        rows = _locked_rows(PetitionSignature.objects.filter(pk__in=signature_ids, comment_review=review))
        done = PetitionSignature.objects.filter(pk__in=[row.pk for row in rows]).update(
            comment="",
            pending_comment=None,
            comment_review=Review.REJECTED,
            reviewed_at=timezone.now(),
            reviewed_by=by,
        )
        _log(rows, action_type, by)
        return done


def _log(rows: Sequence[PetitionSignature], action_type: str, by: Any) -> None:
    """One audit entry per signature's action, naming the signature; never its text."""
    if rows:  # what the campaign page shows has changed
        page_cache.invalidate_on_commit()
    per_action = {row.action_id: {"signature": row.pk} for row in rows}
    audit.log_on_actions([row.action for row in rows], action_type, by=by, per_action=per_action)


# --- taking down what is already public ---------------------------------------------------------


def published(limit: int = 200) -> list[PetitionSignature]:
    """Names and comments the public can read now, newest first, for staff to look over."""
    return list(
        PetitionSignature.objects.filter(action__state=Action.State.CONFIRMED, action__purged_at__isnull=True)
        .filter(~Q(display_name="") | Q(comment_review=Review.APPROVED))
        .select_related("page")
        .order_by("-created_at", "-pk")[:limit]
    )


def hide_names(signature_ids: Sequence[int], *, by: Any = None) -> int:
    """Stop showing the display names given: the name is wiped, not just hidden; returns how many.

    Used when a name is abusive or not a name. A comment the same signer wrote stays, shown as
    from "a supporter". The signer's consent record stays (it records what they agreed to).
    """
    with transaction.atomic():
        rows = _locked_rows(PetitionSignature.objects.filter(pk__in=signature_ids).exclude(display_name=""))
        done = PetitionSignature.objects.filter(pk__in=[row.pk for row in rows]).update(
            display_name="", reviewed_at=timezone.now(), reviewed_by=by
        )
        _log(rows, NAME_TAKE_DOWN, by)
        return done


def withdraw_comments(signature_ids: Sequence[int], *, by: Any = None) -> int:
    """Take published comments down again: wiped and marked rejected; returns how many."""
    return _wipe_comments(signature_ids, Review.APPROVED, by, COMMENT_WITHDRAW)


def purge_public_parts(action_ids: Sequence[int]) -> int:
    """Retention or a supporter's request: the display names and comments of these actions
    go with them. Called inside the purge's transaction; returns how many were deleted."""
    return int(PetitionSignature.objects.filter(action_id__in=action_ids).delete()[0])
