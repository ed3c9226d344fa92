"""State changes for joint letters (signing, moderation) and for what sign-ons keep about a person.

A joint letter signature is an action of kind `joint_letter`: the contact person and address
are sealed on the action by the engine; what the signer gave for printing on the letter is kept
on a `Signature` — an organisation's readable, an individual's encrypted with the server key
until it is on the public list (see `Signature`); a copy of the contact the server needs for the
moderation mail is encrypted with the server key and wiped as soon as that mail is queued.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chorus.actions import anti_abuse, audit
from chorus.actions.models import Action
from chorus.actions.services import ActionError, ConsentGiven, Outcome, Submission, record_action
from chorus.campaigns.review import Review
from chorus.core import page_cache
from chorus.core.crypto import DecryptionError, server_decrypt, server_encrypt
from chorus.core.shredding import Reason
from chorus.delivery.models import Outbox
from chorus.delivery.services import queue_mail
from chorus.supporters.models import Consent

from . import mails
from .signatories import on_the_letter
from .signatures import LINE_FIELDS, PrintedLine, Signature

if TYPE_CHECKING:
    from chorus.campaigns.models import CampaignPage

# Bump when the wording of the joint letter form's consent text changes.
JOINT_LETTER_CONSENT_VERSION = "joint-letter-consent-2026-11"
KIND = Action.Kind.JOINT_LETTER
logger = logging.getLogger(__name__)


# Audit log action types (registered in wagtail_hooks.py).
SIGNATURE_APPROVE = "chorus.signature_approve"
SIGNATURE_REJECT = "chorus.signature_reject"


class SigningClosed(ActionError):
    """The joint letter no longer takes signatures (its closing date has passed)."""


@dataclass(frozen=True)
class SignOn:
    """One signature as the form parsed it. `logo` is a clean PNG (or None)."""

    signer_type: str
    name: str
    country: str
    email: str
    contact_name: str
    submission_key: str
    organisation_type: str = ""
    role: str = ""
    city: str = ""
    website: str = ""
    logo: bytes | None = None
    show_publicly: bool = False
    updates: bool = False
    signals: anti_abuse.Signals = field(default_factory=anti_abuse.Signals)


def closed_notice(page: CampaignPage, now: datetime.datetime | None = None) -> str:
    """ "Signing closed on …" in the active language, or "" while the letter takes signatures."""
    closes = page.signing_closes_at
    if closes is None or (now or timezone.now()) < closes:
        return ""
    day = date_format(timezone.localtime(closes), "DATE_FORMAT")
    return _("Signing closed on %(date)s. Thank you to everyone who signed.") % {"date": day}


def _details(signon: SignOn) -> dict[str, str]:
    details = {
        "contact": signon.contact_name,
        "email": signon.email,
        "signs_as": signon.signer_type,
        "name": signon.name,
        "country": signon.country,
    }
    optional = {
        "organisation_type": signon.organisation_type,
        "role": signon.role,
        "city": signon.city,
        "website": signon.website,
    }
    details.update({key: value for key, value in optional.items() if value})
    return details


def sign(page: CampaignPage, signon: SignOn, *, language: str | None = None) -> Outcome:
    """Record one joint letter signature, exactly once.

    In one transaction: the action (sealed contact details, consents, the confirmation mail,
    the update subscription if asked) and, for a new action, the Signature with what is
    printed on the letter. A replayed or duplicate submission returns the action already
    recorded and stores nothing new. Raises SigningClosed, or the engine's IntakePaused
    (nothing stored).
    """
    notice = closed_notice(page)
    if notice:
        raise SigningClosed(notice)
    language = language or translation.get_language() or "en"
    consents = [ConsentGiven(Consent.Purpose.ACTION, JOINT_LETTER_CONSENT_VERSION)]
    if signon.show_publicly:
        consents.append(ConsentGiven(Consent.Purpose.PUBLIC_NAME, JOINT_LETTER_CONSENT_VERSION))
    if signon.updates:
        consents.append(ConsentGiven(Consent.Purpose.UPDATES, JOINT_LETTER_CONSENT_VERSION))
    submission = Submission(
        page_id=page.action_page_id,
        kind=KIND,
        language=language,
        submission_key=signon.submission_key,
        details=_details(signon),
        email=signon.email,
        country=signon.country,
        consents=consents,
        subscribe_updates=signon.updates,
        retention_days=page.retention_days,
        signals=signon.signals,
    )
    stored_logo: list[str] = []

    def keep_signature(action: Action) -> None:
        signature = Signature(
            action=action,
            page_id=page.action_page_id,
            signer_type=signon.signer_type,
            organisation_type=signon.organisation_type,
            country=signon.country,
            website=signon.website,
            show_publicly=signon.show_publicly,
            language=language,
            encrypted_contact=server_encrypt({"email": signon.email, "contact": signon.contact_name}),
        )
        signature.keep_line(PrintedLine(signon.name, signon.role, signon.city))
        if signon.logo:
            # A random name: the file's URL must not be guessable from the organisation.
            signature.logo.save(f"{secrets.token_hex(12)}.png", ContentFile(signon.logo), save=False)
            stored_logo.append(signature.logo.name or "")
        signature.save()

    try:
        outcome = record_action(
            submission, confirmation_mail=mails.confirmation_mail_from(page), with_action=keep_signature
        )
    except Exception:
        for name in stored_logo:
            Signature._meta.get_field("logo").storage.delete(name)
        raise
    return outcome


# --- moderation -------------------------------------------------------------------------------


@dataclass
class ReviewResult:
    done: int = 0
    already: int = 0
    # Signatures that could not be approved: their action is flagged, invalidated or purged,
    # or they were rejected before.
    refused: int = 0


def _contact(signature: Signature) -> dict[str, Any] | None:
    if not signature.encrypted_contact:
        return None
    try:
        return server_decrypt(bytes(signature.encrypted_contact))
    except DecryptionError:
        return None


def _can_be_approved(signature: Signature) -> bool:
    action = signature.action
    return action.purged_at is None and action.state in {Action.State.PENDING, Action.State.CONFIRMED}


def _locked(signature_ids: Sequence[int]) -> list[Signature]:
    ids = list(
        Signature.objects.select_for_update()
        .filter(pk__in=signature_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(Signature.objects.filter(pk__in=ids).select_related("action").order_by("pk"))


def approve(signature_ids: Sequence[int], by: Any = None) -> ReviewResult:
    """Approve signatures for the letter and its public list; mail each signer once.

    Flagged, invalidated or purged actions and rejected signatures are refused. Approving
    twice changes nothing and sends nothing more. The logo of a signature to be listed is
    copied from private storage to public media (`public_logo`); if approving fails, the
    copies made are deleted again.
    """
    result = ReviewResult()
    published: list[str] = []
    try:
        with transaction.atomic():
            approved: list[Signature] = []
            for signature in _locked(signature_ids):
                if signature.review == Review.APPROVED:
                    result.already += 1
                    continue
                if signature.review == Review.REJECTED or not _can_be_approved(signature):
                    result.refused += 1
                    continue
                _approve_one(signature, by, published)
                approved.append(signature)
                result.done += 1
            _log_approvals(approved, by)
            if approved:  # the public list of signatories has changed
                page_cache.invalidate_on_commit()
    except Exception:
        _delete_files(public=published)
        raise
    return result


def _approve_one(signature: Signature, by: Any, published: list[str]) -> None:
    contact = _contact(signature)
    if contact and contact.get("email"):
        queue_mail(
            kind=Outbox.Kind.NOTIFICATION,
            mail=mails.approved_mail(signature, contact),
            idempotency_key=f"signon-approved-{signature.pk}-{secrets.token_hex(6)}",
            action=signature.action,
        )
    signature.review = Review.APPROVED
    signature.reject_reason = ""
    signature.reviewed_at = timezone.now()
    signature.reviewed_by = by
    signature.encrypted_contact = None
    fields = ["review", "reject_reason", "reviewed_at", "reviewed_by", "encrypted_contact"]
    if _is_public(signature) and signature.publish_line():
        fields += LINE_FIELDS
    if _publish_logo(signature):
        published.append(signature.public_logo.name or "")
        fields.append("public_logo")
    signature.save(update_fields=fields)


def _is_public(signature: Signature) -> bool:
    """On the public list: approved, listed, and of a confirmed action (see `on_the_letter`)."""
    action = signature.action
    return (
        signature.review == Review.APPROVED
        and signature.show_publicly
        and action.state == Action.State.CONFIRMED
        and action.purged_at is None
    )


def publish_confirmed_line(action: Action) -> None:
    """Once an action is confirmed (the engine's confirm hook, inside its transaction): an
    individual approved and listed before they confirmed is on the public list from now on, so
    their line is stored readable. The row is locked, so approving at the same moment either
    sees the confirmed action or is seen here."""
    signature = Signature.objects.select_for_update().filter(action=action).first()
    if signature is None:
        return
    signature.action = action
    if _is_public(signature) and signature.publish_line():
        signature.save(update_fields=LINE_FIELDS)


def _publish_logo(signature: Signature) -> bool:
    """Copy the private logo of a signature to be listed to public media, under a new random name.

    Only a listed signature's logo is shown anywhere public, so only that one is copied. A
    private file that has gone missing leaves the line without a logo rather than failing.
    """
    if not signature.logo or not signature.show_publicly or signature.public_logo:
        return False
    try:
        with signature.logo.storage.open(signature.logo.name or "", "rb") as private:
            content = private.read()
    except FileNotFoundError:
        logger.warning("Joint letter signature %s: its logo file is missing", signature.pk)
        return False
    signature.public_logo.save(f"{secrets.token_hex(12)}.png", ContentFile(content), save=False)
    return True


def reject(signature_ids: Sequence[int], reason: str, by: Any = None) -> ReviewResult:
    """Reject signatures: mail each signer the reason once, then keep only type and country.

    What was to be printed (name, role, city, website, logo — an individual's encrypted line
    too) is deleted; the action stays (it still counts as taking part, and its sealed details
    follow the retention rule).
    """
    reason = " ".join(reason.split())[:500]
    result = ReviewResult()
    logos: list[str] = []
    public_logos: list[str] = []
    with transaction.atomic():
        rejected: list[tuple[Signature, str]] = []
        for signature in _locked(signature_ids):
            if signature.review == Review.REJECTED:
                result.already += 1
                continue
            rejected.append((signature, signature.review))
            page_cache.invalidate_on_commit()
            contact = _contact(signature)
            if contact and contact.get("email"):
                queue_mail(
                    kind=Outbox.Kind.NOTIFICATION,
                    mail=mails.rejected_mail(signature, contact, reason),
                    idempotency_key=f"signon-rejected-{signature.pk}-{secrets.token_hex(6)}",
                    action=signature.action,
                )
            logos.append(signature.logo.name or "")
            public_logos.append(signature.public_logo.name or "")
            signature.review = Review.REJECTED
            signature.reject_reason = reason
            signature.reviewed_at = timezone.now()
            signature.reviewed_by = by
            signature.encrypted_contact = None
            signature.wipe_line()
            signature.show_publicly = False
            signature.save()
            result.done += 1
        audit.log_on_actions(
            [signature.action for signature, _before in rejected],
            SIGNATURE_REJECT,
            by=by,
            data={"reason": reason},
            # Rejecting an approved line takes it off the letter and the public list.
            per_action={s.action_id: {"signature": s.pk, "review_before": before} for s, before in rejected},
        )
        transaction.on_commit(lambda: _delete_files(logos, public_logos))
    return result


def _log_approvals(signatures: Sequence[Signature], by: Any) -> None:
    """One audit entry per signature's action: which signature, and whether it is listed (no text)."""
    audit.log_on_actions(
        [signature.action for signature in signatures],
        SIGNATURE_APPROVE,
        by=by,
        per_action={s.action_id: {"signature": s.pk, "listed": s.show_publicly} for s in signatures},
    )


def _delete_files(private: Sequence[str] = (), public: Sequence[str] = ()) -> None:
    """Delete logo files: uploaded ones (private storage) and their public copies."""
    for file_field, names in ((Signature.logo.field, private), (Signature.public_logo.field, public)):
        for name in names:
            if name:
                file_field.storage.delete(name)


def pending_count() -> int:
    return Signature.objects.filter(review=Review.PENDING).count()


def purge_personal_data(action_ids: Sequence[int], why: Reason = Reason.RETENTION) -> int:
    """Retention or a supporter's request: what they gave us beyond the sealed details goes too.

    Called inside the purge's transaction with the ids of the actions being purged; logo files
    are deleted once it commits. At the end of retention (not on a request to delete), an
    approved organisation's printed line — its public statement, not a person's data; the
    contact person and email were sealed on the action or already wiped — stays with the
    letter (`kept_at`); everything else goes, individuals' lines (encrypted or published) with
    their rows. Returns how many signatures were deleted.
    """
    signatures = Signature.objects.filter(action_id__in=action_ids)
    if why == Reason.RETENTION:
        signatures.filter(
            on_the_letter(), signer_type=Signature.SignerType.ORGANISATION, kept_at__isnull=True
        ).update(kept_at=timezone.now(), encrypted_contact=None)
        signatures = signatures.filter(kept_at__isnull=True)
    logos = list(signatures.values_list("logo", "public_logo"))
    deleted = signatures.delete()[0]
    if any(private or public for private, public in logos):
        transaction.on_commit(
            lambda: _delete_files([private for private, _ in logos], [public for _, public in logos])
        )
    return int(deleted)
