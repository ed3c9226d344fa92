"""Audit log action types of the sealed export from the admin (sealed_exports.py logs them).

Entries name the export, the campaign, the number of records and the key fingerprint the
file is sealed to — never a row of the export.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EXPORT_PREPARE = "chorus.export_prepare"
EXPORT_DOWNLOAD = "chorus.export_download"
EXPORT_DELETE = "chorus.export_delete"

TYPES: Mapping[str, Promise] = {
    EXPORT_PREPARE: _("Sealed export prepared"),
    EXPORT_DOWNLOAD: _("Sealed export downloaded"),
    EXPORT_DELETE: _("Sealed export deleted"),
}
