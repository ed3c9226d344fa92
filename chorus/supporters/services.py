"""State changes for supporters: find or create by blind index, seal details, consent, update
subscriptions, organisation keys. (A supporter's own view and deletion of their data is
`chorus.privacy.services`.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from chorus.actions.models import Action
from chorus.core.audit import staff
from chorus.core.crypto import blind_index, key_fingerprint, seal, server_encrypt
from chorus.core.errors import UserFacingError

from .models import Consent, OrganisationKey, Supporter, UpdateSubscription

# Audit log action types (registered in wagtail_hooks.py).
KEY_REGISTER = "chorus.key_register"
KEY_ROTATE = "chorus.key_rotate"


class NoOrganisationKey(UserFacingError):
    """No active organisation key: personal data cannot be sealed, so nothing is accepted."""

    def __init__(self) -> None:
        super().__init__(_("This site cannot accept submissions yet. Please try again later."))


def find_supporter(email: str) -> Supporter | None:
    return Supporter.objects.filter(blind_index=blind_index(email)).first()


def get_or_create_supporter(email: str) -> Supporter:
    """The supporter this address names, created if new: one statement (an upsert on the blind
    index), so concurrent first actions of one person find one row and need no savepoint."""
    supporter = Supporter(blind_index=blind_index(email))
    # INSERT … ON CONFLICT (blind_index) DO UPDATE (to itself) … RETURNING id: the row's id
    # whether it was new or not.
    Supporter.objects.bulk_create(
        [supporter], update_conflicts=True, unique_fields=["blind_index"], update_fields=["blind_index"]
    )
    return supporter


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


def record_consents(supporter: Supporter, action: Action, given: Sequence[Any], language: str) -> None:
    """The consents given with one action (`actions.submissions.ConsentGiven`): one statement."""
    Consent.objects.bulk_create(
        Consent(
            supporter=supporter,
            action=action,
            purpose=consent.purpose,
            text_version=consent.text_version,
            language=language,
        )
        for consent in given
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
    public_key: bytes, *, rotate: bool, by: Any = None
) -> tuple[OrganisationKey, OrganisationKey | None]:
    """Make `public_key` the active key; with `rotate`, retire the one it replaces.

    Returns (new key, retired key or None). Data sealed to a retired key stays sealed to it:
    exports need that key's private half too, so it is kept, never deleted. The audit log
    gets an entry on the new key (`by` is None from `chorus keys`: the operator's shell).
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
        log(
            new,
            KEY_ROTATE if current is not None else KEY_REGISTER,
            user=staff(by),
            title=f"{new._meta.verbose_name} {new.fingerprint}",
            data={"fingerprint": new.fingerprint, "retired": current.fingerprint if current else ""},
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


# --- deletion (run by the shredders and the retention purge of chorus.privacy) ---------------


def _deleted(queryset: QuerySet[Model], model: type[Model]) -> int:
    _total, per_model = queryset.delete()
    return int(per_model.get(model._meta.label, 0))


def forget_consents(action_ids: Sequence[int], *, now: datetime) -> int:
    """Retention: delete the consents given with these actions, except those an update
    subscription that still runs relies on. Returns how many went."""
    live = UpdateSubscription.objects.filter(retain_until__gt=now).values("consent_id")
    return _deleted(Consent.objects.filter(action_id__in=action_ids).exclude(Q(pk__in=live)), Consent)


@dataclass(frozen=True)
class SupportersForgotten:
    consents: int
    subscriptions: int
    supporters: int


def forget_supporters(supporter_ids: Sequence[int], action_ids: Sequence[int]) -> SupportersForgotten:
    """A supporter's request: delete their update subscriptions, every consent they gave (with
    these actions or otherwise) and their supporter rows. Their actions must be unlinked from
    them first (the actions' shredder runs before this one)."""
    subscriptions = UpdateSubscription.objects.filter(supporter_id__in=supporter_ids).delete()[0]
    consents = Consent.objects.filter(
        Q(supporter_id__in=supporter_ids) | Q(action_id__in=action_ids)
    ).delete()[0]
    supporters = _deleted(Supporter.objects.filter(pk__in=supporter_ids), Supporter)
    return SupportersForgotten(consents, subscriptions, supporters)


def delete_expired_subscriptions(now: datetime) -> int:
    """Retention: delete the update subscriptions whose time is up."""
    return _deleted(UpdateSubscription.objects.filter(retain_until__lte=now), UpdateSubscription)


def delete_orphan_supporters(created_before: datetime) -> int:
    """Retention: delete supporter rows left with no action and no subscription.

    Only rows older than `created_before`: a newer one may belong to an action being recorded
    in a transaction that has not committed yet.
    """
    return _deleted(
        Supporter.objects.filter(
            created_at__lte=created_before, actions__isnull=True, subscriptions__isnull=True
        ),
        Supporter,
    )


def end_subscription(subscription: UpdateSubscription) -> None:
    """Unsubscribe: delete the subscription and mark the consent it relied on withdrawn (the
    consent record stays until its action's retention ends)."""
    Consent.objects.filter(pk=subscription.consent_id, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    subscription.delete()
