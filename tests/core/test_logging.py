"""No log line of the web server carries a client address or a link token, whatever arrives.

The client connects from 127.0.0.2 (any 127/8 address is loopback on Linux) so that its address
can be told apart from the server's own 127.0.0.1, which gunicorn prints when it starts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.db import connection

from chorus.core.private_logs import RedactFilter, redact
from tests.helpers import PATIENCE, wait_until

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "127.0.0.2"
FORWARDED = "198.51.100.99"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHORUS_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "chorus.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'log.sqlite3'}",
        "CHORUS_WEB_WORKERS": "1",
        **extra,
    }


@contextmanager
def serving(tmp_path: Path, **extra: str) -> Iterator[tuple[int, list[str]]]:
    """A `chorus serve` on a free port; yields the port and, after the block, its output lines."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "chorus.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=server_env(tmp_path, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield port, lines
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
        lines.extend(output.splitlines())


def due_jobs(database: Path) -> int:
    """Jobs in a `chorus dev` database that are due and not finished yet."""
    with closing(sqlite3.connect(database)) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
            # A job queued without a delay runs after the latest date there is (django-tasks-db's "now").
            "OR (status = 'READY' AND (run_after <= strftime('%Y-%m-%d %H:%M:%f', 'now') OR run_after >= '9999'))"
        ).fetchone()
    return int(count)


def send_raw(port: int, data: bytes, timeout: float = 5) -> bytes:
    """Bytes straight onto the socket, from the client address."""
    with socket.socket() as sock:
        sock.bind((CLIENT, 0))
        sock.settimeout(timeout)
        sock.connect(("127.0.0.1", port))
        sock.sendall(data)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return answer


MALFORMED = {
    "oversized request line": b"GET /en/?" + b"0" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad header": b"GET /en/ HTTP/1.1\r\nHost: x\r\nBad Header\x01: y\r\n\r\n",
    "bad method": b"G\x01T /en/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "TLS bytes on the HTTP port": bytes.fromhex("16030100f4010000f00303") + os.urandom(64),
    "token in an old letter link": (
        b"GET /en/safe-passage-home/letters/eyJhIjoxfQ:1secret-token-part/ HTTP/1.1\r\nHost: x\r\n"
        b"X-Forwarded-For: " + FORWARDED.encode() + b"\r\n\r\n"
    ),
    "header too large": b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
}


def test_no_server_log_line_has_a_client_address_or_token(tmp_path: Path) -> None:
    with serving(tmp_path) as (port, lines):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-For": FORWARDED}
        )
        urllib.request.urlopen(request, timeout=5).read()  # noqa: S310 - our own local server
        answers = {name: send_raw(port, data) for name, data in MALFORMED.items()}
        time.sleep(0.5)
    output = "\n".join(lines)
    # Every malformed request was answered (400, 414, 431 or a closed connection), none crashed it.
    assert answers["oversized request line"].startswith(b"HTTP/1.1 414")
    assert answers["bad method"].startswith(b"HTTP/1.1 400")
    assert answers["bad header"].startswith(b"HTTP/1.1 400")
    # ... and was logged, as gunicorn's error log does ...
    assert output.count("Invalid request") >= 4, output
    assert '"GET /healthz HTTP/1.1" 200' in output
    # ... without the client's address, the forwarded one or the token from the path.
    assert CLIENT not in output
    assert FORWARDED not in output
    assert "secret-token-part" not in output and "eyJhIjoxfQ" not in output
    # The only address left is the server's own, in its start-up line.
    assert all("127.0.0.1" not in line for line in lines if "Listening at" not in line), output


