"""Tokens the thank-you page hands to the supporter, so that nothing is stored for them.

A **letter token** carries one finished letter (the `LetterData`) to the download view,
which renders the PDF or DOCX on request. It is compressed and then encrypted and
authenticated with a secret box (XSalsa20-Poly1305) under a key derived from the server key
for this purpose alone: only this server can read it, and any change to it makes it
unreadable, so it is both encrypted and signed. It expires after LETTER_TOKEN_SECONDS and
names the campaign it belongs to. Compressing before encrypting leaks nothing here: every byte
in it is the supporter's own text or the campaign's public template.

A **status token** is a signed (not encrypted) pointer to an action and the targets its
supporter asked us to write to; it reveals nothing but the action's number to its holder.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
import zlib
from dataclasses import asdict, dataclass
from typing import Any

from django.core import signing
from nacl import secret
from nacl.exceptions import CryptoError

from chorus.core.crypto import derived_key
from chorus.typesetting.services import LetterData

LETTER_TOKEN_SECONDS = 6 * 60 * 60
STATUS_TOKEN_DAYS = 60
_STATUS_SALT = "chorus.campaigns.letter-status"
_VERSION = 1


@dataclass(frozen=True)
class LetterFile:
    letter: LetterData
    filename: str  # without extension
    paper: str
    target_id: int | None = None  # counted per target on download (None in older tokens)


def _box() -> secret.SecretBox:
    return secret.SecretBox(derived_key("letter-download"))


def letter_token(
    letter: LetterData,
    *,
    page_id: int,
    filename: str,
    paper: str,
    target_id: int | None = None,
    now: float | None = None,
) -> str:
    issued = time.time() if now is None else now
    document = {
        "v": _VERSION,
        "page": page_id,
        "exp": int(issued) + LETTER_TOKEN_SECONDS,
        "file": filename,
        "paper": paper,
        "target": target_id,
        "letter": asdict(letter),
    }
    packed = zlib.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), 9)
    return base64.urlsafe_b64encode(bytes(_box().encrypt(packed))).decode().rstrip("=")


def _letter(data: Any) -> LetterData | None:
    if not isinstance(data, dict):
        return None
    try:
        letter = LetterData(**data)
    except TypeError:
        return None
    lists = (letter.sender_lines, letter.recipient_lines, letter.paragraphs)
    texts = (
        letter.language,
        letter.sender_organisation,
        letter.date_text,
        letter.salutation,
        letter.closing,
        letter.signature,
        letter.subject,
    )
    if not all(isinstance(value, str) for value in texts):
        return None
    if not all(isinstance(items, list) and all(isinstance(item, str) for item in items) for items in lists):
        return None
    return letter


def read_letter_token(token: str, *, page_id: int, now: float | None = None) -> LetterFile | None:
    """The letter in a token, or None if it is damaged, forged, expired or for another campaign."""
    try:
        sealed = base64.urlsafe_b64decode(token.strip() + "=" * (-len(token.strip()) % 4))
        document = json.loads(zlib.decompress(_box().decrypt(sealed)))
    except (ValueError, binascii.Error, CryptoError, zlib.error, UnicodeDecodeError):
        return None
    if not isinstance(document, dict) or document.get("v") != _VERSION:
        return None
    current = time.time() if now is None else now
    if (
        document.get("page") != page_id
        or not isinstance(document.get("exp"), int)
        or document["exp"] < current
    ):
        return None
    letter = _letter(document.get("letter"))
    if (
        letter is None
        or not isinstance(document.get("file"), str)
        or not isinstance(document.get("paper"), str)
    ):
        return None
    target = document.get("target")
    return LetterFile(
        letter, document["file"], document["paper"], target if isinstance(target, int) else None
    )


_MAILED_SALT = "chorus.letters.mailed"


def mailed_token(*, page_id: int, target_id: int) -> str:
    """A signed pointer to a campaign and target, posted when a supporter opens the mail link."""
    return signing.dumps([page_id, target_id], salt=_MAILED_SALT, compress=False)


def read_mailed_token(token: str, *, page_id: int) -> int | None:
    """The target of a mail-link token of this campaign, or None."""
    try:
        data = signing.loads(token, salt=_MAILED_SALT, max_age=LETTER_TOKEN_SECONDS)
    except signing.BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2 and data[0] == page_id and isinstance(data[1], int)):
        return None
    return int(data[1])


@dataclass(frozen=True)
class StatusRef:
    action_id: int
    target_ids: tuple[int, ...]


def status_token(action_id: int, target_ids: list[int]) -> str:
    signed = signing.dumps({"a": action_id, "t": target_ids}, salt=_STATUS_SALT, compress=True)
    # Wagtail serves page paths made of letters, digits, "-" and "_" only: no ":" or ".".
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_status_token(token: str) -> StatusRef | None:
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        value = signing.loads(signed, salt=_STATUS_SALT, max_age=STATUS_TOKEN_DAYS * 24 * 3600)
    except (ValueError, binascii.Error, UnicodeDecodeError, signing.BadSignature):
        return None
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("a"), int)
        or not isinstance(value.get("t"), list)
    ):
        return None
    if not all(isinstance(item, int) for item in value["t"]):
        return None
    return StatusRef(value["a"], tuple(value["t"]))
