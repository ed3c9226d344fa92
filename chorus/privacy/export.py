"""Exports of supporters' sealed details, in two steps so the private key never meets the server.

1. On the server, `chorus export --sealed-out FILE` writes one JSON line per action that holds
   sealed details: what the server can see (campaign, kind, state, language, country, dates,
   consents, key fingerprint) and the sealed blob, still encrypted.
2. On the operator's own machine, `chorus export --private-key KEY --in FILE --out CSV` opens
   the blobs and writes a CSV. That step needs no database and no settings.

The CSV is UTF-8 with a byte-order mark: Excel and Numbers otherwise read it in a legacy code
page and show Thai, Chinese, Korean and Khmer as mojibake; LibreOffice accepts the mark too.
Cells that a spreadsheet would treat as a formula get a leading apostrophe.
"""

from __future__ import annotations

import base64
import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from nacl.public import PrivateKey

from chorus.core.crypto import DecryptionError, key_fingerprint, unseal

FORMAT = "chorus-sealed-export"
FORMAT_VERSION = 1

# Server-visible columns of each record, in CSV order.
META_COLUMNS = [
    "action_id",
    "campaign_id",
    "campaign",
    "kind",
    "state",
    "language",
    "country",
    "created_at",
    "confirmed_at",
    "retain_until",
    "consents",
    "key",
]
# Sealed fields the CSV puts first, in this order; any others follow alphabetically.
KNOWN_DETAILS = ["name", "email", "phone", "address", "postcode", "city", "organisation", "message"]
# A spreadsheet evaluates a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """An export problem, with a message meant for the operator."""


def neutralise(value: str) -> str:
    """Make a cell inert: a leading apostrophe makes spreadsheets show it as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


# --- step 1: on the server ------------------------------------------------------------------


def sealed_records(page_id: int | None = None) -> Iterator[dict[str, Any]]:
    """The sealed record of every action that still holds sealed details (needs the database)."""
    from django.db.models import Prefetch

    from chorus.actions.models import Action
    from chorus.supporters.models import Consent

    actions = (
        Action.objects.filter(sealed_details__isnull=False)
        .select_related("page", "sealed_with")
        .prefetch_related(Prefetch("consents", queryset=Consent.objects.order_by("agreed_at", "pk")))
        .order_by("pk")
    )
    if page_id is not None:
        actions = actions.filter(page_id=page_id)
    for action in actions.iterator(chunk_size=1000):
        yield {
            "action_id": action.pk,
            "campaign_id": action.page_id,
            "campaign": action.page.title,
            "kind": action.kind,
            "state": action.state,
            "language": action.language,
            "country": action.country,
            "created_at": _iso(action.created_at),
            "confirmed_at": _iso(action.confirmed_at),
            "retain_until": _iso(action.retain_until),
            "consents": [
                {
                    "purpose": consent.purpose,
                    "text_version": consent.text_version,
                    "agreed_at": _iso(consent.agreed_at),
                    "withdrawn_at": _iso(consent.withdrawn_at),
                }
                for consent in action.consents.all()
            ],
            "key": action.sealed_with.fingerprint if action.sealed_with else "",
            "sealed": base64.b64encode(bytes(action.sealed_details or b"")).decode(),
        }


def _private_file(path: str | Path) -> IO[str]:
    """A file for writing readable by its owner only (exports name campaigns and dates)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


