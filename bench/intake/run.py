"""bench/intake: how much does the full action path cost next to the cheapest possible write?

One run, one machine, gunicorn (chorus.gunicorn_conf, 2 sync workers) and PostgreSQL on
loopback, one load generator for both sides:

- **bare**: `POST /bench/bare/`, a CSRF-exempt view doing one INSERT (bench/intake/urls.py),
  behind the same middleware as the site;
- **petition**: `POST /en/act/<page id>/` (where the demo campaign's form posts), the whole
  path a supporter takes: the Origin check that stands in for a CSRF token on a page served
  from a cache (as on HTTPS), a freshly signed form token, a unique email address, anti-abuse verdict, dedup by blind index, sealing to the
  organisation key, consent record, outbox row, send task, sharded counter. Success is the
  302 to the thank-you page.

The rounds run twice: first with nothing else using the database, then with the task worker
and the scheduler running as production runs them (`chorus worker`, `chorus scheduler`), the
worker claiming and sending each confirmation mail to an SMTP sink on loopback
(bench/intake/smtp_sink.py). Both figures are reported: the second is what a surge sustains.

It prints both rates, the ratio (goal ≥ 0.5) and checks, in the database, that every petition
request made exactly one pending (not flagged) action with its sealed details, consent,
outbox row (queued, or sent by the worker), send task and counter increment. It exits non-zero
when a check fails, not when the ratio misses the goal.

    .venv/bin/python -m bench.intake.run [--seconds 5] [--rounds 3] [--clients 4] [--no-worker] [--profile]
"""

from __future__ import annotations

import argparse
import base64
import html
import http.client
import json
import logging
import os
import pstats
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TextIO
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    # Run as a script (`python bench/intake/run.py`), the repository root is not on the path.
    sys.path.insert(0, str(ROOT))

from bench.intake.smtp_sink import smtp_sink  # noqa: E402 - after the path is set

WORKERS = 2
GOAL = 0.5
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = re.compile(rb'<form[^>]*\saction="([^"]+)"[^>]*>(?:(?!</form>).)*name="form_token"', re.DOTALL)


# --- the database -----------------------------------------------------------------------------


def postgres_reachable(url: str) -> bool:
    server = urlsplit(url)
    try:
        socket.create_connection((server.hostname or "127.0.0.1", server.port or 5432), 2).close()
    except OSError:
        return False
    return True


def recreate_database(url: str, synchronous_commit: str) -> str:
    """Drop and create the bench database; returns its name.

    `synchronous_commit` is for diagnosis only ("off" shows how much of each side is the
    commit's WAL flush); it applies to this database alone, never to the server.
    """
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Refusing an unusual database name: {name!r}")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
        if synchronous_commit != "on":
            conn.execute(f"ALTER DATABASE {name} SET synchronous_commit = {synchronous_commit}")
    return name


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {parts.path.lstrip('/')} WITH (FORCE)")


@dataclass(frozen=True)
class Site:
    campaign_path: str
    page_id: int


def prepare_site() -> Site:
    """Migrate, add the bare table, an organisation key and the demo campaign (no signatures)."""
    import django
    from django.core.management import call_command

    django.setup()
    # Wagtail logs every page it creates; the demo makes dozens.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    from django.db import connection
    from django.utils import translation
    from nacl.public import PrivateKey

    from bench.intake.urls import BARE_TABLE
    from chorus.news.demo import load_demo_content
    from chorus.petitions.demo import load_demo_campaign
    from chorus.supporters.services import register_organisation_key

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id bigserial PRIMARY KEY, "
            "created_at timestamptz NOT NULL DEFAULT now(), note text NOT NULL)"
        )
    # The organisation keeps the private half offline; the benchmark has no use for it.
    register_organisation_key(bytes(PrivateKey.generate().public_key), rotate=False)
    campaign = load_demo_campaign(load_demo_content())
    with translation.override("en"):
        url = campaign.get_url()
    if not url or not url.startswith("/"):
        raise SystemExit(f"The demo campaign has no local URL: {url!r}")
    connection.close()
    return Site(campaign_path=url, page_id=campaign.action_page_id)


