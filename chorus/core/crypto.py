"""The cryptography behind supporter privacy.

Three kinds of protection, each with its own key:

- **Sealed** (`seal_for_org`): personal details are encrypted to the organisation's public
  key with a NaCl sealed box. The server can write them but never read them again; only the
  private key, kept offline by the organisation, opens them (`chorus export`).
- **Server-key** (`server_encrypt`): data the server itself must use later — an address to
  send a confirmation to, a queued letter — is encrypted with a secret box whose key comes
  from the environment (`CHORUS_SERVER_KEY`), so a copy of the database alone reveals
  nothing. It is deleted as soon as it has been used.
- **Keyed hashes** (`blind_index`, `ip_hash`): HMAC-SHA256 with keys derived from the same
  server secret, for recognising a repeated email address or rate-limiting a client without
  storing either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import unicodedata
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from nacl import pwhash, secret, utils
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

# Providers where dots in the local part are ignored when delivering mail.
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


class DecryptionError(Exception):
    """The data could not be decrypted with the key given (wrong key or damaged data)."""


# --- server secret and derived keys ---------------------------------------------------------


def _master_key() -> bytes:
    encoded = getattr(settings, "CHORUS_SERVER_KEY", "")
    if not encoded:
        raise ImproperlyConfigured("CHORUS_SERVER_KEY is not set (32 random bytes, base64).")
    key = base64.b64decode(encoded)
    if len(key) != 32:
        raise ImproperlyConfigured("CHORUS_SERVER_KEY must decode to exactly 32 bytes.")
    return key


@cache
def _derived_key(purpose: str, master: bytes) -> bytes:
    # BLAKE2b keyed with the master secret and personalised per purpose: one secret in the
    # environment, independent keys for encryption and for each keyed hash.
    return hashlib.blake2b(purpose.encode(), key=master, digest_size=32, person=b"chorus-kdf-v1").digest()


def derived_key(purpose: str) -> bytes:
    return _derived_key(purpose, _master_key())


def generate_server_key() -> str:
    """A new value for CHORUS_SERVER_KEY."""
    return base64.b64encode(utils.random(32)).decode()


# --- normalised email and blind index -------------------------------------------------------


def normalise_email(email: str) -> str:
    """The canonical form of an address, so variants of one mailbox compare equal.

    Unicode NFKC, trimmed and lower-cased; `+tags` are removed for every domain (plus
    addressing reaches the same mailbox at all the large providers) and dots are removed
    for Gmail, whose two domain names are folded into one.
    """
    email = unicodedata.normalize("NFKC", email).strip().lower()
    local, _, domain = email.rpartition("@")
    if not local:
        return email
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def blind_index(email: str) -> str:
    """HMAC-SHA256 of the normalised address: equal for one person, meaningless without the key."""
    return hmac.new(derived_key("blind-index"), normalise_email(email).encode(), hashlib.sha256).hexdigest()


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed hash for short-lived, cache-only use (client addresses for rate limits)."""
    return hmac.new(derived_key(purpose), value.encode(), hashlib.sha256).hexdigest()


# --- server-key encryption ------------------------------------------------------------------


def server_encrypt(data: dict[str, Any]) -> bytes:
    box = secret.SecretBox(derived_key("server-box"))
    return bytes(box.encrypt(json.dumps(data, ensure_ascii=False).encode()))


def server_decrypt(token: bytes) -> dict[str, Any]:
    box = secret.SecretBox(derived_key("server-box"))
    try:
        return json.loads(box.decrypt(bytes(token)))
    except CryptoError as error:
        raise DecryptionError("server-key data could not be decrypted") from error


# --- sealing to the organisation's key ------------------------------------------------------


def seal(public_key: bytes, data: dict[str, Any]) -> bytes:
    return bytes(SealedBox(PublicKey(public_key)).encrypt(json.dumps(data, ensure_ascii=False).encode()))


def unseal(private_key: PrivateKey, token: bytes) -> dict[str, Any]:
    try:
        return json.loads(SealedBox(private_key).decrypt(bytes(token)))
    except CryptoError as error:
        raise DecryptionError("sealed data could not be opened with this private key") from error


def key_fingerprint(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


# --- the private key file -------------------------------------------------------------------

KEY_FILE_VERSION = 1


def protect_private_key(private_key: PrivateKey, passphrase: str) -> bytes:
    """The private key encrypted with a key stretched from the passphrase (Argon2id), as JSON."""
    salt = utils.random(pwhash.argon2id.SALTBYTES)
    ops, mem = pwhash.argon2id.OPSLIMIT_MODERATE, pwhash.argon2id.MEMLIMIT_MODERATE
    key = pwhash.argon2id.kdf(
        secret.SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit=ops, memlimit=mem
    )
    document = {
        "chorus_private_key": KEY_FILE_VERSION,
        "public_key": base64.b64encode(bytes(private_key.public_key)).decode(),
        "kdf": "argon2id",
        "opslimit": ops,
        "memlimit": mem,
        "salt": base64.b64encode(salt).decode(),
        "ciphertext": base64.b64encode(bytes(secret.SecretBox(key).encrypt(bytes(private_key)))).decode(),
    }
    return (json.dumps(document, indent=2) + "\n").encode()


def open_private_key(document: bytes, passphrase: str) -> PrivateKey:
    try:
        data = json.loads(document)
        salt = base64.b64decode(data["salt"])
        key = pwhash.argon2id.kdf(
            secret.SecretBox.KEY_SIZE,
            passphrase.encode(),
            salt,
            opslimit=int(data["opslimit"]),
            memlimit=int(data["memlimit"]),
        )
        raw = secret.SecretBox(key).decrypt(base64.b64decode(data["ciphertext"]))
    except (ValueError, KeyError, TypeError) as error:
        raise DecryptionError("this is not a Chorus private key file") from error
    except CryptoError as error:
        raise DecryptionError("wrong passphrase for this private key file") from error
    return PrivateKey(raw)
