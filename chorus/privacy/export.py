"""Exports of supporters' sealed details, in two steps so the private key never meets the server.

1. On the server, `chorus export --sealed-out FILE` (or an Administrator or Campaigner in the
   admin, chorus.privacy.admin_exports) collects one record per action that holds sealed
   details: what the server can see (campaign, kind, state, language, country, dates,
   consents, key fingerprint) and the sealed blob, still encrypted. The records are sealed
   again, in chunks, to the organisation's active public key (format version 2), so the file
   as a whole tells nothing to whoever finds it: not even which campaigns or countries.
2. On the operator's own machine, `chorus export --private-key KEY --in FILE --out CSV` opens
   the chunks and the blobs and writes a CSV. That step needs no database and no settings.
   Files of version 1 (records in the clear, blobs sealed) are still read.

The CSV is UTF-8 with a byte-order mark: Excel and Numbers otherwise read it in a legacy code
page and show Thai, Chinese, Korean and Khmer as mojibake; LibreOffice accepts the mark too.
Cells that a spreadsheet would treat as a formula get a leading apostrophe.
"""

from __future__ import annotations

import base64
import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from chorus.core.crypto import DecryptionError, key_fingerprint, unseal

FORMAT = "chorus-sealed-export"
FORMAT_VERSION = 2
# Version 1 files (records in the clear, only the details sealed) are still read.
READABLE_VERSIONS = (1, 2)
# Records per sealed chunk: a chunk is one line of the file, sealed as a whole.
CHUNK_RECORDS = 500

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


def iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


# --- step 1: on the server (the records come from sealed_exports.sealed_records) ------------


def _private_file(path: str | Path) -> IO[str]:
    """A file for writing readable by its owner only (exports name campaigns and dates)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


def _chunks(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_sealed(
    records: Iterable[dict[str, Any]],
    path: str | Path,
    public_key: bytes,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write a header line, then one line per chunk of records sealed to `public_key`.

    Returns the number of records; `progress(done)` is called after each chunk.
    """
    box = SealedBox(PublicKey(public_key))
    count = 0
    try:
        with _private_file(path) as out:
            header = {"format": FORMAT, "version": FORMAT_VERSION, "key": key_fingerprint(public_key)}
            out.write(json.dumps(header) + "\n")
            for chunk in _chunks(records, CHUNK_RECORDS):
                sealed = box.encrypt(json.dumps(chunk, ensure_ascii=False).encode())
                out.write(json.dumps({"chunk": base64.b64encode(bytes(sealed)).decode()}) + "\n")
                count += len(chunk)
                if progress is not None:
                    progress(count)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}.") from error
    return count


# --- step 2: on the operator's machine ------------------------------------------------------


def read_sealed(path: str | Path, keys: Iterable[PrivateKey] = ()) -> Iterator[dict[str, Any]]:
    """The records of a sealed export; a version 2 file needs the private key it was sealed to."""
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
        version = header.get("version")
        if version not in READABLE_VERSIONS:
            raise ExportError(
                f"{path} has export format version {version}; this Chorus reads {', '.join(map(str, READABLE_VERSIONS))}."
            )
        box = _outer_box(path, header, keys) if version == 2 else None
        for number, line in enumerate(handle, start=2):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as error:
                raise ExportError(f"{path}, line {number}: damaged record.") from error
            if box is None:
                yield item
                continue
            try:
                chunk = json.loads(box.decrypt(base64.b64decode(item["chunk"])))
            except (CryptoError, KeyError, TypeError, ValueError) as error:
                raise ExportError(f"{path}, line {number}: damaged chunk.") from error
            yield from chunk


def _outer_box(path: str | Path, header: dict[str, Any], keys: Iterable[PrivateKey]) -> SealedBox:
    """The box that opens a version 2 file's chunks: the private key of the header's fingerprint."""
    fingerprint = str(header.get("key") or "")
    for key in keys:
        if key_fingerprint(bytes(key.public_key)) == fingerprint:
            return SealedBox(key)
    raise ExportError(
        f"{path} is sealed to the key {fingerprint or '(none)'}: give that private key with --private-key "
        "(`chorus keys list` on the server shows which key is active)."
    )


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
