"""Audit log action types of the sealed export, registered now so that the export only logs.

The export from the admin (a later step) calls, in its services,
`log(<the export's object>, EXPORT_PREPARE, user=by, data={...})` when staff ask for a
sealed file and `log(..., EXPORT_DOWNLOAD, ...)` when they take it: counts, campaign ids,
the key fingerprint sealed to — never a row of the export.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EXPORT_PREPARE = "chorus.export_prepare"
EXPORT_DOWNLOAD = "chorus.export_download"

TYPES: Mapping[str, Promise] = {
    EXPORT_PREPARE: _("Sealed export prepared"),
    EXPORT_DOWNLOAD: _("Sealed export downloaded"),
}
