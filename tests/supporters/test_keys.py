"""`chorus keys`: real key files, real passphrases, the database's active key."""

from __future__ import annotations

import base64
import json
import os
import pty
import stat
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from chorus.core.crypto import key_fingerprint, unseal
from chorus.supporters.keyfiles import (
    DEVELOPMENT_PASSPHRASE,
    KeyFileError,
    ask_new_passphrase,
    open_key_file,
)
from chorus.supporters.models import OrganisationKey
from chorus.supporters.services import seal_details
from tests.helpers import PATIENCE

from .conftest import PASSPHRASE

pytestmark = pytest.mark.django_db


def keys(*args: str) -> str:
    out = StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def test_generate_writes_a_protected_private_key_and_stores_only_the_public_key(
    tmp_path: Path, passphrase_file: Path
) -> None:
    key_file = tmp_path / "org.key"
    output = keys("generate", "--out", str(key_file), "--passphrase-file", str(passphrase_file))

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    active = OrganisationKey.objects.get(active=True)
    assert active.fingerprint in output
    assert "Move this file off the server" in output
    # The file holds the private key only in encrypted form; the database holds the public key only.
    document = json.loads(key_file.read_text())
    private = open_key_file(key_file, PASSPHRASE).private_key
    assert base64.b64encode(bytes(private)).decode() not in key_file.read_text()
    assert document["kdf"] == "argon2id"
    assert bytes(active.public_key) == bytes(private.public_key)
    assert active.fingerprint == key_fingerprint(bytes(private.public_key))
    # What the server seals, the file (and only the file) opens.
    sealed, used = seal_details({"name": "สมชาย ใจดี"})
    assert used == active
    assert unseal(private, sealed) == {"name": "สมชาย ใจดี"}


def test_a_wrong_passphrase_fails_clearly(tmp_path: Path, passphrase_file: Path) -> None:
    key_file = tmp_path / "org.key"
    keys("generate", "--out", str(key_file), "--passphrase-file", str(passphrase_file))
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        open_key_file(key_file, "not the passphrase at all")
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello")
    with pytest.raises(KeyFileError, match="not a Chorus private key file"):
        open_key_file(not_a_key, PASSPHRASE)


def test_generate_refuses_to_overwrite_a_file(tmp_path: Path, passphrase_file: Path) -> None:
    key_file = tmp_path / "org.key"
    key_file.write_text("the only copy of something precious")
    with pytest.raises(CommandError, match="already exists"):
        keys("generate", "--out", str(key_file), "--passphrase-file", str(passphrase_file))
    assert key_file.read_text() == "the only copy of something precious"
    assert not OrganisationKey.objects.exists()


@pytest.mark.parametrize("passphrase", ["", "short"])
def test_generate_refuses_an_empty_or_short_passphrase(tmp_path: Path, passphrase: str) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text(passphrase)
    with pytest.raises(CommandError, match="too short"):
        keys("generate", "--out", str(tmp_path / "org.key"), "--passphrase-file", str(weak))
    assert not (tmp_path / "org.key").exists()
    assert not OrganisationKey.objects.exists()


def test_generate_refuses_when_a_key_is_active(tmp_path: Path, passphrase_file: Path) -> None:
    keys("generate", "--out", str(tmp_path / "first.key"), "--passphrase-file", str(passphrase_file))
    with pytest.raises(CommandError, match="keys rotate"):
        keys("generate", "--out", str(tmp_path / "second.key"), "--passphrase-file", str(passphrase_file))
    assert not (tmp_path / "second.key").exists()
    assert OrganisationKey.objects.count() == 1


