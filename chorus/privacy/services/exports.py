"""Sealed supporter exports on the server: the records, and the exports staff prepare in the admin.

`sealed_records` reads what the server may read (campaign, kind, state, language, country,
dates, consents, key fingerprint) and each action's sealed details, still encrypted.
`prepare_export` (an Administrator or Campaigner, one campaign) queues `build_export`, which
writes those records sealed again to the organisation's active key (export.write_sealed) into
CHORUS_EXPORT_DIR and keeps its progress on the SealedExport row for the admin's progress
bar. Only the organisation's private key, off the server, opens the file (`chorus export
--in FILE`). Prepare, download and delete are audit-logged (privacy/audit.py); rows and files
go after CHORUS_EXPORT_KEEP_HOURS (`delete_expired_exports`, run by the scheduler).
"""

from __future__ import annotations

import base64
import datetime
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from chorus.actions.models import Action
from chorus.core.audit import staff
from chorus.core.errors import UserFacingError
from chorus.core.tasks import enqueue_on_commit
from chorus.supporters.models import Consent, OrganisationKey

from .. import audit, tasks
from ..export import ExportError, iso, write_sealed
from ..models import SealedExport

logger = logging.getLogger(__name__)

# A queued or running export silent for this long was lost (its worker died): the admin says so,
# and staff prepare a new one. A chunk of records takes well under a second.
STALE_AFTER = datetime.timedelta(minutes=10)


class ExportNotPossible(UserFacingError):
    """The export cannot be prepared (no organisation key yet)."""


def sealed_records(page_id: int | None = None) -> Iterator[dict[str, Any]]:
    """The sealed record of every action that still holds sealed details."""
    for action in _actions_with_details(page_id).iterator(chunk_size=1000):
        yield {
            "action_id": action.pk,
            "campaign_id": action.page_id,
            "campaign": action.page.title,
            "kind": action.kind,
            "state": action.state,
            "language": action.language,
            "country": action.country,
            "created_at": iso(action.created_at),
            "confirmed_at": iso(action.confirmed_at),
            "retain_until": iso(action.retain_until),
            "consents": [
                {
                    "purpose": consent.purpose,
                    "text_version": consent.text_version,
                    "agreed_at": iso(consent.agreed_at),
                    "withdrawn_at": iso(consent.withdrawn_at),
                }
                for consent in action.consents.all()
            ],
            "key": action.sealed_with.fingerprint if action.sealed_with else "",
            "sealed": base64.b64encode(bytes(action.sealed_details or b"")).decode(),
        }


def _actions_with_details(page_id: int | None) -> Any:
    actions = (
        Action.objects.filter(sealed_details__isnull=False)
        .select_related("page", "sealed_with")
        .prefetch_related(Prefetch("consents", queryset=Consent.objects.order_by("agreed_at", "pk")))
        .order_by("pk")
    )
    return actions if page_id is None else actions.filter(page_id=page_id)


def count_records(page_id: int | None = None) -> int:
    return int(Action.objects.filter(sealed_details__isnull=False, **_page(page_id)).count())


def _page(page_id: int | None) -> dict[str, int]:
    return {} if page_id is None else {"page_id": page_id}


def active_public_key() -> OrganisationKey:
    key = OrganisationKey.objects.filter(active=True).first()
    if key is None:
        raise ExportNotPossible(
            _("The organisation has no key yet: an Administrator registers one first (chorus keys).")
        )
    return key


def export_dir() -> Path:
    return Path(settings.CHORUS_EXPORT_DIR)


def export_path(export: SealedExport) -> Path | None:
    """The file of a ready export that has not expired, or None."""
    if (
        export.state != SealedExport.State.READY
        or not export.file_name
        or export.expires_at <= timezone.now()
    ):
        return None
    path = export_dir() / export.file_name
    return path if path.is_file() else None


def is_stale(export: SealedExport, *, now: datetime.datetime | None = None) -> bool:
    if export.finished:
        return False
    return export.updated_at < (now or timezone.now()) - STALE_AFTER