# --- gunicorn ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(config: str, log: TextIO, extra_env: dict[str, str] | None = None) -> Iterator[int]:
    """Run `chorus serve`'s command line (our config, 2 sync workers) on a free loopback port."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.intake.settings",
        "CHORUS_WEB_WORKERS": str(WORKERS),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        config,
        "--bind",
        f"127.0.0.1:{port}",
        "chorus.wsgi:application",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(port, process)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def background_jobs(log: TextIO, smtp_port: int) -> Iterator[None]:
    """The task worker and the scheduler, as production runs them beside the web workers
    (`chorus worker`, `chorus scheduler`), sending mail to the SMTP sink."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.intake.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        "CHORUS_SMTP_HOST": "127.0.0.1",
        "CHORUS_SMTP_PORT": str(smtp_port),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "chorus.cli", command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for command in ("worker", "scheduler")
    ]
    try:
        time.sleep(3)  # both have started and connected before the rounds begin
        for process in processes:
            if process.poll() is not None:
                raise SystemExit(f"{process.args!r} exited with status {process.returncode}; see the log.")
        yield
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_serving(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode}; see its log above.")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 90 s.")


# --- the load generator -----------------------------------------------------------------------


@dataclass
class Tally:
    ok: int = 0
    # Accepted after the deadline: not in the rate, but their rows are in the database.
    late: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    sample_failure: str = ""

    def add(self, other: Tally) -> None:
        self.ok += other.ok
        self.late += other.late
        self.statuses.update(other.statuses)
        self.latencies.extend(other.latencies)
        self.sample_failure = self.sample_failure or other.sample_failure