def test_rotate_retires_the_old_key_and_keeps_it(tmp_path: Path, passphrase_file: Path) -> None:
    keys("generate", "--out", str(tmp_path / "2025.key"), "--passphrase-file", str(passphrase_file))
    old = OrganisationKey.objects.get(active=True)
    sealed_before, _ = seal_details({"name": "王小明"})

    output = keys("rotate", "--out", str(tmp_path / "2026.key"), "--passphrase-file", str(passphrase_file))

    old.refresh_from_db()
    new = OrganisationKey.objects.get(active=True)
    assert not old.active and old.retired_at is not None
    assert new != old and new.fingerprint in output and old.fingerprint in output
    sealed_after, used = seal_details({"name": "김지현"})
    assert used == new
    old_private = open_key_file(tmp_path / "2025.key", PASSPHRASE).private_key
    new_private = open_key_file(tmp_path / "2026.key", PASSPHRASE).private_key
    assert unseal(old_private, sealed_before) == {"name": "王小明"}
    assert unseal(new_private, sealed_after) == {"name": "김지현"}


def test_list_shows_fingerprints_states_and_dates(tmp_path: Path, passphrase_file: Path) -> None:
    assert "No organisation key yet" in keys("list")
    keys("generate", "--out", str(tmp_path / "a.key"), "--passphrase-file", str(passphrase_file))
    keys("rotate", "--out", str(tmp_path / "b.key"), "--passphrase-file", str(passphrase_file))
    lines = keys("list").strip().splitlines()
    new, old = OrganisationKey.objects.order_by("-created_at", "-pk")
    assert lines[0].startswith(f"{new.fingerprint}  active ")
    assert lines[1].startswith(f"{old.fingerprint}  retired")
    assert f"created {old.created_at:%Y-%m-%d}" in lines[1] and "retired 20" in lines[1]


def test_server_key_prints_32_random_bytes() -> None:
    first, second = keys("server-key").strip(), keys("server-key").strip()
    assert len(base64.b64decode(first)) == 32 and first != second


def test_dev_makes_a_development_key_once_and_reuses_its_file(tmp_path: Path, settings) -> None:
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    output = keys("dev")
    key_file = tmp_path / "dev-org-private.key"
    assert str(key_file) in output and DEVELOPMENT_PASSPHRASE in output and "development only" in output
    active = OrganisationKey.objects.get(active=True)
    assert keys("dev") == ""  # a key exists: nothing to do

    # The database is reset but var/ is kept: the same key file is registered again.
    OrganisationKey.objects.all().delete()
    keys("dev")
    assert OrganisationKey.objects.get(active=True).fingerprint == active.fingerprint


def test_dev_refuses_without_debug(settings, tmp_path: Path) -> None:
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match="development only"):
        keys("dev")
    assert not OrganisationKey.objects.exists()


def test_without_a_terminal_the_passphrase_must_come_from_a_file(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(""))
    with pytest.raises(KeyFileError, match="--passphrase-file"):
        ask_new_passphrase()


def _on_terminal(code: str, answers: list[str]) -> tuple[int, str]:
    """Run `code` with a pseudo-terminal as its stdin, typing `answers` at its prompts."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=child, stdout=child, stderr=child, start_new_session=True
    )
    os.close(child)
    output = b""
    for answer in answers:
        deadline = time.monotonic() + PATIENCE
        while not output.rstrip().endswith(b":") and time.monotonic() < deadline:
            output += os.read(main, 1024)
        os.write(main, answer.encode() + b"\n")
        output = output.replace(b":", b";")  # wait for the next prompt
    status = process.wait(timeout=PATIENCE)
    try:
        while chunk := os.read(main, 1024):
            output += chunk
    except OSError:
        pass
    os.close(main)
    return status, output.decode(errors="replace")


ASK = "from chorus.supporters.keyfiles import ask_new_passphrase as a\ntry:\n print('GOT', len(a()))\nexcept Exception as e:\n print('ERR', e)"


def test_on_a_terminal_the_passphrase_is_asked_twice() -> None:
    status, output = _on_terminal(ASK, [PASSPHRASE, PASSPHRASE])
    assert status == 0 and f"GOT {len(PASSPHRASE)}" in output
    assert PASSPHRASE not in output  # not echoed

    status, output = _on_terminal(ASK, [PASSPHRASE, PASSPHRASE + "x"])
    assert "ERR The two passphrases differ" in output
