"""The `chorus` console script.

chorus dev        migrate, load the demo, run the web server, task worker and scheduler (make run)
chorus serve      the web server (gunicorn)
chorus worker     the task worker (django-tasks-db's db_worker)
chorus scheduler  enqueue the periodic jobs: outbox sweep, counters, retention purge
chorus demo       load the demo organisation (development only)
chorus keys       the organisation key pair (generate, rotate, list, server-key)
chorus export     supporters' details: sealed on the server, decrypted on your own machine
chorus <command>  any other Django management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

DEFAULT_BIND = "127.0.0.1:8000"


def _manage(argv: Sequence[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chorus", *argv])


def _serve_command(bind: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:chorus.gunicorn_conf",
        "--bind",
        bind,
        "chorus.wsgi:application",
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "chorus.cli", "db_worker", "--queue-name", "*", "--no-reload"]


def _scheduler_command() -> list[str]:
    return [sys.executable, "-m", "chorus.cli", "scheduler"]


def _hold_dev_lock(bind: str) -> object | None:
    """Take this checkout's `chorus dev` lock (var/chorus-dev.lock), or say who holds it.

    Two demos on one SQLite database would lock each other out with misleading errors, so a
    second one stops at once. The lock is an flock: it goes with the process, however it ends.
    Returns the open lock file (keep it open), or None when another Chorus holds it.
    """
    import fcntl

    from django.conf import settings

    path = settings.VAR_DIR / "chorus-dev.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "another process"
        lock.close()
        print(
            f"Another Chorus is already running in this checkout ({holder}).\n"
            "Stop it first (Ctrl-C where it runs), or open the site it serves.",
            file=sys.stderr,
        )
        return None
    lock.seek(0)
    lock.truncate()
    lock.write(f"process {os.getpid()}, serving http://{bind}/")
    lock.flush()
    return lock


def _port_taken(bind: str) -> bool:
    import socket

    host, _, port = bind.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=1):
            return True
    except (OSError, ValueError):
        return False


def _dev(bind: str) -> int:
    """Run server, worker and scheduler side by side; Ctrl-C (or SIGTERM) stops them all."""
    # One web worker: the demo keeps its rate limits in a per-process cache (chorus.E001).
    os.environ.setdefault("CHORUS_WEB_WORKERS", "1")
    lock = _hold_dev_lock(bind)
    if lock is None:
        return 1
    if _port_taken(bind):
        print(
            f"Something else is already serving at {bind}. Stop it, or choose another address: "
            "CHORUS_BIND=127.0.0.1:8001 make run",
            file=sys.stderr,
        )
        return 1
    _manage(["migrate", "--no-input", "-v", "0"])
    # Before the demo, so its signatures have a key to be sealed to; says what it made.
    _manage(["keys", "dev"])
    _manage(["demo"])
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    commands = {
        "web server": _serve_command(bind),
        "task worker": _worker_command(),
        "scheduler": _scheduler_command(),
    }
    children = {
        name: subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter and arguments
        for name, command in commands.items()
    }
    print(f"\nChorus is serving the demo site at http://{bind}/ — press Ctrl-C to stop.\n", flush=True)
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    while not stopping:
        for name, child in children.items():
            code = child.poll()
            if code is not None:
                print(f"The {name} exited ({code}); stopping.")
                status = code or 1
                stopping = True
        time.sleep(0.2)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    print("Chorus stopped.")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings.production")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    bind = rest[rest.index("--bind") + 1] if "--bind" in rest else os.environ.get("CHORUS_BIND", DEFAULT_BIND)
    if command == "dev":
        return _dev(bind)
    if command == "serve":
        os.execv(sys.executable, _serve_command(bind))  # noqa: S606 - replaces this process with gunicorn
    if command == "worker":
        _manage(["db_worker", "--queue-name", "*", *rest])
        return 0
    if command in {"export", "keys"}:
        # Decrypting an export happens on an operator's machine with no settings or database.
        from chorus.privacy.offline import run_offline

        status = run_offline(command, rest)
        if status is not None:
            return status
    _manage(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