class Client:
    """One visitor's browser, as gunicorn sees it behind the TLS-terminating proxy.

    A persistent `http.client` connection (it reconnects by itself when the sync worker closes
    it after a response), the cookies the site set, and a distinct forwarded address for every
    submission: each supporter signs once, and the rate limiter (5 a minute per address) must
    see them as the different people they are.
    """

    def __init__(self, port: int, number: int, run_id: str) -> None:
        self.port = port
        self.number = number
        self.run_id = run_id
        self.origin = f"https://127.0.0.1:{port}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.csrf_field = ""
        self.sent = 0

    def forwarded_for(self) -> str:
        return f"10.{self.number % 256}.{self.sent // 256 % 256}.{self.sent % 256}"

    def request(
        self, method: str, path: str, body: bytes | None = None, referer: str = ""
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.forwarded_for(),
            "User-Agent": "chorus-bench/1",
            "Accept-Language": "en",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + referer
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response, content

    def open_campaign(self, campaign_path: str) -> str:
        """What a browser does before signing: load the page (the same for every visitor: no
        CSRF field or cookie, docs/architecture.md), keep any cookie and form field it sets.

        Returns where the petition form posts to, as the page says (`/<lang>/act/<id>/`).
        """
        status, _response, content = self.request("GET", campaign_path)
        found = CSRF_FIELD.search(content)
        form = FORM.search(content)
        if status != 200 or form is None:
            raise SystemExit(f"GET {campaign_path} gave {status} without a petition form.")
        self.csrf_field = found.group(1).decode() if found else ""
        return html.unescape(form.group(1).decode())

    def signature(self) -> bytes:
        """A filled-in petition form: a fresh signed token, shown 10 s ago, and a new address."""
        from chorus.actions.forms import new_form_token

        self.sent += 1
        return urlencode(
            {
                **({"csrfmiddlewaretoken": self.csrf_field} if self.csrf_field else {}),
                "form_token": new_form_token(started_at=time.time() - 10),
                "name": f"Bench Signer {self.number}-{self.sent}",
                "email": f"bench-{self.run_id}-{self.number}-{self.sent}@example.org",
                "country": "TH",
                "consent": "on",
                "website": "",
            }
        ).encode()


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    referer: str
    accept: Callable[[int, http.client.HTTPResponse], bool]


def drive(endpoint: Endpoint, clients: list[Client], seconds: float) -> Tally:
    """Every client POSTs the same kind of body to the endpoint, back to back, for `seconds`.

    Only responses that completed before the deadline count; the body is built the same way
    for both endpoints so the generator's own work cancels out of the ratio.
    """
    tallies = [Tally() for _ in clients]
    barrier = threading.Barrier(len(clients) + 1)
    # Set by this thread just before it releases the barrier, so all clients start together.
    deadline = [0.0]

    def work(client: Client, tally: Tally) -> None:
        barrier.wait()
        while True:
            body = client.signature()
            start = time.monotonic()
            if start >= deadline[0]:
                return
            try:
                status, response, content = client.request("POST", endpoint.path, body, endpoint.referer)
                accepted = endpoint.accept(status, response)
            except (OSError, http.client.HTTPException) as error:
                client.conn.close()
                status, accepted, content = 0, False, repr(error).encode()
            end = time.monotonic()
            if end > deadline[0]:
                tally.late += accepted
                return
            if accepted:
                tally.ok += 1
                tally.latencies.append(end - start)
            else:
                tally.statuses[str(status)] += 1
                if not tally.sample_failure:
                    tally.sample_failure = f"{status}: {content[:300]!r}"

    threads = [
        threading.Thread(target=work, args=pair, daemon=True) for pair in zip(clients, tallies, strict=True)
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


def open_pages(site: Site, pool: list[Client]) -> str:
    """Every client loads the campaign page; returns the one path the petition form posts to."""
    actions = {client.open_campaign(site.campaign_path) for client in pool}
    if len(actions) != 1:
        raise SystemExit(f"The petition form posts to {actions}")
    return actions.pop()


def endpoints(site: Site, sign_path: str) -> tuple[Endpoint, Endpoint]:
    bare = Endpoint("bare", "/bench/bare/", "/bench/bare/", lambda status, response: status == 200)
    petition = Endpoint(
        "petition",
        sign_path,
        site.campaign_path,
        lambda status, response: (
            status == 302 and (response.getheader("Location") or "").endswith("/thanks/")
        ),
    )
    return bare, petition


# --- checks in the database -------------------------------------------------------------------


@dataclass
class Checks:
    lines: list[tuple[bool, str]] = field(default_factory=list)

    def expect(self, ok: bool, text: str) -> None:
        self.lines.append((ok, text))

    @property
    def passed(self) -> bool:
        return all(ok for ok, _text in self.lines)


def check_database(site: Site, petitions: int, bares: int) -> Checks:
    from django.db import connection
    from django.db.models import Sum
    from django_tasks_db.models import DBTaskResult

    from bench.intake.urls import BARE_TABLE
    from chorus.actions import counters
    from chorus.actions.models import Action, ActionCount
    from chorus.delivery.models import Outbox
    from chorus.supporters.models import Consent, Supporter

    checks = Checks()
    actions = Action.objects.filter(page_id=site.page_id, kind=Action.Kind.PETITION)
    n = actions.count()
    states = dict(Counter(actions.values_list("state", flat=True)))
    checks.expect(n == petitions, f"petition actions in the database: {n} (302 responses: {petitions})")
    checks.expect(
        states.get(Action.State.PENDING, 0) == n,
        f"states: {states} (all pending, none flagged)",
    )
    if states.get(Action.State.FLAGGED):
        reasons = Counter(actions.filter(state=Action.State.FLAGGED).values_list("flag_reason", flat=True))
        checks.expect(False, f"flag reasons: {dict(reasons)}")
    sealed = actions.filter(sealed_details__isnull=False, sealed_with__isnull=False).count()
    checks.expect(sealed == n, f"actions with sealed details: {sealed}")
    supporters = Supporter.objects.filter(actions__in=actions).distinct().count()
    checks.expect(supporters == n, f"distinct supporters (blind index): {supporters}")
    consents = Consent.objects.filter(action__in=actions, purpose=Consent.Purpose.ACTION).count()
    checks.expect(consents == n, f"consent records: {consents}")
    mails = Outbox.objects.filter(action__in=actions, kind=Outbox.Kind.CONFIRMATION)
    queued = mails.filter(state=Outbox.State.QUEUED, payload__isnull=False).count()
    sent = mails.filter(state=Outbox.State.SENT, payload__isnull=True).count()
    checks.expect(
        mails.count() == n and queued + sent == n,
        f"confirmation mails in the outbox: {mails.count()} ({queued} queued with an encrypted payload, "
        f"{sent} sent by the worker, payload removed)",
    )
    tasks = DBTaskResult.objects.filter(task_path__endswith="send_outbox_message").count()
    checks.expect(tasks == n, f"send tasks (each committed with its action): {tasks}")
    shard_sum = (
        ActionCount.objects.filter(page_id=site.page_id, bucket=ActionCount.Bucket.UNCONFIRMED).aggregate(
            total=Sum("value")
        )["total"]
        or 0
    )
    shards = ActionCount.objects.filter(page_id=site.page_id).count()
    checks.expect(shard_sum == n, f"unconfirmed counter (sum of {shards} shard rows): {shard_sum}")
    exact = counters.reconcile_counts(site.page_id)
    checks.expect(
        exact.unconfirmed == shard_sum, f"counter after reconciliation from the rows: {exact.unconfirmed}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {BARE_TABLE}")  # noqa: S608 - constant table name
        rows = cursor.fetchone()
    bare_rows = int(rows[0]) if rows else 0
    checks.expect(bare_rows == bares, f"bare rows in the database: {bare_rows} (200 responses: {bares})")
    return checks


# --- profiling --------------------------------------------------------------------------------


# Where a request's time goes: (label, file the function is in, function name). Times are
# cumulative (a function includes what it calls), per profiled request.
BREAKDOWN = [
    ("whole request in Django (WSGI handler)", "django/core/handlers/wsgi.py", "__call__"),
    ("  the view (everything below it)", "django/core/handlers/base.py", "_get_response"),
    ("    bare view", "bench/intake/urls.py", "bare"),
    ("    Wagtail serve", "wagtail/views.py", "serve"),
    ("      find the site (Site.find_for_request)", "wagtail/models/sites.py", "find_for_request"),
    ("      route to the page (HomePage.route)", "chorus/news/models.py", "route"),
    ("      CampaignPage.sign", "chorus/campaigns/models.py", "sign"),
    ("        CampaignPage.action_page_id", "chorus/campaigns/models.py", "action_page_id"),
    ("        form validation (is_valid)", "django/forms/forms.py", "is_valid"),
    ("        record_action", "chorus/actions/services.py", "record_action"),
    ("          is_paused", "chorus/actions/services.py", "is_paused"),
    ("          _existing (replay + blind index lookups)", "chorus/actions/services.py", "_existing"),
    ("          anti_abuse.assess", "chorus/actions/anti_abuse.py", "assess"),
    ("          get_or_create_supporter", "chorus/supporters/services.py", "get_or_create_supporter"),
    ("          seal_details (key lookup + SealedBox)", "chorus/supporters/services.py", "seal_details"),
    ("            nacl seal", "chorus/supporters/crypto.py", "seal"),
    ("          counters.move", "chorus/actions/counters.py", "move"),
    ("          record_consent", "chorus/supporters/services.py", "record_consent"),
    ("          _queue_confirmation", "chorus/actions/services.py", "_queue_confirmation"),
    ("            queue_mail", "chorus/delivery/services.py", "queue_mail"),
    ("          atomic exits (savepoints, commit, on_commit)", "django/db/transaction.py", "__exit__"),
    ("            enqueue_send (task row, autocommit)", "chorus/delivery/services.py", "enqueue_send"),
    ("  all SQL statements (psycopg execute)", "psycopg/cursor.py", "execute"),
    ("  all commits (psycopg commit)", "psycopg/connection.py", "commit"),
]


def profile_endpoint(
    site: Site, endpoint: Endpoint, clients: int, seconds: float, run_id: str, log: TextIO
) -> None:
    """Drive one endpoint under the profiling config; print where a request's time goes."""
    directory = Path(tempfile.mkdtemp(prefix=f"chorus-bench-profile-{endpoint.name}-"))
    env = {"CHORUS_BENCH_PROFILE_DIR": str(directory)}
    with gunicorn("python:bench.intake.gunicorn_profile", log, env) as port:
        pool = [Client(port, 200 + number, f"{run_id}{endpoint.name}") for number in range(clients)]
        open_pages(site, pool)
        tally = drive(endpoint, pool, seconds)
    summaries = [json.loads(path.read_text()) for path in directory.glob("worker-*.json")]
    requests = sum(s["requests"] for s in summaries)
    if not requests:
        print(f"\nProfile of {endpoint.name}: no request was profiled (see the gunicorn log).")
        return
    queries = sum(s["queries"] for s in summaries)
    in_db = sum(s["query_seconds"] for s in summaries)
    busy = sum(s["request_seconds"] for s in summaries)
    print(
        f"\nProfile of {endpoint.name} ({requests} requests profiled after warm-up; "
        f"{tally.ok} accepted in {seconds:.0f} s under cProfile, which slows Python code down):"
    )
    print(
        f"  per request: {busy / requests * 1000:.1f} ms in the worker, {queries / requests:.1f} SQL statements "
        f"taking {in_db / requests * 1000:.1f} ms (send, server work, wait)"
    )
    stats = pstats.Stats(*[str(path) for path in directory.glob("worker-*.prof")])
    table: dict[tuple[str, str], tuple[int, float]] = {}
    for (filename, _line, function), (_cc, calls, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for _label, suffix, name in BREAKDOWN:
            if function == name and filename.endswith(suffix):
                old_calls, old_time = table.get((suffix, name), (0, 0.0))
                table[(suffix, name)] = (old_calls + calls, old_time + cumulative)
    print(f"  {'where':<52} {'ms/request':>10} {'calls/request':>14}")
    for label, suffix, name in BREAKDOWN:
        if (suffix, name) in table:
            calls, cumulative = table[(suffix, name)]
            print(f"  {label:<52} {cumulative / requests * 1000:>10.2f} {calls / requests:>14.1f}")
    statements: list[str] = next((s["statements"] for s in summaries if s["statements"]), [])
    print(f"  the {len(statements)} SQL statements of one request:")
    for statement in statements:
        print(f"    {statement}")
    stats.stream = sys.stdout  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(15)
    print(f"  profiles kept in {directory} (python -m pstats {directory}/worker-*.prof)")


# --- main -------------------------------------------------------------------------------------


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else 0.0


def describe(name: str, tally: Tally, seconds: float) -> str:
    latencies = sorted(tally.latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else 0.0
    p95 = latencies[int(len(latencies) * 0.95)] * 1000 if latencies else 0.0
    failures = f", failures {dict(tally.statuses)}" if tally.statuses else ""
    return (
        f"{name:<9} {rate(tally.ok, seconds):8.1f} req/s  ({tally.ok} in {seconds:.0f} s; "
        f"latency p50 {p50:.1f} ms, p95 {p95:.1f} ms{failures})"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one timed round per endpoint")
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds (bare, petition, bare, ...)"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections (threads)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per endpoint")
    parser.add_argument("--profile", action="store_true", help="profile both endpoints afterwards")
    parser.add_argument("--profile-seconds", type=float, default=10.0)
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database behind")
    parser.add_argument(
        "--no-worker", action="store_true", help="only the rounds without the task worker and scheduler"
    )
    parser.add_argument(
        "--synchronous-commit",
        choices=["on", "off"],
        default="on",
        help="diagnosis only: 'off' takes the WAL flush out of every commit (bench database only)",
    )
    return parser.parse_args(argv)


def rounds(
    args: argparse.Namespace, bare: Endpoint, petition: Endpoint, pool: list[Client]
) -> dict[str, Tally]:
    """The alternating timed rounds (bare, petition, bare, ...), printed as they go."""
    totals = {"bare": Tally(), "petition": Tally()}
    for number in range(1, args.rounds + 1):
        for endpoint in (bare, petition):
            tally = drive(endpoint, pool, args.seconds)
            totals[endpoint.name].add(tally)
            print(f"  round {number}: {describe(endpoint.name, tally, args.seconds)}", flush=True)
    return totals


def report(phase: str, totals: dict[str, Tally], measured: float) -> float:
    bare_rate = rate(totals["bare"].ok, measured)
    petition_rate = rate(totals["petition"].ok, measured)
    ratio = petition_rate / bare_rate if bare_rate else 0.0
    print(f"  {phase}:")
    print(f"    {describe('bare', totals['bare'], measured)}")
    print(f"    {describe('petition', totals['petition'], measured)}")
    verdict = "meets" if ratio >= GOAL else "is under"
    print(f"    ratio petition/bare: {ratio:.2f} ({verdict} the goal of {GOAL})")
    for name, tally in totals.items():
        if tally.sample_failure:
            print(f"    first {name} failure: {tally.sample_failure}")
    return petition_rate


def measure(args: argparse.Namespace, site: Site, log_path: Path, run_id: str) -> int:
    """Warm up, run the alternating rounds without and then with the task worker and the
    scheduler running, print the rates and the checks; 0 if they pass."""
    petitions_total = bares_total = 0
    load_before = os.getloadavg()[0]
    phases: dict[str, dict[str, Tally]] = {}
    with (
        log_path.open("w") as log,
        gunicorn("python:chorus.gunicorn_conf", log) as port,
        smtp_sink() as sink,
    ):
        pool = [Client(port, number, run_id) for number in range(args.clients)]
        sign_path = open_pages(site, pool)
        bare, petition = endpoints(site, sign_path)
        warm_bare = drive(bare, pool, args.warmup)
        warm_petition = drive(petition, pool, args.warmup)
        bares_total += warm_bare.ok + warm_bare.late
        petitions_total += warm_petition.ok + warm_petition.late
        if not warm_petition.ok or not warm_bare.ok:
            print(describe("bare", warm_bare, args.warmup))
            print(describe("petition", warm_petition, args.warmup))
            print(f"Warm-up failed: {warm_bare.sample_failure or warm_petition.sample_failure}")
            print(f"gunicorn log: {log_path}")
            return 1
        print(
            f"  petition form posts to {sign_path}\n"
            f"  gunicorn on 127.0.0.1:{port}, {WORKERS} sync workers; {args.clients} client connections; "
            f"{args.rounds} rounds of {args.seconds:.0f} s per endpoint, alternating\n",
            flush=True,
        )
        print("  Without the task worker (nothing else uses the database):", flush=True)
        phases["without the task worker"] = rounds(args, bare, petition, pool)
        if not args.no_worker:
            print("\n  With the task worker and the scheduler running (as in production):", flush=True)
            with background_jobs(log, sink.server_address[1]):
                # First the mails of the rounds before (a backlog is not the steady state).
                drain_outbox(site)
                phases["with the task worker and scheduler"] = rounds(args, bare, petition, pool)
                # The worker sends what the rounds queued before it is stopped.
                drain_outbox(site)
        for totals in phases.values():
            bares_total += totals["bare"].ok + totals["bare"].late
            petitions_total += totals["petition"].ok + totals["petition"].late
        delivered = sink.delivered

    measured = args.seconds * args.rounds
    print("\nResults")
    rates = {phase: report(phase, totals, measured) for phase, totals in phases.items()}
    if len(rates) == 2:
        without, with_worker = rates.values()
        share = with_worker / without if without else 0.0
        print(f"  petitions/s with the worker running: {share:.2f}× those without")
        print(f"  mails the worker delivered to the SMTP sink: {delivered}")
    print(
        f"  machine: {os.cpu_count()} CPUs; load average {load_before:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end"
    )
    if args.synchronous_commit != "on":
        print(f"  DIAGNOSTIC RUN: synchronous_commit = {args.synchronous_commit} on the bench database")

    print("\nChecks (database after the run)")
    checks = check_database(site, petitions_total, bares_total)
    for ok, text in checks.lines:
        print(f"  [{'ok' if ok else 'FAIL'}] {text}")

    if args.profile:
        from django.db import connection

        connection.close()
        with log_path.open("a") as log:
            for endpoint in (bare, petition):
                profile_endpoint(site, endpoint, args.clients, args.profile_seconds, run_id, log)
    return 0 if checks.passed else 1


def drain_outbox(site: Site, patience: float = 120.0) -> None:
    """Wait (up to `patience` seconds) until no confirmation mail of the campaign is queued."""
    from django.db import connection

    from chorus.delivery.models import Outbox

    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        waiting = Outbox.objects.filter(
            action__page_id=site.page_id, state__in=[Outbox.State.QUEUED, Outbox.State.SENDING]
        ).count()
        if not waiting:
            break
        time.sleep(0.5)
    connection.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    database_url = os.environ.get(
        "CHORUS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chorus_bench"
    )
    if not postgres_reachable(database_url):
        server = urlsplit(database_url)
        print(f"PostgreSQL not reachable at {server.hostname}:{server.port or 5432}: skipping bench/intake.")
        return 0

    var_dir = tempfile.mkdtemp(prefix="chorus-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.intake.settings"
    os.environ["CHORUS_VAR_DIR"] = var_dir
    os.environ["CHORUS_BENCH_DATABASE_URL"] = database_url
    # Fresh secrets for every run; gunicorn inherits them, so the form tokens this process
    # signs are the ones the workers accept.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
    os.environ["CHORUS_SERVER_KEY"] = base64.b64encode(secrets.token_bytes(32)).decode()

    started = time.monotonic()
    name = recreate_database(database_url, args.synchronous_commit)
    try:
        print(f"bench/intake: database {name}, migrating and loading the demo campaign...", flush=True)
        site = prepare_site()
        print(f"  ready in {time.monotonic() - started:.0f} s; campaign {site.campaign_path}", flush=True)
        return measure(args, site, Path(var_dir) / "gunicorn.log", secrets.token_hex(3))
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep_db:
            print(f"\nDatabase {name} kept; gunicorn log and page cache in {var_dir}.")
        else:
            drop_database(database_url)


if __name__ == "__main__":
    sys.exit(main())
