"""bench/letters: milliseconds per personalised one-page letter, and what our code adds to typst.

For each language (en, th, zh-hans, km) and each round, two fresh personalised letters (a
different supporter name, city and personal paragraph each time, so typst's memoisation cannot
replay an earlier letter):

- **render_letter_pdf**: the whole public call: LetterData → cleaning → JSON → the lock → the
  process's compiler → PDF bytes;
- **bare compile**: the same kind of document, JSON made beforehand, straight into
  `Compiler.compile()` on the same compiler in the same run: the floor our code sits on.

The two alternate within a round, so load from other work on the machine hits both alike. Then,
for the daily digest, one `render_letters_pdf` of 100 letters (ms per page), and the DOCX of the
same letter for comparison. Goal: render_letter_pdf median ≤ 20 ms. Exits non-zero only when a
rendered PDF is not one page (a broken benchmark), not when the goal is missed.

    .venv/bin/python -m bench.letters.run [--rounds 200]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings.test")
django.setup()

from importlib.metadata import version  # noqa: E402

from chorus.typesetting import pdf as letters_pdf  # noqa: E402
from chorus.typesetting.data import LetterData  # noqa: E402
from chorus.typesetting.examples import example_letter  # noqa: E402
from chorus.typesetting.services import render_letter_docx, render_letter_pdf, render_letters_pdf  # noqa: E402

LANGUAGES = ("en", "th", "zh-hans", "km")
GOAL_MS = 20.0
WARM_UP = 10

# Supporters' names and cities in each script; the round number makes every letter unique.
PEOPLE = {
    "en": (["Alex Morgan", "Sam Lee", "Jo Walker"], ["Sydney", "Melbourne", "Perth"]),
    "th": (["สมชาย ใจดี", "นภา ศรีสุข", "วิไล พงษ์ดี"], ["เชียงใหม่", "ขอนแก่น", "ภูเก็ต"]),
    "zh-hans": (["王小明", "李娜", "张伟"], ["广州", "深圳", "昆明"]),
    "km": (["សុខ ស្រីពៅ", "ចាន់ ដារា", "គឹម សុភា"], ["ភ្នំពេញ", "សៀមរាប", "បាត់ដំបង"]),
}
PERSONAL = {
    "en": "I have volunteered with the outreach team for {n} months and I ask you to listen.",
    "th": "ข้าพเจ้าเป็นอาสาสมัครกับทีมลงพื้นที่มา {n} เดือนและขอให้ท่านรับฟังเสียงของพวกเรา",
    "zh-hans": "我在外展团队做了{n}个月的志愿者，恳请您倾听我们的声音。",
    "km": "ខ្ញុំបានធ្វើការស្ម័គ្រចិត្តជាមួយក្រុមចុះមូលដ្ឋានអស់រយៈពេល {n} ខែ ហើយសូមឯកឧត្តមស្តាប់សំឡេងរបស់យើង។",
}


def personalised(language: str, number: int) -> LetterData:
    names, cities = PEOPLE[language]
    name = f"{names[number % len(names)]} {number}"
    base = example_letter(language)
    return example_letter(
        language,
        signature=name,
        sender_lines=[name, cities[number % len(cities)], base.sender_lines[-1]],
        paragraphs=[*base.paragraphs[:2], PERSONAL[language].format(n=number)],
    )


@dataclass
class Timings:
    wall: list[float] = field(default_factory=list)  # ms on the clock
    cpu: list[float] = field(default_factory=list)  # ms of CPU used by this process, all threads


def timed(action: Callable[[], bytes], into: Timings | None = None) -> tuple[float, bytes]:
    """Run `action`; record its wall and CPU milliseconds. The CPU time barely moves when
    other work shares the machine, the wall time does: the table shows both."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall_ms, cpu_ms = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    if into is not None:
        into.wall.append(wall_ms)
        into.cpu.append(cpu_ms)
    return wall_ms, result


def pages(pdf: bytes) -> int:
    """Pages in a typst PDF, from its page tree root (`make bench` installs no PDF reader)."""
    match = re.search(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf)
    return int(match.group(1)) if match else 0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bare_compile(document: str) -> bytes:
    compiler = letters_pdf._state.compiler
    assert compiler is not None
    result = compiler.compile(format="pdf", sys_inputs={"data": document})
    assert isinstance(result, bytes)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds

    load_before = os.getloadavg()
    start = time.perf_counter()
    render_letter_pdf(example_letter("en"))  # first use: font folder, compiler, font parsing
    first_use_ms = (time.perf_counter() - start) * 1000

    rows = []
    broken = False
    for language in LANGUAGES:
        for number in range(WARM_UP):
            render_letter_pdf(personalised(language, 10_000 + number))
        ours, bare = Timings(), Timings()
        for number in range(rounds):
            letter = personalised(language, 2 * number)
            document = letters_pdf.letters_document([personalised(language, 2 * number + 1)], "a4")
            steps: list[tuple[Timings, Callable[[], bytes]]] = [
                (ours, partial(render_letter_pdf, letter)),
                (bare, partial(bare_compile, document)),
            ]
            for results, action in steps if number % 2 == 0 else reversed(steps):
                _, pdf = timed(action, results)
                if number == 0 and pages(pdf) != 1:
                    print(f"{language}: the letter is not one page", file=sys.stderr)
                    broken = True
        docx = Timings()
        for number in range(20):
            timed(partial(render_letter_docx, personalised(language, number)), docx)
        rows.append((language, ours, bare, docx))

    digest_letters = [personalised(LANGUAGES[n % len(LANGUAGES)], 50_000 + n) for n in range(100)]
    digest_ms, digest_pdf = timed(partial(render_letters_pdf, digest_letters))
    digest_pages = pages(digest_pdf)
    load_after = os.getloadavg()

    print(
        f"bench/letters: {rounds} letters per language and side; typst {version('typst')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(f"first letter of the process (fonts and compiler): {first_use_ms:.0f} ms")
    print()
    print(
        "| language | render_letter_pdf median ms (CPU) | p90 ms | bare compile median ms (CPU) "
        "| p90 ms | our overhead ms (CPU) | DOCX median ms (CPU) |"
    )
    print("|---|---|---|---|---|---|---|")
    medians = []
    for language, ours, bare, docx in rows:
        median = statistics.median(ours.wall)
        medians.append(median)
        overhead = median - statistics.median(bare.wall)
        cpu_overhead = statistics.median(ours.cpu) - statistics.median(bare.cpu)
        print(
            f"| {language} | {median:.1f} ({statistics.median(ours.cpu):.1f}) | {percentile(ours.wall, 0.9):.1f} "
            f"| {statistics.median(bare.wall):.1f} ({statistics.median(bare.cpu):.1f}) "
            f"| {percentile(bare.wall, 0.9):.1f} | {overhead:+.1f} ({cpu_overhead:+.1f}) "
            f"| {statistics.median(docx.wall):.1f} ({statistics.median(docx.cpu):.1f}) |"
        )
    print()
    print(
        f"digest: {len(digest_letters)} letters (mixed languages) in one render_letters_pdf: "
        f"{digest_pages} pages in {digest_ms:.0f} ms = {digest_ms / digest_pages:.1f} ms per page"
    )
    verdict = "met" if max(medians) <= GOAL_MS else "missed"
    print(f"goal: median ≤ {GOAL_MS:.0f} ms per letter in every language: {verdict}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
