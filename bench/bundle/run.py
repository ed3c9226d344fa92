"""bench/bundle: seconds and peak memory to build a delivery bundle of 1,000 and 10,000 signatories.

A throwaway SQLite database under var/ gets three joint letter campaigns: one with no
signatories (the **baseline**: the cover letter alone, plus starting Python, Django and typst),
one with 1,000 and one with 10,000 approved signatures of confirmed actions, in a realistic
mix of scripts (Thai, Khmer, Korean, Chinese, Latin), countries and organisation types, with
individuals among them, their lines encrypted with the server key as the site stores them until
they are listed (Action and Signature rows bulk-created directly: bench only).

Each bundle is built by `chorus.handover.services.bundles.build_bundle` (what the task runs) in a fresh
subprocess, so each size starts cold and its peak RSS is its own; the sizes alternate over the
rounds so load from other work hits them alike. Reported per size: the median seconds of
build_bundle, the peak RSS of the process (ru_maxrss of RUSAGE_SELF; RUSAGE_CHILDREN too, in
case a future version shells out), pages and file size.

Goal: 10,000 signatories in ≤ 10 s and ≤ 300 MiB peak RSS, memory roughly flat from 1,000 to
10,000 (the difference reported). Exits non-zero only when a bundle fails or lacks pages.

    .venv/bin/python -m bench.bundle.run [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = ROOT / "var" / "bench-bundle.sqlite3"
SIZES = (0, 1_000, 10_000)
GOAL_SECONDS = 10.0
GOAL_MIB = 300.0


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "chorus.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    import django

    django.setup()


# Names as people write them, in each script; a number makes each one unique.
ORGANISATIONS = [
    "มูลนิธิเอ็มพาวเวอร์",
    "เครือข่ายพนักงานบริการ",
    "សមាគមស្ត្រីធ្វើការ",
    "អង្គការសុខភាពសហគមន៍",
    "한국성노동자네트워크",
    "인권운동사랑방",
    "广州社区健康中心",
    "香港性工作者協會",
    "台灣性工作者權益促進會",
    "Scarlet Alliance",
    "Sex Workers Outreach Project",
    "Asia Pacific Network of Sex Workers",
    "Red Umbrella Fund",
]
PEOPLE = [
    "สมชาย ใจดี",
    "นภา ศรีสุข",
    "សុខ ស្រីពៅ",
    "ចាន់ ដារា",
    "김지현",
    "이서연",
    "王小明",
    "李娜",
    "陳美玲",
    "Alex Morgan",
    "Jo Walker",
]
ROLES = ["Researcher", "นักวิจัย", "변호사", "社工", "Nurse", "Peer educator"]
COUNTRIES = [
    "TH",
    "TH",
    "TH",
    "KH",
    "KH",
    "KR",
    "KR",
    "CN",
    "HK",
    "TW",
    "AU",
    "AU",
    "NZ",
    "MY",
    "PH",
    "VN",
    "ID",
    "GB",
    "US",
]
CITIES = ["Chiang Mai", "เชียงใหม่", "ភ្នំពេញ", "서울", "广州", "香港", "Sydney", "Manila", ""]


def remove_database() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)


def build_database() -> dict[int, int]:
    """Migrate a fresh database and make one campaign per size; returns size → action page id."""
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from chorus.actions.models import Action
    from chorus.campaigns.review import Review
    from chorus.core.locales import ensure_locales
    from chorus.jointletters.models import JointLetterPage
    from chorus.jointletters.signatures import PrintedLine, Signature

    call_command("migrate", verbosity=0, interactive=False)
    ensure_locales()
    root = Page.get_first_root_node()
    assert root is not None
    randomiser = random.Random(20261128)
    retain = timezone.now() + timezone.timedelta(days=365)
    types = Signature.OrganisationType.values
    pages = {}
    for size in SIZES:
        page = JointLetterPage(
            title=f"Joint letter with {size} signatories",
            slug=f"bench-bundle-{size}",
            locale=Locale.get_default(),
            joint_letter_recipient="H.E. the Ambassador of the Kingdom of Thailand",
            joint_letter_text="<p>Your Excellency,</p>"
            + "<p>We, the undersigned, ask you to end the raids. </p>" * 6,
        )
        root.add_child(instance=page)
        pages[size] = page.pk
        for start in range(0, size, 2_000):
            count = min(2_000, size - start)
            actions = Action.objects.bulk_create(
                Action(
                    page_id=page.pk,
                    kind=Action.Kind.JOINT_LETTER,
                    state=Action.State.CONFIRMED,
                    language="en",
                    submission_key=f"bench-{start + n}",
                    retain_until=retain,
                )
                for n in range(count)
            )
            rows = []
            for number, action in enumerate(actions, start=start):
                individual = randomiser.random() < 0.3
                # Drawn in the order the bench always drew them, so the data stays the same.
                name = f"{randomiser.choice(PEOPLE if individual else ORGANISATIONS)} {number}"
                organisation_type = "" if individual else randomiser.choice(types)
                role = randomiser.choice(ROLES) if individual else ""
                country, city = randomiser.choice(COUNTRIES), randomiser.choice(CITIES)
                signature = Signature(
                    action=action,
                    page_id=page.pk,
                    signer_type="individual" if individual else "organisation",
                    organisation_type=organisation_type,
                    country=country,
                    website="" if individual else f"https://example.org/members/{number}",
                    language="en",
                    review=Review.APPROVED,
                )
                # As the site stores them: individuals (not listed here) encrypted with the server key.
                signature.keep_line(PrintedLine(name, role, city))
                rows.append(signature)
            Signature.objects.bulk_create(rows)
    return pages


def render_one(page_id: int) -> dict[str, float]:
    """In a fresh process: build one bundle as the task does; report time and memory."""
    from django.conf import settings

    from chorus.handover.models import DeliveryBundle
    from chorus.handover.services import bundles as bundle

    settings.CHORUS_BUNDLE_DIR = ROOT / "var" / "bench-bundles"
    item = DeliveryBundle.objects.create(page_id=page_id, language="en")
    start = time.perf_counter()
    result = bundle.build_bundle(item.pk)
    seconds = time.perf_counter() - start
    item.refresh_from_db()
    path = bundle.bundle_path(item)
    size = path.stat().st_size if path else 0
    if path:
        path.unlink()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "rss_mib": own,
        "children_mib": children,
        "pages": float(result.split()[0]) if result.endswith("pages") else 0.0,
        "bytes": float(size),
        "done": float(item.done),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--render", type=int, help=argparse.SUPPRESS)  # the subprocess's job
    arguments = parser.parse_args()
    if arguments.render:
        _setup()
        print(json.dumps(render_one(arguments.render)))
        return 0

    DATABASE.parent.mkdir(exist_ok=True)
    remove_database()
    _setup()
    load_before = os.getloadavg()
    made = time.perf_counter()
    pages = build_database()
    print(f"database with {sum(SIZES):,} signatures made in {time.perf_counter() - made:.0f} s")

    results: dict[int, list[dict[str, float]]] = {size: [] for size in SIZES}
    broken = False
    for round_number in range(arguments.rounds):
        order = SIZES if round_number % 2 == 0 else tuple(reversed(SIZES))
        for size in order:
            run = subprocess.run(
                [sys.executable, "-m", "bench.bundle.run", "--render", str(pages[size])],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode != 0:
                print(run.stderr, file=sys.stderr)
                broken = True
                continue
            result = json.loads(run.stdout.strip().splitlines()[-1])
            if not result["pages"] or result["done"] != size:
                print(f"{size}: bundle failed or incomplete: {result}", file=sys.stderr)
                broken = True
            results[size].append(result)
    load_after = os.getloadavg()
    from django.db import connections

    connections.close_all()
    remove_database()
    shutil.rmtree(ROOT / "var" / "bench-bundles", ignore_errors=True)

    from importlib.metadata import version

    print(
        f"bench/bundle: {arguments.rounds} rounds; typst {version('typst')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print()
    print("| signatories | build_bundle median s (min–max) | peak RSS MiB (max) | pages | PDF MiB |")
    print("|---|---|---|---|---|")
    summary = {}
    for size in SIZES:
        runs = results[size]
        if not runs:
            continue
        seconds = [run["seconds"] for run in runs]
        rss = max(max(run["rss_mib"], run["children_mib"]) for run in runs)
        summary[size] = (statistics.median(seconds), rss)
        label = f"{size:,}" + (" (baseline: cover letter only)" if size == 0 else "")
        print(
            f"| {label} | {statistics.median(seconds):.2f} ({min(seconds):.2f}–{max(seconds):.2f}) "
            f"| {rss:.0f} | {runs[0]['pages']:.0f} | {runs[0]['bytes'] / 2**20:.1f} |"
        )
    print()
    if 1_000 in summary and 10_000 in summary and 0 in summary:
        seconds, rss = summary[10_000]
        growth = rss - summary[1_000][1]
        print(
            f"memory from 1,000 to 10,000 signatories: {growth:+.0f} MiB (baseline {summary[0][1]:.0f} MiB)"
        )
        verdict = "met" if seconds <= GOAL_SECONDS and rss <= GOAL_MIB else "missed"
        print(f"goal: 10,000 in ≤ {GOAL_SECONDS:.0f} s and ≤ {GOAL_MIB:.0f} MiB peak RSS: {verdict}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
