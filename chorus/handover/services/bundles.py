"""State changes of delivery bundles: staff ask for one (`prepare_bundle`), a task builds it
(`build_bundle`, typeset by ../bundle.py) and records its progress on the DeliveryBundle row,
which the admin page polls; retries, and deletion after BUNDLE_KEEP_DAYS or when the signers it
printed are purged. Files live in CHORUS_BUNDLE_DIR, outside MEDIA, served to staff only.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from chorus.core.audit import staff
from chorus.core.errors import UserFacingError
from chorus.core.tasks import enqueue_on_commit

# tasks.py imports this module too; its attributes are only read when a task is enqueued.
from .. import tasks
from ..bundle import BundleNotPossible, bundle_languages, render_bundle
from ..models import DeliveryBundle

logger = logging.getLogger(__name__)

BUNDLE_KEEP_DAYS = 30
# A queued or running bundle with no progress for this long was lost (its worker died, or its
# task never ran): staff may ask for it again. A part of CHUNK_ROWS rows takes seconds.
STALE_AFTER = datetime.timedelta(minutes=10)

# Audit log action types (registered in ../wagtail_hooks.py).
BUNDLE_PREPARE = "chorus.bundle_prepare"
BUNDLE_RETRY = "chorus.bundle_retry"
BUNDLE_DOWNLOAD = "chorus.bundle_download"


class Superseded(Exception):
    """A retry took the bundle over from this run: it stops and leaves the bundle alone."""


def _report(bundle_id: int, run: int, **fields: Any) -> bool:
    """Write progress or an outcome of run `run`, only if it still owns the bundle."""
    return bool(
        DeliveryBundle.objects.filter(pk=bundle_id, run=run).update(updated_at=timezone.now(), **fields)
    )


def bundle_dir() -> Path:
    return Path(settings.CHORUS_BUNDLE_DIR)


def bundle_path(bundle: DeliveryBundle) -> Path | None:
    """The file of a ready bundle, or None."""
    if bundle.state != DeliveryBundle.State.READY or not bundle.file_name:
        return None
    path = bundle_dir() / bundle.file_name
    return path if path.is_file() else None


def prepare_bundle(
    page_id: int, language: str, *, include_comments: bool = False, by: Any = None
) -> DeliveryBundle:
    """Ask for a bundle of this campaign (its action page id) with the cover letter in
    `language`; the task builds it after the transaction commits."""
    if language not in bundle_languages(page_id):
        raise BundleNotPossible(_("The campaign has no translation in this language."))
    with transaction.atomic():
        bundle = DeliveryBundle.objects.create(
            page_id=page_id,
            language=language,
            include_comments=include_comments,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        _log(bundle, BUNDLE_PREPARE, by)
        enqueue_on_commit(tasks.build_bundle_task, bundle.pk)
    return bundle


def _log(bundle: DeliveryBundle, action_type: str, by: Any, **data: Any) -> None:
    """An audit entry on the bundle: campaign, language, whether comments are printed."""
    page = Page.objects.filter(pk=bundle.page_id).values_list("title", flat=True).first() or ""
    details = {
        "page": bundle.page_id,
        "language": bundle.language,
        "include_comments": bundle.include_comments,
    }
    title = f"{_('Delivery bundle')} {bundle.pk} · {page} ({bundle.language})"
    log(bundle, action_type, user=staff(by), title=title, data={**details, **data})


def log_download(bundle: DeliveryBundle, *, by: Any) -> None:
    """Someone took the file: who and when go into the audit log (the download itself changes nothing)."""
    _log(bundle, BUNDLE_DOWNLOAD, by, run=bundle.run)


def is_stale(bundle: DeliveryBundle, *, now: datetime.datetime | None = None) -> bool:
    """Queued or running, but with no progress for STALE_AFTER: its worker is gone."""
    if bundle.state not in (DeliveryBundle.State.QUEUED, DeliveryBundle.State.RUNNING):
        return False
    return bundle.updated_at < (now or timezone.now()) - STALE_AFTER


def can_retry(bundle: DeliveryBundle, *, now: datetime.datetime | None = None) -> bool:
    return bundle.state == DeliveryBundle.State.FAILED or is_stale(bundle, now=now)


def retry_bundle(bundle_id: int, *, by: Any = None) -> DeliveryBundle:
    """Queue again a bundle that failed, or one stuck queued or running (see `is_stale`).

    A stuck bundle goes back to "queued" with a fresh timestamp, so the task enqueued here can
    claim it (taking the next run number); should the lost worker come back to life after all,
    it no longer owns the bundle: its next progress report stops it, and it deletes its file."""
    with transaction.atomic():
        bundle = DeliveryBundle.objects.select_for_update().get(pk=bundle_id)
        if not can_retry(bundle):
            raise BundleNotPossible(
                _(
                    "Only a bundle that failed, or one that has made no progress for 10 minutes, "
                    "can be tried again."
                )
            )
        state_before = bundle.state
        bundle.state = DeliveryBundle.State.QUEUED
        bundle.done = 0
        bundle.error = ""
        bundle.finished_at = None
        bundle.save(update_fields=["state", "done", "error", "finished_at", "updated_at"])
        _log(bundle, BUNDLE_RETRY, by, state_before=state_before)
        enqueue_on_commit(tasks.build_bundle_task, bundle.pk)
    return bundle


def _progress(bundle_id: int, run: int) -> Callable[..., None]:
    """What render_bundle reports through: stops the run as soon as another owns the bundle."""

    def progress(**fields: Any) -> None:
        if not _report(bundle_id, run, **fields):
            raise Superseded

    return progress


def build_bundle(bundle_id: int) -> str:
    """Build a queued bundle (the task's body). A bundle already taken by another run is left alone."""
    claimed = DeliveryBundle.objects.filter(pk=bundle_id, state=DeliveryBundle.State.QUEUED).update(
        state=DeliveryBundle.State.RUNNING, run=F("run") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    bundle = DeliveryBundle.objects.get(pk=bundle_id)
    run = bundle.run
    folder = bundle_dir()
    name = f"bundle-{bundle.pk}-{secrets.token_hex(8)}.pdf"
    partial = folder / f".{name}.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        pages = render_bundle(bundle, partial, _progress(bundle_id, run))
        partial.replace(folder / name)
    except Superseded:
        partial.unlink(missing_ok=True)
        return "superseded"
    except Exception as error:
        partial.unlink(missing_ok=True)
        logger.exception("Delivery bundle %s failed", bundle_id)
        message = error.message if isinstance(error, UserFacingError) else ""
        _report(
            bundle_id, run, state=DeliveryBundle.State.FAILED, error=message[:300], finished_at=timezone.now()
        )
        return "failed"
    if not _report(
        bundle_id, run, state=DeliveryBundle.State.READY, file_name=name, finished_at=timezone.now()
    ):
        (folder / name).unlink(missing_ok=True)  # a newer run owns the bundle: its file counts
        return "superseded"
    return f"{pages} pages"


def delete_old_bundles(days: int = BUNDLE_KEEP_DAYS) -> int:
    """Delete bundles (rows and files) made more than `days` ago, and stray files as old.
    Returns how many bundles were deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = list(DeliveryBundle.objects.filter(created_at__lt=cutoff).values_list("pk", "file_name"))
    folder = bundle_dir()
    for _pk, file_name in old:
        if file_name:
            (folder / file_name).unlink(missing_ok=True)
    DeliveryBundle.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    if folder.is_dir():
        kept = set(DeliveryBundle.objects.exclude(file_name="").values_list("file_name", flat=True))
        for entry in folder.iterdir():
            if entry.is_file() and entry.name not in kept and entry.stat().st_mtime < cutoff.timestamp():
                entry.unlink(missing_ok=True)
    return len(old)


def delete_bundles_of(page_ids: Iterable[int]) -> int:
    """Delete the bundles of these campaigns (rows now, files once the transaction commits):
    called when signers they print are purged or ask for their data to be deleted."""
    bundles = DeliveryBundle.objects.filter(page_id__in=list(page_ids))
    names = [name for name in bundles.values_list("file_name", flat=True) if name]
    deleted = bundles.delete()[0]
    if names:
        folder = bundle_dir()

        def remove_files() -> None:
            for name in names:
                (folder / name).unlink(missing_ok=True)

        transaction.on_commit(remove_files)
    return deleted
