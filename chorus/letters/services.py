"""State changes of letter campaigns: recording a letter, releasing it to its targets once the
supporter confirms, the targets' daily digests, and the expiry of letters never confirmed.

The queued letter's life: written (encrypted with the server key) in the transaction that
records the action → on confirmation, either put in the outbox at the target's next free
slot and deleted, or marked ready for the target's daily digest → the digest job puts all
of a target's ready letters into one mail (one PDF) and deletes them. Letters whose action is
never confirmed, is invalidated or reaches its retention date are deleted by the expiry job.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from chorus.actions import anti_abuse
from chorus.actions.confirmed import FollowUp
from chorus.actions.mails import already_mail_ending, page_title
from chorus.actions.models import Action
from chorus.actions.services import (
    AlreadyMail,
    ConfirmationMail,
    ConsentGiven,
    Outcome,
    Submission,
    record_action,
)
from chorus.actions.tokens import CONFIRM_DAYS
from chorus.core.crypto import keyed_hash, server_decrypt, server_encrypt
from chorus.core.urls import public_url
from chorus.delivery.models import Outbox
from chorus.delivery.services import Mail, mail_states, queue_mail, reschedule
from chorus.supporters.models import Consent
from chorus.typesetting.services import LetterData

from . import counters
from .compose import LetterSetup, SupporterInput, TargetLetter, letter_setup
from .forms import LETTER_CONSENT_VERSION
from .mails import digest_mail, letter_mail
from .targets import QueuedLetter, Target, TargetDelivery
from .tokens import status_token

logger = logging.getLogger(__name__)

# A queued letter whose action was not confirmed by the time its link expired is deleted a
# day later (the day covers a link opened just before it expired).
UNCONFIRMED_GRACE = timedelta(days=CONFIRM_DAYS + 1)


def digest_hour() -> int:
    """The local hour (TIME_ZONE) from which the day's digests go out."""
    return int(settings.CHORUS_LETTER_DIGEST_HOUR)


@dataclass(frozen=True)
class LetterRequest:
    """A supporter's letter, as the form parsed it."""

    supporter: SupporterInput
    email: str
    send_for_me: bool
    reply_to: bool
    updates: bool
    submission_key: str
    signals: anti_abuse.Signals = field(default_factory=anti_abuse.Signals)


@dataclass(frozen=True)
class LetterOutcome:
    action: Action
    created: bool
    # Targets this form asked us to write to on the supporter's behalf once they confirm. For
    # an address that has written before, still what this form asked: the page answers alike.
    send_to: list[int]


def letter_mail_key(action_id: int, target_id: int) -> str:
    """The outbox key (and so the Message-ID) of one letter: stable, without row numbers in it."""
    return "letter-" + keyed_hash("letter-mail", f"{action_id}:{target_id}")[:40]


def status_path(page_url: str, token: str) -> str:
    """The status page of an action's letters: the token rides in the query string, because
    access logs record paths (every token Chorus hands out travels that way)."""
    return f"{page_url.rstrip('/')}/letters/?{urlencode({'token': token})}"


def _confirmation_mail(
    letters: Sequence[TargetLetter], send_to: list[int], page_url: str
) -> ConfirmationMail:
    names = [letter.shown.name for letter in letters]

    def build(action: Action, email: str, url: str) -> Mail:
        with translation.override(action.language):
            targets = ", ".join(names)
            if send_to:
                status = public_url(status_path(page_url, status_token(action.pk, send_to)))
                body = _(
                    "Thank you for writing to %(targets)s.\n\n"
                    "Please open this link and press the button on the page to confirm. Only then do we "
                    "send your letter:\n%(url)s\n\n"
                    "The link works for %(days)s days. Afterwards you can see here what happened to your "
                    "letter:\n%(status)s\n\n"
                    "If this was not you, ignore this mail: nothing will be sent."
                ) % {"targets": targets, "url": url, "days": CONFIRM_DAYS, "status": status}
            else:
                body = _(
                    "Thank you for writing to %(targets)s.\n\n"
                    "Please open this link and press the button on the page to confirm, so that your "
                    "letter counts in full:\n%(url)s\n\n"
                    "The link works for %(days)s days. If this was not you, ignore this mail and nothing "
                    "more will happen."
                ) % {"targets": targets, "url": url, "days": CONFIRM_DAYS}
            return Mail(to=email, subject=_("Please confirm your letter"), body=body)

    return build


