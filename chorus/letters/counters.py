"""How many letters reached each target, by which way: counters, never the letters.

`LetterTally` holds one counter per campaign, target and way (`Channel`): downloaded as a PDF
or DOCX, opened in the supporter's own mail program, sent by us, failed. Downloads and mail
links are counted by the views as they happen; letters we send are counted when the outbox
says how their mail ended (`delivery.signals.mail_finished`), through the `LetterDispatch`
rows written beside the mail when it was queued (one per campaign in the mail: a target's
daily digest can hold letters of several campaigns). A dispatch row goes when it is counted.

The results dashboard reads these counters (letters/results.py): a few rows per target,
whatever the number of letters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class LetterTally(models.Model):
    class Channel(models.TextChoices):
        DOWNLOADED = "downloaded", _("downloaded")
        MAILED = "mailed", _("opened in the supporter's mail program")
        SENT = "sent", _("sent for the supporter")
        FAILED = "failed", _("failed")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("letters.Target", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("letter count")
        constraints = [
            models.UniqueConstraint(fields=["page", "target", "channel"], name="one_letter_tally_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.page_id}/{self.target_id}/{self.channel}: {self.n}"


class LetterDispatch(models.Model):
    """Letters of one campaign in one outbox mail to a target, until the mail is sent or fails."""

    outbox = models.ForeignKey("delivery.Outbox", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("letters.Target", on_delete=models.CASCADE, related_name="+")
    letters = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("letters being sent")
        constraints = [models.UniqueConstraint(fields=["outbox", "page"], name="one_dispatch_per_campaign")]

    def __str__(self) -> str:
        return f"{self.letters} letters of {self.page_id} to {self.target_id} in mail {self.outbox_id}"


def count(page_id: int, target_id: int, channel: str, n: int = 1) -> None:
    """Add `n` to a counter, making it on first use (two first uses at once: one makes it)."""
    rows = LetterTally.objects.filter(page_id=page_id, target_id=target_id, channel=channel)
    if rows.update(n=F("n") + n):
        return
    try:
        with transaction.atomic():
            LetterTally.objects.create(page_id=page_id, target_id=target_id, channel=channel, n=n)
    except IntegrityError:
        rows.update(n=F("n") + n)


def dispatched(outbox_id: int, target_id: int, page_ids: Iterable[int]) -> None:
    """Letters of these campaigns (one page id per letter) went into outbox mail `outbox_id`."""
    per_page = Counter(page_ids)
    LetterDispatch.objects.bulk_create(
        [
            LetterDispatch(outbox_id=outbox_id, page_id=page_id, target_id=target_id, letters=n)
            for page_id, n in sorted(per_page.items())
        ],
        ignore_conflicts=True,  # the same mail queued twice (its idempotency key) counts once
    )


def mail_finished(sender: Any, *, outbox_id: int, kind: str, state: str, **_kwargs: Any) -> None:
    """Receiver of `delivery.signals.mail_finished`: count the letters the mail carried."""
    if kind != "letter":
        return
    channel = LetterTally.Channel.SENT if state == "sent" else LetterTally.Channel.FAILED
    with transaction.atomic():
        rows = list(LetterDispatch.objects.select_for_update().filter(outbox_id=outbox_id).order_by("pk"))
        for row in rows:
            count(row.page_id, row.target_id, channel, row.letters)
        LetterDispatch.objects.filter(pk__in=[row.pk for row in rows]).delete()