def _log(export: SealedExport, action_type: str, by: Any, **data: Any) -> None:
    """An audit entry: campaign, key, counts. Never a row of the export."""
    title = Page.objects.filter(pk=export.page_id).values_list("title", flat=True).first() or ""
    details = {"page": export.page_id, "records": export.total, "key": export.key_fingerprint}
    log(
        export,
        action_type,
        user=staff(by),
        title=f"{_('Sealed export')} {export.pk} · {title}",
        data={**details, **data},
    )


def prepare_export(page_id: int, *, by: Any = None) -> SealedExport:
    """Queue a sealed export of one campaign (its original page id); built after commit."""
    key = active_public_key()
    with transaction.atomic():
        export = SealedExport.objects.create(
            page_id=page_id,
            key_fingerprint=key.fingerprint,
            total=count_records(page_id),
            created_by=by if getattr(by, "is_authenticated", False) else None,
            expires_at=timezone.now() + datetime.timedelta(hours=settings.CHORUS_EXPORT_KEEP_HOURS),
        )
        _log(export, audit.EXPORT_PREPARE, by)
        enqueue_on_commit(tasks.build_export_task, export.pk)
    return export


def _report(export_id: int, **fields: Any) -> None:
    SealedExport.objects.filter(pk=export_id).update(updated_at=timezone.now(), **fields)


def build_export(export_id: int) -> str:
    """Write a queued export's file (the task's body); an export not queued is left alone."""
    claimed = SealedExport.objects.filter(pk=export_id, state=SealedExport.State.QUEUED).update(
        state=SealedExport.State.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    export = SealedExport.objects.get(pk=export_id)
    folder = export_dir()
    name = f"export-{export.pk}-{secrets.token_hex(8)}.chorus-sealed"
    partial = folder / f".{name}.part"
    try:
        key = active_public_key()
        folder.mkdir(parents=True, exist_ok=True)
        _report(export_id, total=count_records(export.page_id), key_fingerprint=key.fingerprint)
        count = write_sealed(
            sealed_records(export.page_id),
            partial,
            bytes(key.public_key),
            progress=lambda done: _report(export_id, done=done),
        )
        partial.replace(folder / name)
    except (ExportError, UserFacingError, OSError) as error:
        partial.unlink(missing_ok=True)
        logger.exception("Sealed export %s failed", export_id)
        message = error.message if isinstance(error, UserFacingError) else ""
        _report(export_id, state=SealedExport.State.FAILED, error=message[:300], finished_at=timezone.now())
        return "failed"
    _report(
        export_id,
        state=SealedExport.State.READY,
        file_name=name,
        total=count,
        done=count,
        finished_at=timezone.now(),
    )
    return f"{count} records"


def log_download(export: SealedExport, *, by: Any) -> None:
    """Someone took the file: who and when go into the audit log, and the download is counted."""
    with transaction.atomic():
        SealedExport.objects.filter(pk=export.pk).update(downloads=F("downloads") + 1)
        _log(export, audit.EXPORT_DOWNLOAD, by)


def delete_export(export_id: int, *, by: Any = None) -> None:
    """Staff are done with it: the row goes now, the file once the transaction commits."""
    with transaction.atomic():
        export = SealedExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None:
            return
        _log(export, audit.EXPORT_DELETE, by)
        _delete([export])


def _delete(exports: list[SealedExport]) -> None:
    names = [export.file_name for export in exports if export.file_name]
    SealedExport.objects.filter(pk__in=[export.pk for export in exports]).delete()
    folder = export_dir()

    def remove_files() -> None:
        for name in names:
            (folder / name).unlink(missing_ok=True)
            (folder / f".{name}.part").unlink(missing_ok=True)

    transaction.on_commit(remove_files)


def delete_expired_exports(now: datetime.datetime | None = None) -> int:
    """Delete exports past their time (rows and files), and stray files as old; returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(SealedExport.objects.select_for_update().filter(expires_at__lte=now))
        _delete(expired)
    folder = export_dir()
    if folder.is_dir():
        kept = set(SealedExport.objects.exclude(file_name="").values_list("file_name", flat=True))
        cutoff = (now - datetime.timedelta(hours=settings.CHORUS_EXPORT_KEEP_HOURS)).timestamp()
        for entry in folder.iterdir():
            if entry.is_file() and entry.name not in kept and entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)
    return len(expired)
