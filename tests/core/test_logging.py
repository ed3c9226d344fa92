"""The web server's access log never carries a client address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_gunicorn_access_log_has_no_client_address(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "chorus.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'log.sqlite3'}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "chorus.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-For": "198.51.100.99"}
                )
                urllib.request.urlopen(request, timeout=2).read()  # noqa: S310 - our own local server
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert '"GET /healthz HTTP/1.1" 200' in output  # the request was logged ...
    assert "198.51.100.99" not in output  # ... without the forwarded client address
    access_lines = [line for line in output.splitlines() if "/healthz" in line]
    assert access_lines and all("127.0.0.1" not in line for line in access_lines)
