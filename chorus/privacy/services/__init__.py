"""A supporter's own data: a mailed link to see it, what is held, and deleting it all.

Nothing here writes another app's tables: mail goes through chorus.delivery.services, and
deleting runs every registered shredder (chorus.privacy.shredders).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_registry

from chorus.actions.anti_abuse import over_limits
from chorus.actions.models import Action, ActionLog
from chorus.core.crypto import keyed_hash
from chorus.core.errors import UserFacingError
from chorus.core.shredding import Purge, Reason
from chorus.delivery.messages import organisation_name
from chorus.delivery.models import Outbox
from chorus.delivery.services import Mail, count_mails, mail_counts, queue_mail
from chorus.supporters.models import Consent, Supporter, UpdateSubscription
from chorus.supporters.services import find_supporter

from .. import shredders, tokens

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
        recent = count_mails(supporter_id=supporter.pk, kind=Outbox.Kind.MAGIC_LINK, since=since)
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


def describe_holdings(supporter: Supporter) -> Holdings:
    actions = Action.objects.filter(supporter=supporter)
    mails = mail_counts(supporter.pk)
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
        mails_waiting=mails.waiting,
        mail_records=mails.records,
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
    history go, with whatever every other app holds about them (each app's shredder). Returns
    None when the supporter no longer exists.
    """
    with transaction.atomic():
        supporter = Supporter.objects.select_for_update().filter(pk=supporter_id).first()
        if supporter is None:
            return None
        action_ids = list(Action.objects.filter(supporter=supporter).values_list("pk", flat=True))
        counts = shredders.shred(
            Purge(Reason.REQUEST, action_ids, timezone.now(), supporter_ids=(supporter.pk,))
        )
    return Forgotten(
        actions=len(action_ids),
        consents=counts["consents"],
        subscriptions=counts["subscriptions"],
        mails=counts["mails"],
        log_entries=counts["log_entries"],
    )


# --- the audit log's retention ----------------------------------------------------------------


def purge_audit_log(now: datetime | None = None, *, days: int | None = None) -> int:
    """Delete audit log entries older than CHORUS_AUDIT_LOG_DAYS; returns how many.

    Every log model Wagtail knows goes by the same rule: ModelLogEntry (snippets, users,
    groups, actions, bundles, log-ins) and PageLogEntry (publishing, privacy, moves, intake
    pauses): a page's history is also a record of who did what, and one answer to "how long is
    the log kept" is what staff and supporters are told.
    """
    keep = settings.CHORUS_AUDIT_LOG_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=keep)
    deleted = 0
    for model in sorted(log_registry.get_log_entry_models(), key=lambda model: model._meta.label):
        with transaction.atomic():
            count, _per_model = model.objects.filter(timestamp__lt=cutoff).delete()
        deleted += count
    return deleted
