"""Background jobs of delivery bundles and records. They take ids, never objects, and hold no logic of their own."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from .services import bundles, mailing


@task()
def build_bundle_task(bundle_id: int) -> str:
    """Typeset one queued delivery bundle; see `bundles.build_bundle`."""
    return bundles.build_bundle(bundle_id)


@task()
def delete_old_bundles_task() -> int:
    """Delete bundles older than 30 days (run by the scheduler every 6 hours)."""
    return bundles.delete_old_bundles()


@task()
def resume_lost_mailings_task() -> int:
    """Finish delivery-record mailings whose batch tasks were lost (scheduler, every 5 min)."""
    return mailing.resume_lost_mailings()


@task()
def mail_signers_task(record_id: int, after: int) -> int:
    """Queue one batch of update mails, then enqueue the next batch; returns the batch's end."""
    next_after = mailing.mail_signers_batch(record_id, after)
    if next_after is not None:
        transaction.on_commit(lambda: mail_signers_task.enqueue(record_id, next_after), robust=True)
        return next_after
    return 0