def test_an_access_log_format_with_the_request_line_and_query_still_hides_them(tmp_path: Path) -> None:
    """Whoever widens gunicorn's access log format (the request line, the query string, the
    client and forwarded-for) still gets no token or address written."""
    wide = '%(h)s "%(r)s" %(U)s %(q)s %({x-forwarded-for}i)s %({remote_addr}e)s %(s)s'
    with serving(tmp_path, GUNICORN_CMD_ARGS=f"--access-logformat '{wide}'") as (port, lines):
        for path in ("/healthz?token=QUERY-SECRET-3", "/en/c/eyJhIjoxfQ:1vXyZ2:PathSecret8Tok3n/?token=Q4"):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-For": FORWARDED}
            )
            with contextlib.suppress(urllib.error.HTTPError):  # the second is a 404
                urllib.request.urlopen(request, timeout=10).read()  # noqa: S310 - our own local server
        time.sleep(0.5)
    output = "\n".join(lines)
    assert '"GET /healthz?[query] HTTP/1.1" /healthz' in output, output
    assert "/en/c/[token]/" in output, output
    for secret in ("QUERY-SECRET", "Q4", "PathSecret8Tok3n", FORWARDED):
        assert secret not in output, secret


def test_django_log_records_are_redacted() -> None:
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Bad Request: %s from %s",
        (
            "/th/safe-passage-home/letters/abc:def-123/",
            "2001:db8::7",
        ),
        None,
    )
    RedactFilter().filter(record)
    message = record.getMessage()
    assert message == "Bad Request: /th/safe-passage-home/letters/[token]/ from [address]"
    assert redact("peer 198.51.100.7:52100 at 12:30:45, version 3.13.0") == (
        "peer [address] at 12:30:45, version 3.13.0"
    )
    assert redact("[2001:db8::1]:443 and ::ffff:203.0.113.9") == "[address] and [address]"


# Requests that fail with a token in the query string or the path, made by Django's test client
# in a process of its own, so that logging is configured exactly as the settings say.
FAILING_REQUESTS = """
import logging

import django

django.setup()
from django.test import Client, override_settings

from chorus.core.private_logs import RedactFilter

for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
    for handler in getattr(logger, "handlers", []):
        if not isinstance(handler, logging.NullHandler) and not any(isinstance(f, RedactFilter) for f in handler.filters):
            print("UNFILTERED", logger.name, handler)
for debug in (False, True):
    with override_settings(ROOT_URLCONF="tests.core.log_urls", DEBUG=debug):
        client = Client(raise_request_exception=False, REMOTE_ADDR="%(client)s", HTTP_X_FORWARDED_FOR="%(forwarded)s")
        for url in (
            "/en/log-errors/broken/?token=QUERY-SECRET-1&page=2",
            "/en/log-errors/broken/eyJhIjoxfQ:1vXyZ2:PathSecret9Tok3n/",
            "/en/no-such-page/?token=QUERY-SECRET-2",
            "/en/accounts/password/reset/key/1-ResetSecret42Key/",
        ):
            print("answered", client.get(url).status_code)
"""


