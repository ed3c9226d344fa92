"""Helpers for migrations that move a model to another app while its table stays put.

The model's state moves (`SeparateDatabaseAndState` with no database operations) and its
content type is renamed, which keeps every row that points at it: revisions, log entries,
references, wagtail-localize sources, permissions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def move_content_types(source: str, destination: str, models: Sequence[str]) -> migrations.RunPython:
    """A reversible operation renaming the content types of `models` from app `source` to
    `destination` (lower-case model names)."""

    def _move(apps: Any, old: str, new: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=new, model=model).exists():
                content_type.objects.filter(app_label=old, model=model).update(app_label=new)

    return migrations.RunPython(
        lambda apps, schema_editor: _move(apps, source, destination),
        lambda apps, schema_editor: _move(apps, destination, source),
    )
