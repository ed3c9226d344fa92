"""An individual's printed line on a joint letter (name, role) is a person's data until it is
public: encrypted with the server key from the moment they sign, readable only once approved,
listed and confirmed, decrypted by the bundle and the moderation queue, gone on rejection."""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.handover.models import DeliveryBundle
from chorus.handover.services import bundles as bundle_services
from chorus.jointletters import services
from chorus.jointletters.signatures import Signature
from tests.actions.test_seizure_drill import database_dump
from tests.jointletters.test_signon import (
    confirm,
    org_data,
    public_text,
    sign,
)
from tests.mfa import log_in_with_totp

LISTED = ("Somchai Kittisak", "Outreach worker, Empower Chiang Mai")
UNLISTED = ("Nattaya Wongsakul", "Peer educator, SWING Bangkok")
KOREAN = ("김지현", "연구자, 서울대학교")


def signs_as_individual(
    page: CampaignPage, name: str, role: str, *, listed: bool = True, **more: Any
) -> Signature:
    local = "".join(c for c in name.casefold() if c.isascii() and c.isalpha()) or f"signer{len(name)}"
    return sign(
        page,
        sign_as="individual",
        ind_name=name,
        ind_role=role,
        ind_email=f"{local}@example.org",
        show_publicly="on" if listed else None,
        **more,
    )


