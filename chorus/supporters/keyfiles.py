"""Private key files and passphrases: what the operator holds, off the server.

Nothing here touches the database or Django settings, so `chorus export --in` can use it on
an operator's own machine with no configuration at all.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey

from chorus.core.crypto import DecryptionError, key_fingerprint, open_private_key, protect_private_key

MIN_PASSPHRASE_LENGTH = 12
# `make run` only: a key under var/ with a passphrase everyone knows, so the demo works.
DEVELOPMENT_PASSPHRASE = "chorus-development-only"  # noqa: S105 - deliberately public, development only


class KeyFileError(Exception):
    """A key file or passphrase problem, with a message meant for the operator."""


@dataclass(frozen=True)
class OpenedKey:
    path: Path
    private_key: PrivateKey

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(bytes(self.private_key.public_key))


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KeyFileError(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_LENGTH} characters "
            "(a few unrelated words are easy to remember and hard to guess)."
        )
    return passphrase


def read_passphrase_file(path: str | Path) -> str:
    """The passphrase in a file: its text without the final line break (spaces count)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise KeyFileError(f"Cannot read the passphrase file {path}: {error.strerror}.") from error
    return text.removesuffix("\n").removesuffix("\r")


def _require_terminal(hint: str) -> None:
    if not sys.stdin.isatty():
        raise KeyFileError(f"No terminal to ask for the passphrase: {hint}")


def ask_new_passphrase() -> str:
    """Ask twice on the terminal; refuse short or mismatched passphrases."""
    _require_terminal("give --passphrase-file FILE.")
    first = check_passphrase(getpass.getpass("Passphrase for the new private key: "))
    if getpass.getpass("The same passphrase again: ") != first:
        raise KeyFileError("The two passphrases differ; nothing was written.")
    return first


def ask_passphrase(path: str | Path) -> str:
    _require_terminal("give --passphrase-file FILE.")
    return getpass.getpass(f"Passphrase for {path}: ")


def write_key_file(path: str | Path, private_key: PrivateKey, passphrase: str) -> Path:
    """Write the protected private key to a new file readable by its owner only.

    An existing file is never overwritten: it may be the only copy of another key. The file is
    read back and opened before returning, so a key whose public half goes into the database
    is known to be recoverable from this file.
    """
    target = Path(path)
    document = protect_private_key(private_key, check_passphrase(passphrase))
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as error:
        raise KeyFileError(
            f"{target} already exists; choose another file name (nothing was changed)."
        ) from error
    except OSError as error:
        raise KeyFileError(f"Cannot create {target}: {error.strerror}.") from error
    try:
        os.fchmod(descriptor, 0o600)  # whatever the umask
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())
        if bytes(open_key_file(target, passphrase).private_key) != bytes(private_key):
            raise KeyFileError(f"{target} did not read back correctly.")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def open_key_file(path: str | Path, passphrase: str) -> OpenedKey:
    try:
        document = Path(path).read_bytes()
    except OSError as error:
        raise KeyFileError(f"Cannot read the private key file {path}: {error.strerror}.") from error
    try:
        return OpenedKey(Path(path), open_private_key(document, passphrase))
    except DecryptionError as error:
        raise KeyFileError(f"{path}: {error}.") from error


def open_key_files(paths: list[str], passphrase_files: list[str]) -> list[OpenedKey]:
    """Open each key with its passphrase: one passphrase file for all keys, one per key, or ask."""
    if passphrase_files and len(passphrase_files) not in {1, len(paths)}:
        raise KeyFileError(
            "Give one --passphrase-file for all keys, or one for each --private-key, in order."
        )
    keys = []
    for position, path in enumerate(paths):
        if passphrase_files:
            passphrase = read_passphrase_file(passphrase_files[min(position, len(passphrase_files) - 1)])
        else:
            passphrase = ask_passphrase(path)
        keys.append(open_key_file(path, passphrase))
    return keys
