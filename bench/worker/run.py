"""Task worker memory: the resident set of `chorus worker` after it has sent 1,000 confirmation
mails and after 10,000, as a long surge leaves it.

Production settings on PostgreSQL (the database `chorus_bench_worker`, created and dropped here;
`bench/intake/settings.py`), the demo petition, one `chorus worker` process sending to an SMTP
sink on loopback. This process records the actions through the engine (`record_action`: sealed
details, consent, the outbox row and its send task in one transaction), in batches of 500 so
that the queue never runs dry and never holds more than a batch or two; the worker claims,
decrypts, sends and marks each mail. Its RSS (`VmRSS` of /proc/<pid>/status) is read once the
sink has counted 1,000 mails and again at 10,000, each time after the queue has emptied.

Goal: flat, within ±10 % (docs/benchmarks.md). The run checks in the database that every
action's mail was sent and its payload removed, and exits non-zero if not.

    .venv/bin/python -m bench.worker.run [--actions 10000] [--first 1000]
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.intake.run import drop_database, postgres_reachable, prepare_site, recreate_database  # noqa: E402
from bench.intake.smtp_sink import smtp_sink  # noqa: E402

BATCH = 500
GOAL = 0.10


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for process {pid}")


def record(page_id: int, start: int, count: int) -> None:
    """`count` petition signatures through the engine, each from its own address."""
    from django.db import connection

    from chorus.actions.services import ConsentGiven, Submission, record_action
    from chorus.supporters.models import Consent

    for number in range(start, start + count):
        email = f"worker.bench.{number}@example.org"
        record_action(
            Submission(
                page_id=page_id,
                kind="petition",
                language="en",
                submission_key=secrets.token_hex(32),
                details={"name": f"Supporter {number}", "email": email},
                email=email,
                country="TH",
                consents=[ConsentGiven(Consent.Purpose.ACTION, "bench")],
            )
        )
    connection.close()


def wait_for(sink: object, delivered: int, worker: subprocess.Popen[bytes], patience: float = 600) -> float:
    """Seconds until the sink has counted `delivered` mails (the worker must stay up)."""
    started = time.monotonic()
    while sink.delivered < delivered:  # type: ignore[attr-defined]
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited with status {worker.returncode}; see the log")
        if time.monotonic() - started > patience:
            raise SystemExit(f"only {sink.delivered} of {delivered} mails after {patience:.0f} s")  # type: ignore[attr-defined]
        time.sleep(0.2)
    return time.monotonic() - started


def check(page_id: int, actions: int) -> bool:
    from chorus.delivery.models import Outbox

    rows = Outbox.objects.filter(action__page_id=page_id)
    sent = rows.filter(state=Outbox.State.SENT, payload__isnull=True).count()
    ok = sent == actions == rows.count()
    print(f"  [{'ok' if ok else 'FAILED'}] mails sent with their payload removed: {sent} of {actions}")
    return ok


def measure(args: argparse.Namespace, page_id: int, log: Path) -> int:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    with smtp_sink() as sink, log.open("w") as out:
        env["CHORUS_SMTP_HOST"], env["CHORUS_SMTP_PORT"] = "127.0.0.1", str(sink.server_address[1])
        worker = subprocess.Popen(
            [sys.executable, "-m", "chorus.cli", "worker"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            time.sleep(3)
            print(f"  worker started: {rss_mib(worker.pid):.1f} MiB", flush=True)
            readings: dict[int, float] = {}
            done, started = 0, time.monotonic()
            for mark in (args.first, args.actions):
                while done < mark:
                    size = min(BATCH, mark - done)
                    record(page_id, done, size)
                    done += size
                wait_for(sink, done, worker)
                time.sleep(1)  # the last row marked sent, the worker idle again
                readings[mark] = rss_mib(worker.pid)
                rate = done / (time.monotonic() - started)
                print(
                    f"  after {mark:>6,} mails: RSS {readings[mark]:.1f} MiB ({rate:.0f} actions/s recorded and sent)"
                )
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    growth = readings[args.actions] / readings[args.first] - 1
    verdict = "flat" if abs(growth) <= GOAL else "NOT flat"
    print(
        f"\nResults\n  RSS {readings[args.first]:.1f} → {readings[args.actions]:.1f} MiB: {growth:+.1%} ({verdict}, goal ±{GOAL:.0%})"
    )
    print("\nChecks (database after the run)")
    return 0 if check(page_id, args.actions) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=1_000)
    args = parser.parse_args(argv)
    url = os.environ.get(
        "CHORUS_BENCH_WORKER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chorus_bench_worker"
    )
    if not postgres_reachable(url):
        print(f"PostgreSQL not reachable at {urlsplit(url).hostname}: skipping bench/worker.")
        return 0
    var_dir = tempfile.mkdtemp(prefix="chorus-bench-worker-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.intake.settings",
        CHORUS_VAR_DIR=var_dir,
        CHORUS_BENCH_DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(64),
        CHORUS_SERVER_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    )
    name = recreate_database(url, "on")
    try:
        print(f"bench/worker: database {name}, migrating and loading the demo campaign...", flush=True)
        site = prepare_site()
        return measure(args, site.page_id, Path(var_dir) / "worker.log")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
