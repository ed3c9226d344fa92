"""Sealed supporter exports from the admin: prepared by a task, useless without the private key,
downloaded by Administrators and Campaigners only, audit-logged, deleted after their time."""

from __future__ import annotations

import csv
import datetime
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from nacl.public import PrivateKey
from wagtail.models import ModelLogEntry

from chorus.actions.services import ConsentGiven, Submission, record_action
from chorus.campaigns.models import CampaignPage
from chorus.privacy import export
from chorus.privacy.export import ExportError, export_csv, read_sealed
from chorus.privacy.models import SealedExport
from chorus.privacy.services import exports as sealed_exports
from chorus.supporters.models import Consent, OrganisationKey
from tests.mfa import log_in_with_totp

pytestmark = pytest.mark.django_db

SIGNERS = [
    ("สมชาย ใจดี", "somchai.export@example.org", "th", "TH"),
    ("សុខ ចាន់ធី", "chanthy.export@example.org", "km", "KH"),
    ("김지현", "jihyun.export@example.org", "ko", "KR"),
    ("Jamie Chen", "jamie.export@example.org", "en", "AU"),
    ("王小明", "xiaoming.export@example.org", "zh-hans", "CN"),
]


@pytest.fixture
def export_dir(settings: Any, tmp_path: Path) -> Path:
    settings.CHORUS_EXPORT_DIR = tmp_path / "exports"
    return Path(settings.CHORUS_EXPORT_DIR)


@pytest.fixture
def signed(campaign: CampaignPage, org_key: PrivateKey) -> CampaignPage:
    for name, email, language, country in SIGNERS:
        record_action(
            Submission(
                page_id=campaign.pk,
                kind="petition",
                language=language,
                submission_key=f"export-{email}",
                details={"name": name, "email": email},
                email=email,
                country=country,
                consents=[ConsentGiven(Consent.Purpose.ACTION, "export-test")],
            )
        )
    return campaign


def client_of(demo_accounts: dict[str, Any], role: str) -> Client:
    return log_in_with_totp(Client(), demo_accounts[role])


def built(page: CampaignPage, by: Any = None) -> SealedExport:
    prepared = sealed_exports.prepare_export(page.pk, by=by)
    assert prepared.state == SealedExport.State.QUEUED
    assert sealed_exports.build_export(prepared.pk) == f"{len(SIGNERS)} records"
    return SealedExport.objects.get(pk=prepared.pk)


def test_the_file_is_useless_without_the_private_key(
    signed: CampaignPage, org_key: PrivateKey, export_dir: Path, settings: Any
) -> None:
    monkey_chunk = export.CHUNK_RECORDS
    export.CHUNK_RECORDS = 2  # three chunks, three progress reports
    try:
        item = built(signed)
    finally:
        export.CHUNK_RECORDS = monkey_chunk
    assert (item.state, item.done, item.total) == (SealedExport.State.READY, 5, 5)
    path = sealed_exports.export_path(item)
    assert path is not None and path.parent == export_dir
    raw = path.read_bytes()
    readable = raw.decode()
    for name, email, _language, country in SIGNERS:
        assert name not in readable and email not in readable and f'"{country}"' not in readable
    assert signed.title not in readable and "petition" not in readable
    assert len(readable.splitlines()) == 1 + 3  # the header and three sealed chunks

    with pytest.raises(ExportError, match="sealed to the key"):
        list(read_sealed(path))
    with pytest.raises(ExportError, match="sealed to the key"):
        list(read_sealed(path, [PrivateKey.generate()]))

    out = path.parent / "supporters.csv"
    summary = export_csv(read_sealed(path, [org_key]), [org_key], out)
    assert summary.rows == len(SIGNERS)
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert sorted((row["name"], row["email"], row["country"]) for row in rows) == sorted(
        (name, email, country) for name, email, _language, country in SIGNERS
    )
    assert {row["campaign"] for row in rows} == {signed.title}


def test_without_an_organisation_key_the_admin_says_so_and_queues_nothing(
    signed: CampaignPage, demo_accounts: dict[str, Any], export_dir: Path
) -> None:
    OrganisationKey.objects.update(active=False)  # retired, and no new one registered
    response = client_of(demo_accounts, "campaigner").post(
        "/admin/privacy/exports/prepare/", {"page": signed.pk}
    )
    assert response.status_code == 200
    assert "The organisation has no key yet" in response.content.decode()
    assert not SealedExport.objects.exists()


