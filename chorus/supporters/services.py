"""State changes for supporters: find or create by blind index, seal details, consent,
organisation keys, and the supporter's own view and deletion of their data."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chorus.actions.anti_abuse import over_limits
from chorus.actions.models import Action, ActionLog
from chorus.core.crypto import blind_index, key_fingerprint, keyed_hash, seal, server_encrypt
from chorus.core.errors import UserFacingError
from chorus.delivery.messages import organisation_name
from chorus.delivery.models import Outbox
from chorus.delivery.services import Mail, queue_mail

from . import retention, tokens
from .models import Consent, OrganisationKey, Supporter, UpdateSubscription


class NoOrganisationKey(UserFacingError):
    """No active organisation key: personal data cannot be sealed, so nothing is accepted."""

    def __init__(self) -> None:
        super().__init__(_("This site cannot accept submissions yet. Please try again later."))


def find_supporter(email: str) -> Supporter | None:
    return Supporter.objects.filter(blind_index=blind_index(email)).first()


def get_or_create_supporter(email: str) -> Supporter:
    index = blind_index(email)
    try:
        with transaction.atomic():
            return Supporter.objects.get_or_create(blind_index=index)[0]
    except IntegrityError:
        # A concurrent request created the same supporter; it has committed by now.
        return Supporter.objects.get(blind_index=index)


ACTIVE_KEY_CACHE_SECONDS = 5


def active_key() -> OrganisationKey:
    """The organisation's active public key, cached briefly: every submission needs it."""
    key = cache.get("chorus:active-org-key")
    if key is None:
        key = OrganisationKey.objects.filter(active=True).first()
        if key is None:
            raise NoOrganisationKey
        cache.set("chorus:active-org-key", key, ACTIVE_KEY_CACHE_SECONDS)
    return key


def forget_active_key() -> None:
    cache.delete("chorus:active-org-key")


def seal_details(details: dict[str, str]) -> tuple[bytes, OrganisationKey]:
    """Seal personal details to the organisation's active public key."""
    key = active_key()
    return seal(bytes(key.public_key), details), key


def record_consent(
    supporter: Supporter, action: Action, purpose: str, text_version: str, language: str
) -> Consent:
    return Consent.objects.create(
        supporter=supporter, action=action, purpose=purpose, text_version=text_version, language=language
    )


def subscribe_to_updates(
    supporter: Supporter, action: Action, email: str, language: str, retain_until: datetime
) -> UpdateSubscription:
    consent = Consent.objects.filter(
        supporter=supporter, action=action, purpose=Consent.Purpose.UPDATES
    ).first()
    if consent is None:
        consent = record_consent(supporter, action, Consent.Purpose.UPDATES, "implicit", language)
    subscription, _created = UpdateSubscription.objects.update_or_create(
        supporter=supporter,
        page_id=action.page_id,
        defaults={
            "encrypted_address": server_encrypt({"email": email}),
            "language": language,
            "consent": consent,
            "retain_until": retain_until,
        },
    )
    return subscription


# --- organisation keys ----------------------------------------------------------------------


class KeyAlreadyActive(Exception):
    """For the operator at the command line (English, like the rest of the CLI)."""

    def __init__(self, key: OrganisationKey) -> None:
        super().__init__(
            f"An active organisation key exists already ({key.fingerprint}). "
            "Use `chorus keys rotate` to replace it; the old key is kept for older data."
        )


def register_organisation_key(
    public_key: bytes, *, rotate: bool
) -> tuple[OrganisationKey, OrganisationKey | None]:
    """Make `public_key` the active key; with `rotate`, retire the one it replaces.

    Returns (new key, retired key or None). Data sealed to a retired key stays sealed to it:
    exports need that key's private half too, so it is kept, never deleted.
    """
    with transaction.atomic():
        current = OrganisationKey.objects.select_for_update().filter(active=True).first()
        if current is not None and not rotate:
            raise KeyAlreadyActive(current)
        if current is not None:
            current.active = False
            current.retired_at = timezone.now()
            current.save(update_fields=["active", "retired_at"])
        new = OrganisationKey.objects.create(
            public_key=public_key, fingerprint=key_fingerprint(public_key), active=True
        )
        # Other processes may seal to the retired key for up to ACTIVE_KEY_CACHE_SECONDS; that
        # data stays readable, because retired keys are kept for exports.
        forget_active_key()
        transaction.on_commit(forget_active_key)
    return new, current


@dataclass(frozen=True)
class KeySummary:
    fingerprint: str
    active: bool
    created_at: datetime
    retired_at: datetime | None
    sealed_actions: int


def key_summaries() -> list[KeySummary]:
    """Every organisation key, newest first, with how many actions still need it to be read."""
    sealed = dict(
        Action.objects.filter(sealed_details__isnull=False, sealed_with__isnull=False)
        .values_list("sealed_with")
        .annotate(n=Count("pk"))
        .values_list("sealed_with", "n")
    )
    return [
        KeySummary(key.fingerprint, key.active, key.created_at, key.retired_at, sealed.get(key.pk, 0))
        for key in OrganisationKey.objects.order_by("-created_at", "-pk")
    ]


# --- self-service: a supporter's own data ---------------------------------------------------

# Requests per keyed hash of the client address: (window in seconds, allowed in it).
DATA_REQUEST_LIMITS = ((600, 5), (24 * 3600, 20))
# Mails with a link one supporter can be sent per day, whoever asks: the form cannot be used
# to flood someone's mailbox.
DATA_LINKS_PER_DAY = 3