def database_url_of_tests() -> str:
    """The test database, for a process of its own that only reads it (its tables are made)."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


@pytest.mark.django_db
def test_a_server_error_logs_no_token_or_client_address(tmp_path: Path) -> None:
    """A 500 (and a 404) for a URL with a token in its query string or path, with DEBUG off and
    on: Django's log lines, the traceback and every handler carry neither the token nor the
    client's address."""
    result = subprocess.run(
        [sys.executable, "-c", FAILING_REQUESTS % {"client": CLIENT, "forwarded": FORWARDED}],
        cwd=ROOT,
        env={**server_env(tmp_path), "DATABASE_URL": database_url_of_tests()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output.count("answered 500") == 4 and output.count("answered 404") == 2, output
    assert "UNFILTERED" not in output, output
    # The error is logged, with its traceback ...
    assert "ERROR django.request Internal Server Error: /en/log-errors/broken/" in output, output
    assert "RuntimeError: could not open /en/log-errors/broken/?[query] for [address]" in output, output
    # ... and nothing a token or an address was in.
    for secret in ("QUERY-SECRET", "PathSecret9Tok3n", "ResetSecret42Key", CLIENT, FORWARDED):
        assert secret not in output, secret


def test_django_log_records_lose_query_strings_path_tokens_and_request_extras() -> None:
    class Request:
        method = "GET"
        path = "/en/confirm/"

        def __repr__(self) -> str:
            return "<WSGIRequest: GET '/en/confirm/?token=abc123'>"

    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/en/x/?token=s3cret",),
        None,
    )
    record.request = Request()
    record.status_code = 500
    record.client = "198.51.100.7"
    RedactFilter().filter(record)
    assert record.getMessage() == "Internal Server Error: /en/x/?[query]"
    assert record.request == "GET /en/confirm/"
    assert record.status_code == 500 and record.client == "[address]"
    assert redact("form data token=abc&name=x, key=K3y") == "form data token=[token]&name=x, key=[token]"
    assert redact("GET /en/accounts/confirm-email/MTI:1vabc:xyz/ and /en/c/eyJhIjoxfQ:1vX:Zz9/ok/") == (
        "GET /en/accounts/confirm-email/[token]/ and /en/c/[token]/ok/"
    )
    # Slugs, file paths, versions and prose stay as they were.
    kept = "File /srv/chorus/.venv/lib/python3.13/site-packages/django/core/handlers/exception.py, " + (
        "/th/safe-passage-home-for-workers-2026/ ok? yes"
    )
    assert redact(kept) == kept


def test_several_workers_without_a_shared_cache_refuse_to_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chorus.cli", "serve", "--bind", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=server_env(tmp_path, CHORUS_WEB_WORKERS="2"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "chorus.E001" in result.stderr and "CHORUS_REDIS_URL" in result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "chorus.cli", "check", "--deploy", "--tag", "chorus"],
        cwd=ROOT,
        env=server_env(tmp_path, CHORUS_WEB_WORKERS="3"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode != 0 and "chorus.E001" in check.stderr


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_several_workers_start_with_a_shared_cache(tmp_path: Path) -> None:
    with serving(tmp_path, CHORUS_WEB_WORKERS="2", CHORUS_REDIS_URL="redis://127.0.0.1:6379/15") as (
        port,
        lines,
    ):
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200
    assert not any("chorus.E001" in line for line in lines)


def test_no_line_from_any_process_make_run_starts_has_a_client_address(tmp_path: Path) -> None:
    """`chorus dev` (what `make run` starts): migrate, demo, web server, task worker, scheduler,
    all writing to one output. Requests from 127.0.0.2, good and malformed, leave no trace of it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHORUS_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="chorus.settings.dev",
        CHORUS_VAR_DIR=str(tmp_path / "var"),
        CHORUS_BIND=f"127.0.0.1:{port}",
    )
    # A file, not a pipe: the demo writes thousands of lines before anyone reads them.
    log = (tmp_path / "dev.log").open("w+")
    dev = subprocess.Popen(
        [sys.executable, "-m", "chorus.cli", "dev"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + max(240, PATIENCE)
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or dev.poll() is not None:
                    raise
                time.sleep(1)
        host = f"Host: 127.0.0.1:{port}\r\n".encode()
        for path in (
            "/en/",
            "/th/safe-passage-home/",
            "/km/no-such-page/",
            "/en/safe-passage-home/letters/0ld-t0ken-s3cret/",
        ):
            answer = send_raw(
                port,
                b"GET " + path.encode() + b" HTTP/1.1\r\n" + host + b"Connection: close\r\n"
                b"X-Forwarded-For: "
                + FORWARDED.encode()
                + b"\r\nX-Real-IP: "
                + FORWARDED.encode()
                + b"\r\n\r\n",
                timeout=60,
            )
            assert answer.split(b" ", 2)[1] in {b"200", b"302", b"404"}, answer[:200]
        for name, data in MALFORMED.items():
            if "TLS" not in name:  # gunicorn waits for the rest of a TLS hello: covered above
                send_raw(port, data)
        # The worker runs the jobs those requests queued (their log lines count too).
        wait_until(
            lambda: not due_jobs(tmp_path / "var" / "chorus.sqlite3"), "the worker to run the queued jobs"
        )
    finally:
        dev.send_signal(2)  # Ctrl-C
        try:
            dev.wait(timeout=30)
        except subprocess.TimeoutExpired:
            dev.kill()
            dev.wait()
        log.seek(0)
        output = log.read()
        log.close()
    assert "Chorus is serving the demo site" in output and "Invalid request" in output
    assert '"GET /en/ HTTP/1.1" 200' in output
    assert CLIENT not in output and FORWARDED not in output
    assert "0ld-t0ken-s3cret" not in output