def test_a_campaign_that_does_not_exist_is_a_form_error(
    signed: CampaignPage, demo_accounts: dict[str, Any], export_dir: Path
) -> None:
    response = client_of(demo_accounts, "campaigner").post(
        "/admin/privacy/exports/prepare/", {"page": "999999"}
    )
    assert response.status_code == 200 and b"error-message" in response.content
    assert not SealedExport.objects.exists()


def test_prepare_download_and_delete_through_the_admin_are_logged(
    signed: CampaignPage,
    demo_accounts: dict[str, Any],
    export_dir: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    administrator = demo_accounts["administrator"]
    client = client_of(demo_accounts, "administrator")
    ModelLogEntry.objects.filter(action__startswith="chorus.export").delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/privacy/exports/prepare/", {"page": signed.pk})
    assert response.status_code == 302
    item = SealedExport.objects.get()  # the test settings run tasks when the request commits
    assert (item.state, item.created_by_id, item.total) == (SealedExport.State.READY, administrator.pk, 5)
    listing = client.get("/admin/privacy/exports/").content.decode()
    assert f"/admin/privacy/exports/{item.pk}/download/" in listing and signed.title in listing

    status = client.get(f"/admin/privacy/exports/{item.pk}/status/").json()
    assert (status["finished"], status["done"], status["percent"]) == (True, 5, 100)

    response = client.get(f"/admin/privacy/exports/{item.pk}/download/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert f'filename="{signed.slug}-supporters-{item.pk}.chorus-sealed"' in response["Content-Disposition"]
    path = sealed_exports.export_path(item)
    assert path is not None and b"".join(response.streaming_content) == path.read_bytes()
    assert SealedExport.objects.get().downloads == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/admin/privacy/exports/{item.pk}/delete/").status_code == 302
    assert not SealedExport.objects.exists() and not path.exists()

    logged = ModelLogEntry.objects.filter(action__startswith="chorus.export").order_by("pk")
    assert [(entry.action, entry.user_id, entry.object_id) for entry in logged] == [
        ("chorus.export_prepare", administrator.pk, str(item.pk)),
        ("chorus.export_download", administrator.pk, str(item.pk)),
        ("chorus.export_delete", administrator.pk, str(item.pk)),
    ]
    assert logged[0].data == {"page": signed.pk, "records": 5, "key": item.key_fingerprint}
    text = " ".join(str(entry.data) + entry.label for entry in logged)
    assert [name for name, email, *_ in SIGNERS if name in text or email in text] == []


@pytest.mark.parametrize("role", ["moderator", "translator", "member"])
def test_other_roles_can_neither_prepare_nor_download(
    role: str, signed: CampaignPage, demo_accounts: dict[str, Any], export_dir: Path
) -> None:
    item = built(signed)
    client = client_of(demo_accounts, role)
    assert client.post("/admin/privacy/exports/prepare/", {"page": signed.pk}).status_code in (302, 403)
    assert client.get(f"/admin/privacy/exports/{item.pk}/download/").status_code in (302, 403)
    assert SealedExport.objects.count() == 1 and SealedExport.objects.get().downloads == 0


def test_exports_are_deleted_when_their_time_is_up(
    signed: CampaignPage, demo_accounts: dict[str, Any], export_dir: Path, settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    settings.CHORUS_EXPORT_KEEP_HOURS = 2
    item = built(signed)
    path = sealed_exports.export_path(item)
    assert path is not None
    assert abs(item.expires_at - item.created_at - datetime.timedelta(hours=2)) < datetime.timedelta(
        minutes=1
    )
    stray = export_dir / "export-0-left-by-a-crash.chorus-sealed"
    stray.write_bytes(b"old")
    with django_capture_on_commit_callbacks(execute=True):
        assert sealed_exports.delete_expired_exports(timezone.now() + datetime.timedelta(minutes=90)) == 0
    assert path.exists() and stray.exists()  # not old enough yet

    later = timezone.now() + datetime.timedelta(hours=3)
    SealedExport.objects.filter(pk=item.pk).update(expires_at=timezone.now())
    client = client_of(demo_accounts, "campaigner")
    expired = client.get(f"/admin/privacy/exports/{item.pk}/download/", follow=True)
    assert expired.status_code == 404  # past its time

    os.utime(stray, (later.timestamp() - 3 * 3600, later.timestamp() - 3 * 3600))
    with django_capture_on_commit_callbacks(execute=True):
        assert sealed_exports.delete_expired_exports(later) == 1
    assert not SealedExport.objects.exists() and not path.exists() and not stray.exists()


def test_the_scheduler_deletes_expired_exports() -> None:
    from chorus.core.scheduler import SCHEDULE

    assert "chorus.privacy.tasks.delete_expired_exports_task" in {job.task for job in SCHEDULE}
