"""The audit log: every logged path makes its entry (who, what, which type), no entry holds a
supporter's personal data, and the scheduler's purge deletes old entries only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from nacl.public import PrivateKey
from wagtail.log_actions import LogContext, log
from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale, ModelLogEntry, PageLogEntry, Site

from chorus.actions.models import Action
from chorus.actions.services import flag_action
from chorus.campaigns.models import CampaignPage
from chorus.core.scheduler import SCHEDULE
from chorus.handover.models import DeliveryBundle
from chorus.handover.services import bundles, records
from chorus.jointletters.models import JointLetterPage
from chorus.jointletters.signatures import Signature
from chorus.letters.targets import Target
from chorus.news.models import HomePage
from chorus.petitions.models import PetitionPage
from chorus.petitions.signatures import PetitionSignature
from chorus.privacy.models import SealedExport
from chorus.privacy.services import exports as sealed_exports
from chorus.privacy.services import purge_audit_log
from chorus.supporters.services import register_organisation_key
from tests.handover.test_delivery_record import make_record
from tests.jointletters.test_signon import confirm as confirm_signature
from tests.jointletters.test_signon import individual_data, org_data, post
from tests.mfa import log_in_with_totp
from tests.petitions.test_public import confirm as confirm_petition
from tests.petitions.test_public import sign_in

pytestmark = pytest.mark.django_db

# What supporters typed: none of it may reach a log table, in any column.
PETITION_NAME = "Zephyrine Quillfeather"
PETITION_EMAIL = "zephyrine.quill@example.org"
SHOWN_NAME = "ควิลล์เฟเธอร์ผู้สนับสนุน"
COMMENT = "Marmalade comet over the harbour, 7781"
REJECTED_COMMENT = "ข้อความที่ถูกปฏิเสธ-ทดสอบ 4412"
ORGANISATION = "Obsidian Lantern Collective"
CONTACT = "Perpetua Wrenfield"
CONTACT_EMAIL = "perpetua.wren@lantern.example.org"
INDIVIDUAL = "소망별 테스트"
INDIVIDUAL_EMAIL = "somang.star@example.org"
REASON = "Not an organisation we can verify"
PERSONAL = [
    PETITION_NAME,
    PETITION_EMAIL,
    "zephyrine",
    SHOWN_NAME,
    COMMENT,
    REJECTED_COMMENT,
    ORGANISATION,
    CONTACT,
    CONTACT_EMAIL,
    "lantern.example",
    INDIVIDUAL,
    INDIVIDUAL_EMAIL,
]


@pytest.fixture
def empty_log(db: None) -> None:
    """Start from no entries (the demo's own publishing, or its accounts, may have made some)."""
    ModelLogEntry.objects.all().delete()
    PageLogEntry.objects.all().delete()


@pytest.fixture
def staff(demo_accounts: dict[str, Any]) -> Any:
    return demo_accounts["staff"]


@pytest.fixture
def staff_client(staff: Any) -> Client:
    return log_in_with_totp(Client(), staff)


@pytest.fixture
def petition_page(campaign: CampaignPage) -> CampaignPage:
    PetitionPage.objects.filter(translation_key=campaign.translation_key).update(
        petition_ask_display_name=True, petition_ask_comment=True
    )
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def letter_page(demo_site: HomePage) -> CampaignPage:
    page = JointLetterPage(
        title="Audit joint letter",
        slug="audit-joint-letter",
        joint_letter_text="<p>We ask you to end the raids.</p>",
        joint_letter_recipient="H.E. the Ambassador",
        locale=Locale.get_default(),
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def bundle_dir(settings: Any, tmp_path: Path) -> Path:
    settings.CHORUS_BUNDLE_DIR = tmp_path / "bundles"
    settings.CHORUS_BUNDLE_DIR.mkdir()
    return Path(settings.CHORUS_BUNDLE_DIR)


@pytest.fixture
def export_dir(settings: Any, tmp_path: Path) -> Path:
    settings.CHORUS_EXPORT_DIR = tmp_path / "exports"
    return Path(settings.CHORUS_EXPORT_DIR)


def entries(action_type: str) -> list[ModelLogEntry | PageLogEntry]:
    found: list[Any] = [*ModelLogEntry.objects.filter(action=action_type)]
    found += PageLogEntry.objects.filter(action=action_type)
    return found


def the_entry(action_type: str) -> Any:
    (entry,) = entries(action_type)
    return entry


# --- running every logged path ------------------------------------------------------------------


def petition_paths(page: CampaignPage, staff_client: Client) -> dict[str, Any]:
    """Publish, take down and reject comments and names through the admin, as staff do."""
    sign_in(
        page,
        name=PETITION_NAME,
        email=PETITION_EMAIL,
        show_name="on",
        display_name=SHOWN_NAME,
        comment=COMMENT,
    )
    sign_in(page, name=PETITION_NAME, email="second." + PETITION_EMAIL, comment=REJECTED_COMMENT)
    for action in Action.objects.filter(page_id=page.pk):
        confirm_petition(action)
    shown, rejected = PetitionSignature.objects.order_by("pk")
    review = "/admin/petitions/comments/review/"
    take_down = "/admin/petitions/comments/published/take-down/"
    assert staff_client.post(review, {"approve_one": shown.pk}).status_code == 302
    assert staff_client.post(review, {"decision": "reject", "selected": [rejected.pk]}).status_code == 302
    assert staff_client.post(take_down, {"hide_name": shown.pk}).status_code == 302
    assert staff_client.post(take_down, {"withdraw_comment": shown.pk}).status_code == 302
    return {"shown": shown, "rejected": rejected}


def joint_letter_paths(page: CampaignPage, staff_client: Client) -> dict[str, Any]:
    """Approve an organisation, take it down again, reject an individual with a reason."""
    assert (
        post(
            page, org_data(org_name=ORGANISATION, contact_name=CONTACT, contact_email=CONTACT_EMAIL)
        ).status_code
        == 302
    )
    organisation = Signature.objects.latest("pk")
    assert post(page, individual_data(ind_name=INDIVIDUAL, ind_email=INDIVIDUAL_EMAIL)).status_code == 302
    individual = Signature.objects.latest("pk")
    confirm_signature(organisation)
    review = f"/admin/jointletters/joint-letters/{page.pk}/review/"
    assert staff_client.post(review, {"approve_one": str(organisation.pk)}).status_code == 302
    staff_client.post(
        review, {"decision": "reject", "selected": [str(organisation.pk)], "bulk_reason": REASON}
    )
    staff_client.post(review, {"reject_one": str(individual.pk), f"reason_{individual.pk}": REASON})
    return {"organisation": organisation, "individual": individual}


def flagged_paths(page: CampaignPage, staff_client: Client) -> list[Action]:
    """Flag two actions, then count one and invalidate the other on *Flagged actions*."""
    actions = list(Action.objects.filter(page_id=page.pk).order_by("pk")[:2])
    for action in actions:
        flag_action(action.pk, "honeypot")
    counted, invalidated = actions
    assert (
        staff_client.post(f"/admin/actions/flagged/{counted.pk}/", {"decision": "count"}).status_code == 302
    )
    staff_client.post(
        "/admin/actions/flagged/selected/", {"decision": "invalidate", "action": [invalidated.pk]}
    )
    return actions


def handover_paths(page: CampaignPage, staff: Any, staff_client: Client, folder: Path) -> DeliveryBundle:
    """Prepare, retry and download a bundle; publish and retract a delivery record."""
    bundle = bundles.prepare_bundle(page.pk, "en", by=staff)
    DeliveryBundle.objects.filter(pk=bundle.pk).update(state=DeliveryBundle.State.FAILED)
    assert staff_client.post(f"/admin/handover/bundles/{bundle.pk}/retry/").status_code == 302
    (folder / "audit.pdf").write_bytes(b"%PDF-1.4\n")
    DeliveryBundle.objects.filter(pk=bundle.pk).update(
        state=DeliveryBundle.State.READY, file_name="audit.pdf"
    )
    response = staff_client.get(f"/admin/handover/bundles/{bundle.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    record = make_record(page, {"en": "We handed the letter over."})
    records.publish(record, by=staff)
    records.retract(record, by=staff)
    return bundle


def export_paths(page: CampaignPage, staff_client: Client) -> SealedExport:
    """Prepare, download and delete a sealed export of the petition, through the admin."""
    assert staff_client.post("/admin/privacy/exports/prepare/", {"page": page.pk}).status_code == 302
    export = SealedExport.objects.get()
    assert sealed_exports.build_export(export.pk).endswith(" records")
    response = staff_client.get(f"/admin/privacy/exports/{export.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b'{"format"')
    assert staff_client.post(f"/admin/privacy/exports/{export.pk}/delete/").status_code == 302
    return export


def account_paths(staff: Any) -> None:
    """Failed log-ins (a supporter's address, and staff's own with a wrong password), MFA, groups."""
    Client().post("/en/accounts/login/", {"login": PETITION_EMAIL, "password": "not-the-password"})
    Client().post("/en/accounts/login/", {"login": staff.email, "password": "not-the-password"})
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    authenticator_added.send(sender=Authenticator, request=None, user=staff, authenticator=authenticator)
    authentication_failed.send(sender=Authenticator, request=None, user=staff, authenticator=authenticator)
    authenticator_removed.send(sender=Authenticator, request=None, user=staff, authenticator=authenticator)
    log_in_with_totp(Client(), staff)
    target = Target.objects.create(
        name="Dr Amina Farah", email="office@ministry.example", locale=Locale.get_default()
    )
    with LogContext(user=staff):
        target.email = "redirected@elsewhere.example"
        target.letters_per_hour = 500
        target.save()
        target.save()  # nothing changed: no entry
    group = Group.objects.create(name="Audit moderators")
    with LogContext(user=staff):
        group.permissions.add(Permission.objects.get(codename="change_action"))
        staff.groups.add(group)
        staff.is_superuser = False
        staff.save()


@pytest.fixture
def every_path(
    empty_log: None,
    petition_page: CampaignPage,
    letter_page: CampaignPage,
    staff: Any,
    staff_client: Client,
    org_key: Any,
    bundle_dir: Path,
    export_dir: Path,
) -> Iterator[dict[str, Any]]:
    ran = {
        "petition": petition_paths(petition_page, staff_client),
        "letter": joint_letter_paths(letter_page, staff_client),
    }
    ran["flagged"] = flagged_paths(petition_page, staff_client)
    assert staff_client.post(f"/admin/actions/{petition_page.pk}/pause/", {"paused": "1"}).status_code == 302
    assert staff_client.post(f"/admin/actions/{petition_page.pk}/pause/", {"paused": "0"}).status_code == 302
    ran["bundle"] = handover_paths(letter_page, staff, staff_client, bundle_dir)
    ran["export"] = export_paths(petition_page, staff_client)
    ran["key"], ran["retired_key"] = register_organisation_key(
        bytes(PrivateKey.generate().public_key), rotate=True
    )
    account_paths(staff)
    yield ran


# --- each path makes its entry ------------------------------------------------------------------


def test_moderation_and_take_downs_are_logged_on_the_action_with_who_and_what(
    every_path: dict[str, Any], staff: Any
) -> None:
    shown, rejected = every_path["petition"]["shown"], every_path["petition"]["rejected"]
    for action_type, signature in [
        ("chorus.comment_approve", shown),
        ("chorus.comment_reject", rejected),
        ("chorus.name_take_down", shown),
        ("chorus.comment_withdraw", shown),
    ]:
        entry = the_entry(action_type)
        assert (entry.user_id, entry.object_id) == (staff.pk, str(signature.action_id)), action_type
        assert entry.content_type.model_class() is Action
        assert entry.data["signature"] == signature.pk
    organisation, individual = every_path["letter"]["organisation"], every_path["letter"]["individual"]
    approved = the_entry("chorus.signature_approve")
    assert (approved.user_id, approved.object_id, approved.data["listed"]) == (
        staff.pk,
        str(organisation.action_id),
        True,
    )
    rejections = {entry.object_id: entry for entry in entries("chorus.signature_reject")}
    assert set(rejections) == {str(organisation.action_id), str(individual.action_id)}
    assert rejections[str(organisation.action_id)].data["review_before"] == "approved"  # a take-down
    assert rejections[str(individual.action_id)].data == {
        "page": individual.page_id,
        "reason": REASON,
        "signature": individual.pk,
        "review_before": "pending",
    }
    assert "Audit joint letter" in approved.label


def test_flagged_review_and_intake_pause_are_logged(
    every_path: dict[str, Any], staff: Any, petition_page: CampaignPage
) -> None:
    counted, invalidated = every_path["flagged"]
    entry = the_entry("chorus.action_count")
    assert (entry.user_id, entry.object_id, entry.data["flag_reason"]) == (
        staff.pk,
        str(counted.pk),
        "honeypot",
    )
    entry = the_entry("chorus.action_invalidate")
    assert (entry.user_id, entry.object_id, entry.data["state_before"]) == (
        staff.pk,
        str(invalidated.pk),
        "flagged",
    )
    for action_type, paused in [("chorus.intake_pause", True), ("chorus.intake_resume", False)]:
        entry = the_entry(action_type)
        assert isinstance(entry, PageLogEntry) and entry.page_id == petition_page.pk
        assert (entry.user_id, entry.data) == (staff.pk, {"paused": paused})


def test_pausing_twice_logs_once(empty_log: None, staff_client: Client, petition_page: CampaignPage) -> None:
    for _ in range(2):
        staff_client.post(f"/admin/actions/{petition_page.pk}/pause/", {"paused": "1"})
    assert len(entries("chorus.intake_pause")) == 1


def test_bundles_records_and_keys_are_logged(every_path: dict[str, Any], staff: Any) -> None:
    bundle = every_path["bundle"]
    for action_type in ("chorus.bundle_prepare", "chorus.bundle_retry", "chorus.bundle_download"):
        entry = the_entry(action_type)
        assert (entry.user_id, entry.object_id) == (staff.pk, str(bundle.pk)), action_type
        assert entry.data["language"] == "en"
    assert the_entry("chorus.bundle_retry").data["state_before"] == "failed"
    published = the_entry("chorus.delivery_record_publish")
    assert (published.user_id, published.data["created"]) == (staff.pk, ["en"])
    retracted = the_entry("chorus.delivery_record_retract")
    assert (retracted.user_id, retracted.data["removed"]) == (staff.pk, ["en"])
    export = every_path["export"]
    for action_type in ("chorus.export_prepare", "chorus.export_download", "chorus.export_delete"):
        entry = the_entry(action_type)
        assert (entry.user_id, entry.object_id) == (staff.pk, str(export.pk)), action_type
        assert entry.data["page"] == export.page_id and entry.data["key"] == export.key_fingerprint
    key = the_entry("chorus.key_rotate")
    assert (key.user_id, key.object_id, key.data["fingerprint"]) == (
        None,
        str(every_path["key"].pk),
        every_path["key"].fingerprint,
    )
    assert every_path["retired_key"] is not None
    assert key.data["retired"] == every_path["retired_key"].fingerprint


def test_account_events_are_logged_without_what_was_typed(every_path: dict[str, Any], staff: Any) -> None:
    failures = entries("chorus.login_failed")
    on_staff = [entry for entry in failures if entry.object_id == str(staff.pk)]
    unknown = [entry for entry in failures if entry.content_type.model_class() is Site]
    assert len(on_staff) == 1 and on_staff[0].user_id is None and on_staff[0].label == f"#{staff.pk}"
    assert len(unknown) == 1 and unknown[0].data == {"account": "unknown"}
    assert the_entry("chorus.mfa_add").user_id == staff.pk
    assert the_entry("chorus.mfa_remove").data == {"authenticator": "totp"}
    assert the_entry("chorus.mfa_failed").user_id is None  # perhaps not the account holder typing
    # Staff's own changes (the demo's role accounts joining their groups are logged too, by
    # the system, with no user).
    assert [e.data for e in entries("chorus.user_groups") if e.user_id == staff.pk] == [
        {"added": ["Audit moderators"]}
    ]
    assert [e.data for e in entries("chorus.group_permissions") if e.user_id == staff.pk] == [
        {"added": ["actions.change_action"]}
    ]
    access = the_entry("chorus.user_access")
    assert (access.user_id, access.data) == (staff.pk, {"is_superuser": False})
    assert {entry.user_id for entry in entries("chorus.login")} == {staff.pk}
    target = the_entry("chorus.target_change")
    assert (target.user_id, target.data["fields"]) == (staff.pk, ["email", "letters_per_hour"])


# --- the promise ----------------------------------------------------------------------------------


def raw_rows(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def test_no_log_entry_holds_a_supporters_personal_data(every_path: dict[str, Any]) -> None:
    rows = raw_rows(ModelLogEntry._meta.db_table) + raw_rows(PageLogEntry._meta.db_table)
    assert len(rows) > 20
    text = "\n".join(rows).casefold()
    assert [value for value in PERSONAL if value.casefold() in text] == []
    assert "203.0.113" not in text and "198.51." not in text  # no address the requests came from


def test_every_chorus_action_type_is_labelled_in_every_language() -> None:
    ours = {action: label for action, label in log_registry.get_choices() if action.startswith("chorus.")}
    assert {"chorus.export_prepare", "chorus.export_download", "chorus.login_failed"} <= set(ours)
    with translation.override("en"):
        english = {action: str(label) for action, label in ours.items()}
    for code in ("zh-hans", "zh-hant", "th", "ko", "km"):
        with translation.override(code):
            untranslated = [action for action, label in ours.items() if str(label) == english[action]]
        assert untranslated == [], code


# --- retention ------------------------------------------------------------------------------------


def test_the_purge_deletes_entries_older_than_the_setting_only(
    settings: Any, campaign: CampaignPage, staff: Any
) -> None:
    settings.CHORUS_AUDIT_LOG_DAYS = 30
    now = timezone.now()
    old = now - timedelta(days=31)
    kept = now - timedelta(days=29)
    action = Action.objects.filter(page_id=campaign.pk).first() or Action.objects.create(
        page_id=campaign.pk, kind="petition", language="en", submission_key="audit", retain_until=now
    )
    ModelLogEntry.objects.all().delete()
    PageLogEntry.objects.all().delete()
    for when in (old, kept):
        log(action, "chorus.action_count", user=staff, title="old or kept", timestamp=when)
        log(campaign, "chorus.intake_pause", user=staff, timestamp=when)
    assert purge_audit_log(now) == 2
    assert list(ModelLogEntry.objects.values_list("timestamp", flat=True)) == [kept]
    assert list(PageLogEntry.objects.values_list("timestamp", flat=True)) == [kept]
    assert purge_audit_log(now) == 0


def test_the_scheduler_runs_the_purge() -> None:
    assert "chorus.privacy.tasks.purge_audit_log_task" in {job.task for job in SCHEDULE}