def _already_mail(targets: Sequence[Target], page_url: str) -> AlreadyMail:
    """The mail to an address that has written here already, when a form comes with it again (the
    page answered as for a new letter): only this mail says so, with the status link."""

    def build(action: Action, email: str, confirm_url: str) -> Mail:
        title = page_title(action.page_id, action.language)
        send_to = requested_targets(action, targets)
        with translation.override(action.language):
            parts = [
                _(
                    "Someone, probably you, wrote on “%(title)s” again with this email address. You had "
                    "already written, so nothing new was recorded and your first letter stands."
                )
                % {"title": title}
            ]
            if send_to:
                status = public_url(status_path(page_url, status_token(action.pk, send_to)))
                parts.append(
                    _("See here what happens to the letters we send for you:\n%(url)s") % {"url": status}
                )
            parts.append(already_mail_ending(confirm_url))
            return Mail(
                to=email,
                subject=_("You have already written: %(title)s") % {"title": title},
                body="\n\n".join(parts),
            )

    return build


def record_letter(
    setup: LetterSetup,
    request: LetterRequest,
    letters: Sequence[TargetLetter],
    *,
    language: str,
    page_url: str,
) -> LetterOutcome:
    """Record a supporter's letter through the action engine, and queue it when they asked us
    to send it.

    Without an email address nothing personal is recorded: the action has no supporter and no
    sealed details, and counts as unconfirmed (the letters live only in the supporter's
    download tokens). With one, the details are sealed to the organisation's key and a
    confirmation mail goes out; with "send it for me" each target's letter is also stored,
    encrypted with the server key, in the same transaction, until the supporter confirms.
    """
    supporter = request.supporter
    email = request.email.strip()
    details: dict[str, str] = {}
    consents: list[ConsentGiven] = []
    if email:
        given = {
            "name": supporter.name,
            "email": email,
            "city": supporter.city,
            "country": supporter.country,
            "message": supporter.personal,
        }
        details = {key: value for key, value in given.items() if value}
        details.update({f"letter_{code}": body for code, body in supporter.bodies.items()})
        consents.append(ConsentGiven(Consent.Purpose.ACTION, LETTER_CONSENT_VERSION))
        if request.updates:
            consents.append(ConsentGiven(Consent.Purpose.UPDATES, LETTER_CONSENT_VERSION))
    sendable = [letter for letter in letters if letter.target.email] if request.send_for_me and email else []
    send_to = [letter.target.pk for letter in sendable]
    submission = Submission(
        page_id=setup.page.pk,
        kind=Action.Kind.LETTER,
        language=language,
        submission_key=request.submission_key,
        details=details,
        email=email,
        # Even a coarse country is left out of the zero-data path: it keeps nothing about the person.
        country=supporter.country if email else "",
        consents=consents,
        subscribe_updates=request.updates and bool(email),
        retention_days=setup.page.retention_days,
        signals=request.signals,
    )

    def queue_letters(action: Action) -> None:
        QueuedLetter.objects.bulk_create(
            QueuedLetter(
                action=action,
                supporter=action.supporter,
                target=letter.target,
                payload=server_encrypt(
                    {"letter": asdict(letter.letter), "reply_to": email if request.reply_to else ""}
                ),
            )
            for letter in sendable
        )

    outcome: Outcome = record_action(
        submission,
        confirmation_mail=_confirmation_mail(letters, send_to, page_url),
        already_mail=_already_mail(setup.targets, page_url),
        with_action=queue_letters,
    )
    # Whether this address wrote before (its first letter stands) is told only by mail.
    return LetterOutcome(outcome.action, outcome.created, send_to)


def requested_targets(action: Action, targets: Sequence[Target]) -> list[int]:
    """The targets an action's letter is (or was) sent to on the supporter's behalf."""
    queued = set(QueuedLetter.objects.filter(action=action).values_list("target_id", flat=True))
    keys = {letter_mail_key(action.pk, target.pk): target.pk for target in targets}
    mailed = {keys[key] for key in mail_states(keys)}
    return [target.pk for target in targets if target.pk in queued | mailed]


def letter_follow_ups(action: Action, page: Page) -> list[FollowUp]:
    """After confirming a letter: the status page of the letters we send on the supporter's behalf.

    Registered in LettersConfig.ready. The link comes from `status_path`, the one place that
    knows the status page's URL shape.
    """
    specific = page.specific
    if not hasattr(specific, "letter_body"):  # not a letter campaign page
        return []
    send_to = requested_targets(action, letter_setup(specific).targets)
    if not send_to:
        return []
    return [
        FollowUp(
            _("See what happens to your letters"), status_path(specific.url, status_token(action.pk, send_to))
        )
    ]


