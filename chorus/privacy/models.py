"""Sealed supporter exports prepared in the admin (the file itself is in CHORUS_EXPORT_DIR).

A row says who asked for which campaign's export, how far the task got and which key the file
is sealed to; never a supporter's data. Rows and files go after CHORUS_EXPORT_KEEP_HOURS.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SealedExport(models.Model):
    """One campaign's sealed export: built by a task, downloaded by staff, opened offline."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # Relative to CHORUS_EXPORT_DIR (private storage, served to staff only).
    file_name = models.CharField(max_length=200, blank=True)
    # The organisation key the file is sealed to (its fingerprint), set when the task starts.
    key_fingerprint = models.CharField(max_length=16, blank=True)
    error = models.CharField(max_length=300, blank=True)
    downloads = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sealed export")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Sealed export {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.READY, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0
