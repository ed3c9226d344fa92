"""bench/dashboard: the results dashboard of a campaign with 1,000 and with 1,000,000 actions.

A throwaway SQLite database under var/ gets two petitions: one with 1,000 actions (the
**baseline**) and one with `--large` (default 1,000,000), bulk-created in a realistic mix of
the six languages, a dozen countries and the four states, spread over the last 120 days, then
rolled up by `chorus.actions.counters.rebuild_rollups` (what a repair or an import runs; the
intake keeps them with each action). Both dashboards are then rendered through the real admin
view (`GET /admin/results/<id>/`, a logged-in superuser with a second factor, as staff are),
alternating sizes over the rounds so load from other work hits them alike, and each render's
SQL queries are counted.

Goal: the large dashboard renders within 1.5× of the baseline's median time, with the same
number of queries (its cost reads rollup rows, not actions). Exits non-zero when a render
fails or the query counts differ.

    .venv/bin/python -m bench.dashboard.run [--large 1000000] [--rounds 15]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATABASE = ROOT / "var" / "bench-dashboard.sqlite3"
BASELINE = 1_000
GOAL_RATIO = 1.5
DAYS = 120
BATCH = 20_000

LANGUAGES = ["en", "en", "th", "th", "th", "km", "km", "ko", "zh-hans", "zh-hant"]
COUNTRIES = ["TH", "TH", "TH", "KH", "KH", "KR", "AU", "AU", "CN", "HK", "TW", "MY", "PH", "VN", ""]
STATES = ["confirmed"] * 6 + ["pending"] * 3 + ["flagged", "invalidated"]


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "chorus.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    import django

    django.setup()


def remove_database() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)


def build_database(sizes: tuple[int, ...]) -> dict[int, int]:
    """Migrate a fresh database and make one petition per size; returns size → page id."""
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from chorus.actions import counters
    from chorus.actions.models import Action
    from chorus.core.locales import ensure_locales
    from chorus.petitions.models import PetitionPage

    call_command("migrate", verbosity=0, interactive=False)
    ensure_locales()
    root = Page.get_first_root_node()
    assert root is not None
    randomiser = random.Random(20261207)
    now = timezone.now()
    retain = now + datetime.timedelta(days=365)
    # Bench only: write created_at as given (the model stamps it with the time of the insert).
    Action._meta.get_field("created_at").auto_now_add = False  # type: ignore[attr-defined]
    pages = {}
    for size in sizes:
        page = PetitionPage(
            title=f"Petition with {size} actions", slug=f"bench-dashboard-{size}", locale=Locale.get_default()
        )
        root.add_child(instance=page)
        pages[size] = page.pk
        for start in range(0, size, BATCH):
            Action.objects.bulk_create(
                Action(
                    page_id=page.pk,
                    kind=Action.Kind.PETITION,
                    state=randomiser.choice(STATES),
                    language=randomiser.choice(LANGUAGES),
                    country=randomiser.choice(COUNTRIES),
                    submission_key=f"bench-{start + n}",
                    retain_until=retain,
                    # Denser towards today, as a campaign's actions are.
                    created_at=now - datetime.timedelta(seconds=DAYS * 86400 * randomiser.random() ** 2),
                )
                for n in range(min(BATCH, size - start))
            )
        counters.rebuild_rollups(page.pk)
    return pages


def client_for_superuser() -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.mfa import log_in_with_totp

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-only")
    return log_in_with_totp(Client(), user)


def render(client: Any, page_id: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(f"/admin/results/{page_id}/")
        seconds = time.perf_counter() - start
    if response.status_code != 200 or b"<svg" not in response.content:
        raise RuntimeError(f"dashboard {page_id}: HTTP {response.status_code}")
    return seconds, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=15)
    arguments = parser.parse_args()
    sizes = (BASELINE, arguments.large)

    DATABASE.parent.mkdir(exist_ok=True)
    remove_database()
    _setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.content and template signals
    load_before = os.getloadavg()
    made = time.perf_counter()
    pages = build_database(sizes)
    print(f"database with {sum(sizes):,} actions made and rolled up in {time.perf_counter() - made:.0f} s")

    from chorus.actions.models import ActionRollup

    rows = {size: ActionRollup.objects.filter(page_id=pages[size]).count() for size in sizes}
    client = client_for_superuser()
    for size in sizes:  # warm: templates, translations, the session
        render(client, pages[size])
    results: dict[int, list[tuple[float, int]]] = {size: [] for size in sizes}
    for round_number in range(arguments.rounds):
        for size in sizes if round_number % 2 == 0 else tuple(reversed(sizes)):
            results[size].append(render(client, pages[size]))
    load_after = os.getloadavg()

    from django.db import connections

    connections.close_all()
    remove_database()
    print(
        f"bench/dashboard: {arguments.rounds} rounds; SQLite, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print()
    print("| actions | rollup rows | render median ms (min–max) | queries |")
    print("|---|---|---|---|")
    medians = {}
    for size in sizes:
        seconds = [run[0] * 1000 for run in results[size]]
        queries = {run[1] for run in results[size]}
        medians[size] = statistics.median(seconds)
        label = f"{size:,}" + (" (baseline)" if size == BASELINE else "")
        print(
            f"| {label} | {rows[size]:,} | {medians[size]:.1f} ({min(seconds):.1f}–{max(seconds):.1f}) "
            f"| {', '.join(map(str, sorted(queries)))} |"
        )
    ratio = medians[arguments.large] / medians[BASELINE]
    same_queries = {run[1] for runs in results.values() for run in runs}
    print()
    print(
        f"ratio {arguments.large:,} / {BASELINE:,}: {ratio:.2f}× (goal ≤ {GOAL_RATIO}×: {'met' if ratio <= GOAL_RATIO else 'missed'})"
    )
    return 0 if len(same_queries) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
