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


def _dev(bind: str) -> int:
    """Run server, worker and scheduler side by side; Ctrl-C (or SIGTERM) stops them all."""
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
        from chorus.supporters.offline import run_offline

        status = run_offline(command, rest)
        if status is not None:
            return status
    _manage(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
