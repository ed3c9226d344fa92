"""The audit log of target changes: which fields of a target changed (see chorus/core/audit.py).

Wagtail logs creating, editing and deleting a target snippet, but an edit says only "Edited".
Where letters go is worth knowing exactly: a changed private email, delivery or rate decides
who receives supporters' letters. The entry names the fields that changed, not their values.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .targets import Target

TARGET_CHANGE = "chorus.target_change"
TYPES = {TARGET_CHANGE: _("Target details changed")}
# Bookkeeping fields wagtail-localize and the ORM set; not details of the target.
NOT_DETAILS = frozenset({"id", "translation_key", "locale"})


def log_target_change(sender: Any, instance: Target, raw: bool = False, **kwargs: Any) -> None:
    """`pre_save` of Target: name the fields whose values differ from the stored row."""
    if raw or instance.pk is None:
        return
    fields = [field for field in Target._meta.concrete_fields if field.name not in NOT_DETAILS]
    before = Target.objects.filter(pk=instance.pk).values(*(field.attname for field in fields)).first()
    if before is None:
        return
    changed = sorted(
        field.name for field in fields if before[field.attname] != getattr(instance, field.attname)
    )
    if changed:
        log(instance, TARGET_CHANGE, data={"fields": changed, "locale": instance.locale_id})