def stored_row(signature: Signature) -> list[Any]:
    """The signature's row as the database holds it (raw SQL, no model in between)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Signature._meta.db_table} WHERE id = %s", [signature.pk])
        row = cursor.fetchone()
    assert row is not None
    return list(row)


def in_row(text: str, row: list[Any]) -> bool:
    for value in row:
        if isinstance(value, memoryview | bytes | bytearray):
            if text.encode() in bytes(value):
                return True
        elif text in str(value):
            return True
    return False


def approve(signature: Signature) -> None:
    assert services.approve([signature.pk]).done == 1


@pytest.mark.django_db(transaction=True)
def test_an_individuals_line_is_in_no_table_until_it_is_public(letter_page: CampaignPage) -> None:
    listed = signs_as_individual(letter_page, *LISTED)
    unlisted = signs_as_individual(letter_page, *UNLISTED, listed=False)
    waiting = signs_as_individual(letter_page, *KOREAN)
    for signature in (listed, unlisted, waiting):
        row = stored_row(signature)
        assert not any(in_row(secret, row) for secret in (*LISTED, *UNLISTED, *KOREAN))
    dump = database_dump()
    assert "signons_signature" in dump  # a real dump of this database
    for secret in (*LISTED, *UNLISTED, *KOREAN):
        assert secret not in dump, f"{secret!r} found in the database dump"
    assert listed.printed_line().name == LISTED[0]  # the server can still read it

    # Confirmed and approved: the listed line is public, and stored readable; the unlisted one
    # (approved, printed in the bundle only) and the unconfirmed one stay encrypted.
    for signature in (listed, unlisted):
        confirm(signature)
        approve(signature)
    approve(waiting)
    dump = database_dump()
    assert LISTED[0] in dump and LISTED[1] in dump
    for secret in (*UNLISTED, *KOREAN):
        assert secret not in dump, f"{secret!r} found in the database dump"
    text = public_text(letter_page)
    assert LISTED[0] in text and LISTED[1] in text
    assert UNLISTED[0] not in text and KOREAN[0] not in text


def test_the_public_list_shows_an_approved_listed_individual_without_decrypting(
    letter_page: CampaignPage, settings: Any
) -> None:
    signature = signs_as_individual(letter_page, *LISTED)
    assert (signature.name, signature.role) == ("", "") and signature.encrypted_line is not None
    assert LISTED[0] not in public_text(letter_page)
    confirm(signature)
    approve(signature)
    signature.refresh_from_db()
    assert (signature.name, signature.role, signature.encrypted_line) == (*LISTED, None)
    assert in_row(LISTED[0], stored_row(signature))
    # The page needs no server key for it: the line is public, and stored as such.
    settings.CHORUS_SERVER_KEY = ""
    text = public_text(letter_page)
    assert LISTED[0] in text and LISTED[1] in text


def test_approved_before_confirming_stays_encrypted_until_the_signer_confirms(
    letter_page: CampaignPage,
) -> None:
    signature = signs_as_individual(letter_page, *LISTED)
    approve(signature)  # staff may approve before the mail is confirmed
    signature.refresh_from_db()
    assert signature.review == Review.APPROVED and signature.encrypted_line is not None
    assert not in_row(LISTED[0], stored_row(signature))
    assert LISTED[0] not in public_text(letter_page)

    confirm(signature)  # the engine's confirm hook: now on the public list
    signature.refresh_from_db()
    assert (signature.name, signature.role, signature.encrypted_line) == (*LISTED, None)
    assert LISTED[0] in public_text(letter_page)


def test_rejecting_deletes_an_individuals_line(letter_page: CampaignPage) -> None:
    signature = signs_as_individual(letter_page, *LISTED)
    confirm(signature)
    assert services.reject([signature.pk], "We could not verify this signature.").done == 1
    signature.refresh_from_db()
    assert signature.encrypted_line is None
    assert (signature.name, signature.role, signature.city) == ("", "", "")
    assert not any(in_row(secret, stored_row(signature)) for secret in LISTED)
    # Approved and listed first, then rejected: the readable line goes too.
    public = signs_as_individual(letter_page, *UNLISTED)
    confirm(public)
    approve(public)
    assert UNLISTED[0] in public_text(letter_page)
    services.reject([public.pk], "Withdrawn at the signer's request.")
    assert not any(in_row(secret, stored_row(public)) for secret in UNLISTED)
    assert UNLISTED[0] not in public_text(letter_page)


def test_retention_and_a_request_delete_an_unlisted_individuals_line(letter_page: CampaignPage) -> None:
    from chorus.privacy.retention import purge_expired
    from chorus.privacy.services import forget_supporter

    expiring = signs_as_individual(letter_page, *UNLISTED, listed=False)
    asking = signs_as_individual(letter_page, *KOREAN, listed=False)
    for signature in (expiring, asking):
        confirm(signature)
        approve(signature)
    Action.objects.filter(pk=expiring.action_id).update(retain_until=timezone.now() - timedelta(days=1))
    purge_expired()
    forget_supporter(Action.objects.get(pk=asking.action_id).supporter_id)
    assert not Signature.objects.filter(pk__in=[expiring.pk, asking.pk]).exists()


def test_the_moderation_queue_shows_staff_the_decrypted_line(
    letter_page: CampaignPage, demo_accounts: dict[str, Any]
) -> None:
    signature = signs_as_individual(letter_page, *KOREAN, listed=False)
    moderator = log_in_with_totp(Client(), demo_accounts["staff"])
    html = moderator.get(reverse("jointletters_admin:joint_letter_moderation", args=[letter_page.pk])).content
    assert KOREAN[0] in html.decode() and KOREAN[1] in html.decode()
    assert signature.encrypted_line is not None


def test_an_organisations_line_is_public_and_stored_as_given(letter_page: CampaignPage) -> None:
    response = Client().post(letter_page.url + "join/", org_data(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.encrypted_line is None
    assert (signature.name, signature.city) == ("Riverlight Sex Worker Collective", "Melbourne")
    assert in_row("Riverlight Sex Worker Collective", stored_row(signature))


def test_the_bundle_prints_individuals_lines_decrypted(
    letter_page: CampaignPage, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CHORUS_BUNDLE_DIR = tmp_path / "bundles"
    unlisted = signs_as_individual(letter_page, *UNLISTED, listed=False)
    listed = signs_as_individual(letter_page, *LISTED, ind_country="TH")
    another = signs_as_individual(letter_page, "Aree Boonmee", "Volunteer", listed=False, ind_country="TH")
    for signature in (unlisted, listed, another):
        confirm(signature)
        approve(signature)
    assert Signature.objects.filter(encrypted_line__isnull=False).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        bundle = bundle_services.prepare_bundle(letter_page.pk, "en")
    bundle.refresh_from_db()
    assert (bundle.state, bundle.total) == (DeliveryBundle.State.READY, 3)
    path = bundle_services.bundle_path(bundle)
    assert path is not None
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    for name, role in (UNLISTED, LISTED, ("Aree Boonmee", "Volunteer")):
        assert name in text and role in text
    # Thailand's individuals in alphabetical order, whichever of them are encrypted.
    assert text.index("Aree Boonmee") < text.index(LISTED[0])


# --- the migration -------------------------------------------------------------------------------

MIGRATION = "0003_signature_encrypted_line"


def _migration_apps() -> Any:
    return MigrationLoader(connection).project_state(("jointletters", MIGRATION)).apps


def test_the_migration_encrypts_lines_stored_readable_before(letter_page: CampaignPage) -> None:
    migration = importlib.import_module(f"chorus.jointletters.migrations.{MIGRATION}")
    waiting = signs_as_individual(letter_page, *UNLISTED, listed=False)
    public = signs_as_individual(letter_page, *LISTED)
    confirm(public)
    approve(public)
    organisation = sign(letter_page)
    # As before the migration: every line readable.
    Signature.objects.filter(pk=waiting.pk).update(name=UNLISTED[0], role=UNLISTED[1], encrypted_line=None)

    migration.encrypt_private_lines(_migration_apps(), None)

    waiting.refresh_from_db()
    assert (waiting.name, waiting.role) == ("", "") and waiting.printed_line().name == UNLISTED[0]
    assert waiting.printed_line().role == UNLISTED[1]
    assert not any(in_row(secret, stored_row(waiting)) for secret in UNLISTED)
    assert Signature.objects.get(pk=public.pk).name == LISTED[0]  # public: stays readable
    assert Signature.objects.get(pk=organisation.pk).name == "Riverlight Sex Worker Collective"

    migration.decrypt_lines(_migration_apps(), None)  # and back
    waiting.refresh_from_db()
    assert (waiting.name, waiting.role, waiting.encrypted_line) == (*UNLISTED, None)


def test_the_migration_needs_the_server_key_only_for_rows_it_encrypts(
    letter_page: CampaignPage, settings: Any
) -> None:
    migration = importlib.import_module(f"chorus.jointletters.migrations.{MIGRATION}")
    organisation = sign(letter_page)
    settings.CHORUS_SERVER_KEY = ""
    migration.encrypt_private_lines(_migration_apps(), None)  # nothing to encrypt: no key needed
    migration.decrypt_lines(_migration_apps(), None)
    assert Signature.objects.get(pk=organisation.pk).encrypted_line is None

    Signature.objects.create(
        action=Action.objects.create(
            page_id=letter_page.pk,
            kind=Action.Kind.JOINT_LETTER,
            language="en",
            submission_key="old-row",
            retain_until=timezone.now() + timedelta(days=30),
        ),
        page_id=letter_page.pk,
        signer_type=Signature.SignerType.INDIVIDUAL,
        name=UNLISTED[0],
        country="TH",
        language="en",
    )
    with pytest.raises(ImproperlyConfigured, match="jointletters 0003"):
        migration.encrypt_private_lines(_migration_apps(), None)
