"""`make run` twice in one checkout: the second says plainly that a Chorus already runs there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.helpers import PATIENCE

ROOT = Path(__file__).resolve().parents[2]


def dev_env(var_dir: Path, bind: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHORUS_", "DATABASE_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "chorus.settings.dev",
        "CHORUS_VAR_DIR": str(var_dir),
        "CHORUS_BIND": bind,
    }


def free_bind() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def test_a_second_chorus_dev_in_the_same_checkout_stops_with_a_clear_message(tmp_path: Path) -> None:
    bind = free_bind()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, sys, time; django.setup(); from chorus.cli import _hold_dev_lock; "
            f"lock = _hold_dev_lock({bind!r}); print('held' if lock else 'refused', flush=True); "
            "time.sleep(3600)",  # killed below, however long the second start takes
        ],
        cwd=ROOT,
        env=dev_env(tmp_path, bind),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        second = subprocess.run(
            [sys.executable, "-m", "chorus.cli", "dev"],
            cwd=ROOT,
            env=dev_env(tmp_path, bind),
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == 1
    assert "Another Chorus is already running in this checkout" in second.stderr
    assert f"process {holder.pid}, serving http://{bind}/" in second.stderr
    assert "JSONField" not in second.stderr + second.stdout and "Traceback" not in second.stderr
    assert not (tmp_path / "chorus.sqlite3").exists()  # it stopped before migrating anything


def test_a_taken_port_is_named(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        bind = f"127.0.0.1:{taken.getsockname()[1]}"
        result = subprocess.run(
            [sys.executable, "-m", "chorus.cli", "dev"],
            cwd=ROOT,
            env=dev_env(tmp_path, bind),
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
    assert result.returncode == 1
    assert f"Something else is already serving at {bind}" in result.stderr
    assert not (tmp_path / "chorus.sqlite3").exists()
