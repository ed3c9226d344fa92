"""`chorus export`: sealed on the server, decrypted to CSV on the operator's machine with no database."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import chorus
from chorus.actions.services import ConsentGiven, Submission, record_action
from chorus.campaigns.models import CampaignPage
from chorus.privacy.export import FORMULA_STARTS, neutralise, read_sealed
from chorus.supporters.keyfiles import open_key_files
from chorus.supporters.models import Consent

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x")'
SIGNERS = [
    ("สมชาย ใจดี", "somchai@example.org", "th", "TH"),
    ("王小明", "xiaoming@example.org", "zh-hans", "CN"),
    ("陳美玲", "meiling@example.org", "zh-hant", "TW"),
    ("김지현", "jihyun@example.org", "ko", "KR"),
    ("សុខ ចាន់ធី", "chanthy@example.org", "km", "KH"),
    (FORMULA, "formula@example.org", "en", "AU"),
]


def sign(page: CampaignPage, name: str, email: str, language: str, country: str, **details: str) -> int:
    outcome = record_action(
        Submission(
            page_id=page.pk,
            kind="petition",
            language=language,
            submission_key=f"test-{email}",
            details={"name": name, "email": email, **details},
            email=email,
            country=country,
            consents=[ConsentGiven(Consent.Purpose.ACTION, "petition-consent-test")],
        )
    )
    return outcome.action.pk


def command(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def new_key(tmp_path: Path, name: str, passphrase_file: Path, subcommand: str = "generate") -> Path:
    path = tmp_path / name
    command("keys", subcommand, "--out", str(path), "--passphrase-file", str(passphrase_file))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for spreadsheet applications"
    return list(csv.DictReader(StringIO(raw.decode("utf-8-sig"), newline="")))


def offline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`chorus ...` in a fresh process with no database and no settings it could load.

    Production settings without SECRET_KEY raise on import: if the command configured Django,
    it would fail. It also checks afterwards that no database code was even imported.
    """
    probe = (
        "import sys\n"
        "from chorus.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "from django.conf import settings\n"
        "assert not settings.configured, 'settings were loaded'\n"
        "assert 'django.db.backends.base.base' not in sys.modules, 'database code was imported'\n"
        "sys.exit(code)\n"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(cwd),
        "DJANGO_SETTINGS_MODULE": "chorus.settings.production",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        "CHORUS_VAR_DIR": str(cwd / "var-must-not-appear"),
        # As if installed: the package, not the checkout's settings or var/ directory.
        "PYTHONPATH": str(Path(chorus.__file__).resolve().parent.parent),
    }
    return subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_round_trip_sealed_on_the_server_decrypted_offline(
    tmp_path: Path, passphrase_file: Path, petition: CampaignPage
) -> None:
    key_file = new_key(tmp_path, "org.key", passphrase_file)
    ids = {
        email: sign(petition, name, email, language, country) for name, email, language, country in SIGNERS
    }

    sealed = tmp_path / "sealed.jsonl"
    output = command("export", "--sealed-out", str(sealed))
    assert f"Wrote {len(SIGNERS)} sealed records" in output
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    text = sealed.read_text(encoding="utf-8")
    for name, email, *_ in SIGNERS:
        assert name not in text and email not in text  # still ciphertext on the server
    # The records themselves are sealed too: not even the campaign or the countries show.
    header, *lines = text.splitlines()
    key = open_key_files([str(key_file)], [str(passphrase_file)])[0]
    assert json.loads(header) == {"format": "chorus-sealed-export", "version": 2, "key": key.fingerprint}
    assert "Safety, not raids" not in text and '"TH"' not in text and "action_id" not in text
    assert [set(json.loads(line)) for line in lines] == [{"chunk"}]
    first = next(read_sealed(sealed, [key.private_key]))
    assert set(first) >= {
        "action_id",
        "campaign",
        "kind",
        "state",
        "language",
        "country",
        "created_at",
        "consents",
        "key",
        "sealed",
    }

    out = tmp_path / "supporters.csv"
    result = offline(
        "export", "--private-key", str(key_file), "--passphrase-file", str(passphrase_file),
        "--in", str(sealed), "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Wrote {len(SIGNERS)} records" in result.stdout
    assert not (tmp_path / "var-must-not-appear").exists()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    rows = {row["email"]: row for row in read_csv(out)}
    assert list(read_csv(out)[0])[:3] == ["action_id", "name", "email"]
    for name, email, language, country in SIGNERS:
        row = rows[email]
        assert row["action_id"] == str(ids[email])
        assert row["language"] == language and row["country"] == country
        assert row["campaign"] == "Safety, not raids" and row["state"] == "pending"
        assert "action (petition-consent-test, 20" in row["consents"]
        if name != FORMULA:
            assert row["name"] == name
    assert rows["formula@example.org"]["name"] == "'" + FORMULA


def test_export_can_read_the_database_directly_for_remote_operators(
    tmp_path: Path, passphrase_file: Path, petition: CampaignPage
) -> None:
    key_file = new_key(tmp_path, "org.key", passphrase_file)
    sign(petition, "김지현", "jihyun@example.org", "ko", "KR", message="-1+1 and @SUM(A1)")
    out = tmp_path / "direct.csv"
    command(
        "export", "--private-key", str(key_file), "--passphrase-file", str(passphrase_file), "--out", str(out)
    )
    (row,) = read_csv(out)
    assert row["name"] == "김지현" and row["message"] == "'-1+1 and @SUM(A1)"


def test_records_sealed_to_a_rotated_key_need_that_key_too(
    tmp_path: Path, passphrase_file: Path, petition: CampaignPage
) -> None:
    old_key = new_key(tmp_path, "2025.key", passphrase_file)
    sign(petition, "王小明", "xiaoming@example.org", "zh-hans", "CN")
    new = new_key(tmp_path, "2026.key", passphrase_file, subcommand="rotate")
    sign(petition, "សុខ ចាន់ធី", "chanthy@example.org", "km", "KH")
    sealed = tmp_path / "sealed.jsonl"
    command("export", "--sealed-out", str(sealed))
    out = tmp_path / "out.csv"

    only_new = offline(
        "export", "--private-key", str(new), "--passphrase-file", str(passphrase_file),
        "--in", str(sealed), "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert only_new.returncode == 1
    assert "sealed to keys you did not give" in only_new.stderr and "(1 records)" in only_new.stderr
    assert not out.exists()

    skipping = offline(
        "export", "--private-key", str(new), "--passphrase-file", str(passphrase_file),
        "--in", str(sealed), "--out", str(out), "--skip-unopenable", cwd=tmp_path,
    )  # fmt: skip
    assert skipping.returncode == 0 and "Left out 1 records" in skipping.stdout
    assert [row["name"] for row in read_csv(out)] == ["សុខ ចាន់ធី"]

    both = offline(
        "export", "--private-key", str(new), "--private-key", str(old_key), "--passphrase-file", str(passphrase_file),
        "--in", str(sealed), "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert both.returncode == 0, both.stderr
    assert sorted(row["name"] for row in read_csv(out)) == sorted(["王小明", "សុខ ចាន់ធី"])


def test_a_wrong_passphrase_or_a_wrong_file_fails_clearly_offline(
    tmp_path: Path, passphrase_file: Path, petition: CampaignPage
) -> None:
    key_file = new_key(tmp_path, "org.key", passphrase_file)
    sign(petition, "มาลี", "malee@example.org", "th", "TH")
    sealed = tmp_path / "sealed.jsonl"
    command("export", "--sealed-out", str(sealed))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("this is not the passphrase")
    out = tmp_path / "out.csv"

    result = offline(
        "export", "--private-key", str(key_file), "--passphrase-file", str(wrong), "--in", str(sealed), "--out", str(out),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1 and "wrong passphrase" in result.stderr and "Traceback" not in result.stderr

    result = offline(
        "export", "--private-key", str(key_file), "--passphrase-file", str(passphrase_file), "--in", str(key_file),
        "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1 and "is not a sealed export" in result.stderr
    assert not out.exists()


def test_the_server_step_takes_no_key(tmp_path: Path, passphrase_file: Path) -> None:
    key_file = new_key(tmp_path, "org.key", passphrase_file)
    with pytest.raises(CommandError, match="private key never comes to the server"):
        command("export", "--sealed-out", str(tmp_path / "s.jsonl"), "--private-key", str(key_file))
    with pytest.raises(CommandError, match="--sealed-out FILE"):
        command("export")


def test_keys_server_key_runs_without_settings(tmp_path: Path) -> None:
    result = offline("keys", "server-key", cwd=tmp_path)
    assert result.returncode == 0 and len(result.stdout.strip()) == 44


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start: str) -> None:
    assert neutralise(start + "cmd|' /C calc'!A0") == "'" + start + "cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", ["สมชาย", "王小明", "a=b", "", "'quoted", "1+1"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert neutralise(value) == value