def write_sealed(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write a header line and one JSON line per record; returns the number of records."""
    count = 0
    try:
        with _private_file(path) as out:
            out.write(json.dumps({"format": FORMAT, "version": FORMAT_VERSION}) + "\n")
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}.") from error
    return count


# --- step 2: on the operator's machine ------------------------------------------------------


def read_sealed(path: str | Path) -> Iterator[dict[str, Any]]:
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise ExportError(f"Cannot read {path}: {error.strerror}.") from error
    with handle:
        try:
            header = json.loads(handle.readline() or "null")
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ExportError(f"{path} is not a sealed export (make one with `chorus export --sealed-out`).")
        if header.get("version") != FORMAT_VERSION:
            raise ExportError(
                f"{path} has export format version {header.get('version')}; this Chorus reads {FORMAT_VERSION}."
            )
        for number, line in enumerate(handle, start=2):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError as error:
                raise ExportError(f"{path}, line {number}: damaged record.") from error


@dataclass
class ExportSummary:
    rows: int = 0
    # fingerprint → number of records sealed to a key that was not given
    unopened: dict[str, int] = field(default_factory=dict)


def _consents_cell(consents: list[dict[str, str]]) -> str:
    parts = []
    for consent in consents:
        text = f"{consent['purpose']} ({consent['text_version']}, {consent['agreed_at']})"
        if consent.get("withdrawn_at"):
            text += f" withdrawn {consent['withdrawn_at']}"
        parts.append(text)
    return "; ".join(parts)


def decrypt_records(
    records: Iterable[dict[str, Any]], keys: Iterable[PrivateKey], *, skip_unopenable: bool = False
) -> tuple[list[dict[str, str]], list[str], ExportSummary]:
    """Open every record with the key it was sealed to; returns (rows, detail columns, summary).

    Records sealed to a key that was not given are an error (listing the missing
    fingerprints) unless `skip_unopenable`, when they are left out and counted.
    """
    by_fingerprint = {key_fingerprint(bytes(key.public_key)): key for key in keys}
    summary = ExportSummary()
    rows: list[dict[str, str]] = []
    detail_keys: set[str] = set()
    for record in records:
        key = by_fingerprint.get(record.get("key", ""))
        if key is None:
            summary.unopened[record.get("key", "")] = summary.unopened.get(record.get("key", ""), 0) + 1
            continue
        try:
            details = unseal(key, base64.b64decode(record["sealed"]))
        except (DecryptionError, KeyError, ValueError) as error:
            raise ExportError(
                f"Action {record.get('action_id')}: the sealed details could not be opened."
            ) from error
        row = {column: str(record.get(column) or "") for column in META_COLUMNS if column != "consents"}
        row["consents"] = _consents_cell(record.get("consents") or [])
        for name, value in details.items():
            row[f"detail:{name}"] = "" if value is None else str(value)
            detail_keys.add(name)
        rows.append(row)
    if summary.unopened and not skip_unopenable:
        missing = ", ".join(
            f"{fingerprint or '(none)'} ({n} records)" for fingerprint, n in summary.unopened.items()
        )
        raise ExportError(
            f"Some records are sealed to keys you did not give: {missing}. Add --private-key for each "
            "(`chorus keys list` shows them), or --skip-unopenable to leave those records out."
        )
    ordered = [name for name in KNOWN_DETAILS if name in detail_keys]
    ordered += sorted(detail_keys.difference(KNOWN_DETAILS))
    summary.rows = len(rows)
    return rows, ordered, summary


def write_csv(rows: list[dict[str, str]], detail_columns: list[str], path: str | Path) -> None:
    header = META_COLUMNS[:1] + detail_columns + META_COLUMNS[1:]
    try:
        with _private_file(path) as out:
            out.write("\ufeff")  # UTF-8 byte-order mark, for spreadsheet applications
            writer = csv.writer(out)
            writer.writerow(header)
            for row in rows:
                cells = [row.get("action_id", "")]
                cells += [row.get(f"detail:{name}", "") for name in detail_columns]
                cells += [row.get(column, "") for column in META_COLUMNS[1:]]
                writer.writerow([neutralise(cell) for cell in cells])
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}.") from error


def export_csv(
    records: Iterable[dict[str, Any]],
    keys: Iterable[PrivateKey],
    out: str | Path,
    *,
    skip_unopenable: bool = False,
) -> ExportSummary:
    rows, detail_columns, summary = decrypt_records(records, keys, skip_unopenable=skip_unopenable)
    write_csv(rows, detail_columns, out)
    return summary