# --- sending -------------------------------------------------------------------------------


def _reserve_slot(target: Target, now: datetime) -> datetime:
    """The time this target's next letter may go, and the one after it reserved (row-locked,
    so concurrent confirmations take consecutive slots)."""
    delivery, _created = TargetDelivery.objects.select_for_update().get_or_create(target=target)
    slot = max(now, delivery.next_slot_at or now) if target.letters_per_hour else now
    if target.letters_per_hour:
        delivery.next_slot_at = slot + timedelta(seconds=3600 / target.letters_per_hour)
    delivery.letters_released += 1
    delivery.save(update_fields=["next_slot_at", "letters_released"])
    return slot


def release_letters(action: Action) -> None:
    """Confirmation hook for letters (registered in CampaignsConfig.ready; runs inside
    `confirm_action`'s transaction): each queued letter goes to the outbox at its target's
    next free slot, or waits for the target's daily digest."""
    now = timezone.now()
    queued = QueuedLetter.objects.select_for_update().filter(action=action, state=QueuedLetter.State.WAITING)
    for row in queued.select_related("target").order_by("pk"):
        target = row.target
        if target.delivery == Target.Delivery.DIGEST:
            row.state, row.ready_at = QueuedLetter.State.READY, now
            row.save(update_fields=["state", "ready_at"])
            continue
        if target.email:
            data = server_decrypt(bytes(row.payload))
            mail = letter_mail(LetterData(**data["letter"]), target, reply_to=str(data.get("reply_to") or ""))
            slot = _reserve_slot(target, now)
            outbox = queue_mail(
                kind=Outbox.Kind.LETTER,
                mail=mail,
                idempotency_key=letter_mail_key(action.pk, target.pk),
                action=action,
            )
            counters.dispatched(outbox.pk, target.pk, [action.page_id])
            if slot > now:
                # Held until its slot; the send task enqueued now finds it not yet due.
                reschedule(outbox.pk, slot)
        else:
            logger.warning(
                "Queued letter %s dropped: target %s has no email address any more", row.pk, target.pk
            )
        row.delete()


def send_letter_digests(now: datetime | None = None) -> int:
    """Send each digest target the letters confirmed since its last digest, once a day from
    `digest_hour()` local time. Returns how many digests were queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < digest_hour():
        return 0
    today = local.date()
    target_ids = sorted(
        set(QueuedLetter.objects.filter(state=QueuedLetter.State.READY).values_list("target_id", flat=True))
    )
    sent = 0
    for target_id in target_ids:
        with transaction.atomic():
            delivery, _created = TargetDelivery.objects.select_for_update().get_or_create(target_id=target_id)
            if delivery.last_digest_on == today:
                continue
            # In the order the letters were written (then by id, for letters written in the same
            # instant): the target reads them as they came, whatever order they were confirmed in.
            rows = list(
                QueuedLetter.objects.select_for_update()
                .filter(target_id=target_id, state=QueuedLetter.State.READY)
                .select_related("target")
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            target = rows[0].target
            ids = [row.pk for row in rows]
            if target.email:
                letters = [LetterData(**server_decrypt(bytes(row.payload))["letter"]) for row in rows]
                outbox = queue_mail(
                    kind=Outbox.Kind.LETTER,
                    mail=digest_mail(target, letters),
                    # Names this batch of letters: a second run cannot send it twice, a later batch differs.
                    idempotency_key="digest-" + keyed_hash("letter-digest", ",".join(map(str, ids)))[:40],
                )
                pages = QueuedLetter.objects.filter(pk__in=ids).values_list("action__page_id", flat=True)
                counters.dispatched(outbox.pk, target_id, list(pages))
                sent += 1
            else:
                logger.warning(
                    "%s queued letters dropped: target %s has no email address any more", len(ids), target_id
                )
            QueuedLetter.objects.filter(pk__in=ids).delete()
            delivery.last_digest_on = today
            delivery.letters_released += len(ids)
            delivery.save(update_fields=["last_digest_on", "letters_released"])
    return sent


def expire_queued_letters(now: datetime | None = None) -> int:
    """Delete queued letters that will never be sent: never confirmed, invalidated, or past
    their action's retention date. Returns how many were deleted."""
    now = now or timezone.now()
    never_confirmed = Q(action__confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_GRACE)
    dead = (
        Q(action__state=Action.State.INVALIDATED)
        | Q(action__purged_at__isnull=False)
        | Q(action__retain_until__lte=now)
    )
    deleted, _per_model = QueuedLetter.objects.filter(never_confirmed | dead).delete()
    return deleted