class TooManyRequests(UserFacingError):
    pass


def _client_over_limit(client_ip: str) -> bool:
    return over_limits(f"my-data:{keyed_hash('client-ip', client_ip)}", DATA_REQUEST_LIMITS)


def _data_link_mail(supporter: Supporter, email: str, language: str) -> Mail:
    site = organisation_name()
    with translation.override(language):
        return Mail(
            to=email,
            subject=_("The link to your data at %(site)s") % {"site": site},
            body=_(
                "Someone, probably you, asked to see the data %(site)s holds about this email address.\n\n"
                "Open this link to see it and, if you wish, delete it:\n%(url)s\n\n"
                "The link works for one hour. If you did not ask for it, ignore this mail: "
                "nothing has been shown to anyone and nothing will change."
            )
            % {"site": site, "url": tokens.data_url(supporter, language)},
        )


def request_data_link(email: str, *, language: str, client_ip: str | None) -> None:
    """Queue a mail with a link to the data held about `email`, if any is held.

    The caller answers the same way whatever happens here (apart from the client's own rate
    limit, which says nothing about the address), so the form cannot reveal who signed.
    """
    if client_ip and _client_over_limit(client_ip):
        raise TooManyRequests(_("You have asked too many times. Please try again later."))
    found = find_supporter(email)
    if found is None:
        return
    with transaction.atomic():
        # Lock the supporter so concurrent requests count each other's mails.
        supporter = Supporter.objects.select_for_update().filter(pk=found.pk).first()
        if supporter is None:
            return
        since = timezone.now() - timedelta(days=1)
        recent = Outbox.objects.filter(
            supporter=supporter, kind=Outbox.Kind.MAGIC_LINK, created_at__gte=since
        ).count()
        if recent >= DATA_LINKS_PER_DAY:
            return
        queue_mail(
            kind=Outbox.Kind.MAGIC_LINK,
            mail=_data_link_mail(supporter, email.strip(), language),
            # Becomes the Message-ID, which mail providers see: no row id in it.
            idempotency_key=f"my-data-{secrets.token_hex(16)}",
            supporter=supporter,
        )


@dataclass(frozen=True)
class ConsentRecord:
    purpose: str
    agreed_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class Holdings:
    """The categories of data held about one supporter (counts and dates, never contents)."""

    actions: int = 0
    campaigns: int = 0
    sealed_details: int = 0
    subscriptions: int = 0
    consents: list[ConsentRecord] = field(default_factory=list)
    mails_waiting: int = 0
    mail_records: int = 0
    log_entries: int = 0


def _supporter_outbox(supporter: Supporter) -> Q:
    return Q(supporter=supporter) | Q(action__supporter=supporter)


def describe_holdings(supporter: Supporter) -> Holdings:
    actions = Action.objects.filter(supporter=supporter)
    outbox = Outbox.objects.filter(_supporter_outbox(supporter))
    waiting = {Outbox.State.QUEUED, Outbox.State.SENDING}
    purposes = dict(Consent.Purpose.choices)
    return Holdings(
        actions=actions.count(),
        campaigns=actions.values("page_id").distinct().count(),
        sealed_details=actions.filter(sealed_details__isnull=False).count(),
        subscriptions=UpdateSubscription.objects.filter(supporter=supporter).count(),
        consents=[
            ConsentRecord(str(purposes.get(purpose, purpose)), agreed_at, withdrawn_at)
            for purpose, agreed_at, withdrawn_at in Consent.objects.filter(supporter=supporter)
            .order_by("agreed_at", "pk")
            .values_list("purpose", "agreed_at", "withdrawn_at")
        ],
        mails_waiting=outbox.filter(state__in=waiting).count(),
        mail_records=outbox.exclude(state__in=waiting).count(),
        log_entries=ActionLog.objects.filter(action__supporter=supporter).count(),
    )


@dataclass(frozen=True)
class Forgotten:
    actions: int
    consents: int
    subscriptions: int
    mails: int
    log_entries: int


def forget_supporter(supporter_id: int) -> Forgotten | None:
    """Delete everything held about one supporter, atomically; anonymous counts stay.

    Their actions remain as anonymous rows (page, kind, state, language, coarse country, date)
    so that counts stay exact; the sealed details, the link to the supporter and the actions'
    history go. Returns None when the supporter no longer exists.
    """
    with transaction.atomic():
        supporter = Supporter.objects.select_for_update().filter(pk=supporter_id).first()
        if supporter is None:
            return None
        action_ids = list(Action.objects.filter(supporter=supporter).values_list("pk", flat=True))
        mails = Outbox.objects.filter(Q(supporter=supporter) | Q(action_id__in=action_ids)).delete()[0]
        logs = ActionLog.objects.filter(action_id__in=action_ids).delete()[0]
        subscriptions = UpdateSubscription.objects.filter(supporter=supporter).delete()[0]
        consents = Consent.objects.filter(Q(supporter=supporter) | Q(action_id__in=action_ids)).delete()[0]
        retention.run_purge_hooks(action_ids, retention.REQUEST)
        Action.objects.filter(pk__in=action_ids).update(
            supporter=None, sealed_details=None, sealed_with=None, purged_at=timezone.now()
        )
        supporter.delete()
    return Forgotten(
        actions=len(action_ids), consents=consents, subscriptions=subscriptions, mails=mails, log_entries=logs
    )
