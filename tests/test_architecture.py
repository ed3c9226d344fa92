"""The shape of the code (docs/architecture.md, "Checks that keep the shape"): pure AST, no database.

Four rules over chorus/ (migrations excepted), each with a ratchet of today's exceptions in
tests/architecture_allowances.toml: a new violation fails, a grown one fails, and an allowance
that is no longer exact (fixed, shrunk, or gone) fails too, so the list only shrinks.
The layer contracts are import-linter's, in pyproject.toml, run by `make lint`.
"""

from __future__ import annotations

import re
from collections import Counter
from textwrap import dedent

import pytest

from tests import architecture
from tests.architecture import RULES, Allowance, parse_module

ALLOWANCES = "tests/architecture_allowances.toml"
REWRITE = "`.venv/bin/python -m tests.architecture --write` rewrites it for the code as it is"


WHERE: dict[str, architecture.Where] = {}


@pytest.fixture(scope="module")
def found() -> dict[str, Counter[str]]:
    return architecture.findings(where=WHERE)


def _at(section: str, key: str) -> str:
    lines = WHERE.get(section, {}).get(key)
    return f" (line {', '.join(map(str, lines))})" if lines else ""


@pytest.fixture(scope="module")
def allowed() -> dict[str, dict[str, Allowance]]:
    return architecture.load_allowances()


@pytest.mark.parametrize("section", RULES)
def test_no_new_or_grown_violations(
    section: str, found: dict[str, Counter[str]], allowed: dict[str, dict[str, Allowance]]
) -> None:
    rule = RULES[section]
    problems = []
    for key, number in sorted(found[section].items()):
        allowance = allowed[section].get(key)
        if allowance is None:
            problems.append(f"{key}: {number} {rule.unit}{_at(section, key)}, new")
        elif number > allowance.number:
            problems.append(
                f"{key}: {number} {rule.unit}{_at(section, key)}, {allowance.number} allowed: it grew"
            )
    assert not problems, (
        f"{rule.title}:\n  " + "\n  ".join(problems) + f"\nFix: {rule.advice}.\n"
        f"The allowances in {ALLOWANCES} [{section}] are today's debts and only shrink; "
        "new code does not join them."
    )


@pytest.mark.parametrize("section", RULES)
def test_every_allowance_is_exact(
    section: str, found: dict[str, Counter[str]], allowed: dict[str, dict[str, Allowance]]
) -> None:
    """A fixed violation must leave the list: a stale allowance would let it come back."""
    rule = RULES[section]
    problems = []
    for key, allowance in sorted(allowed[section].items()):
        number = found[section].get(key, 0)
        if number == 0:
            problems.append(f"{key}: no longer a violation (fixed, renamed or moved): delete its entry")
        elif number < allowance.number:
            problems.append(
                f"{key}: now {number} {rule.unit}: lower its n from {allowance.number} to {number}"
            )
    assert not problems, (
        f"{rule.title}: stale allowances in {ALLOWANCES} [{section}]:\n  "
        + "\n  ".join(problems)
        + f"\n({REWRITE}; a renamed function that still violates keeps its reason by hand.)"
    )


def test_every_allowance_says_why(allowed: dict[str, dict[str, Allowance]]) -> None:
    unexplained = [
        f"[{section}] {key}"
        for section, entries in allowed.items()
        for key, allowance in entries.items()
        if not allowance.why.strip() or allowance.why.startswith("TODO")
    ]
    assert not unexplained, (
        f"Allowances in {ALLOWANCES} without a reason (say why it stays and which step removes it):\n  "
        + "\n  ".join(unexplained)
    )


def test_allowances_file_is_as_rendered(allowed: dict[str, dict[str, Allowance]]) -> None:
    """Sorted and complete, so two branches that each fix something merge without surprises."""
    with open(architecture.ALLOWANCES, encoding="utf-8") as handle:
        on_disk = handle.read()
    listed = {
        section: Counter({key: a.number for key, a in entries.items()})
        for section, entries in allowed.items()
    }
    assert on_disk == architecture.render_allowances(listed, allowed), (
        f"{ALLOWANCES} is not in its canonical form: {REWRITE}."
    )


# --- the detectors themselves: each one catches what it should, and only that ----------


def _writes(source: str, rel: str = "chorus/app/views.py") -> Counter[str]:
    return architecture.writes_outside_services([parse_module(dedent(source), rel)])


def test_writes_are_found_in_any_form() -> None:
    found = _writes(
        """
        from chorus.app.models import Thing

        def view(request, thing, things):
            Thing.objects.create(name="x")
            Thing.objects.filter(pk=1).update(name="y")
            Thing.objects.get_or_create(name="z")
            Thing.objects.bulk_create([Thing()])
            thing.save(update_fields=["name"])
            thing.delete()
            things.update(name="w")
            thing.children.create(name="v")
        """
    )
    assert found == Counter({"chorus/app/views.py:view": 8})


def test_writes_ignore_dicts_caches_files_and_model_definitions() -> None:
    found = _writes(
        """
        from django.core.cache import cache
        from django.db import models

        def context(request, image, buffer, terms):
            data = {}
            data.update({"a": 1})
            terms.update(words)
            cache.delete("key")
            image.save(buffer, format="PNG")

        class Thing(models.Model):
            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)
        """
    )
    assert found == Counter()


def test_writes_are_allowed_in_the_owners_services_demo_and_counters_only() -> None:
    source = """
        from chorus.app.models import Thing
        from chorus.delivery.models import Outbox

        def change(thing):
            Thing.objects.create(name="x")
            thing.save()
    """
    assert _writes(source, "chorus/app/services.py") == Counter()
    assert _writes(source, "chorus/app/services/things.py") == Counter()
    assert _writes(source, "chorus/app/counters.py") == Counter()
    assert _writes(source, "chorus/app/demo_things.py") == Counter()
    assert _writes(source, "chorus/app/tasks.py") == Counter({"chorus/app/tasks.py:change": 2})
    # Another app's table, even from a services module: only its owner writes it.
    foreign = source.replace("thing.save()", "Outbox.objects.filter(pk=1).delete()")
    assert _writes(foreign, "chorus/app/services.py") == Counter({"chorus/app/services.py:change": 1})
    relative = "from .models import Thing\n\ndef change():\n    Thing.objects.create(name='x')\n"
    assert _writes(relative, "chorus/app/services.py") == Counter()
    assert _writes(relative, "chorus/other/services.py") == Counter()


def _local_imports(source: str) -> Counter[str]:
    return architecture.local_imports([parse_module(dedent(source), "chorus/app/apps.py")])


def test_local_imports_only_in_appconfig_ready_and_type_checking() -> None:
    found = _local_imports(
        """
        from typing import TYPE_CHECKING

        from django.apps import AppConfig

        import json

        class AppConfigured(AppConfig):
            def ready(self):
                from . import handlers

        class NotAnAppConfig:
            def ready(self):
                from . import handlers

        def helper():
            if TYPE_CHECKING:
                from .models import Thing
            import os

            def inner():
                from .models import Other
        """
    )
    assert found == Counter(
        {
            "chorus/app/apps.py:NotAnAppConfig.ready": 1,
            "chorus/app/apps.py:helper": 1,
            "chorus/app/apps.py:helper.inner": 1,
        }
    )


def test_long_modules_and_views() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(24))
    views = parse_module(
        f"def short(request):\n{body}\n\ndef long(request):\n{body}\n    x = 0\n", "chorus/app/views.py"
    )
    assert architecture.long_views([views]) == Counter({"chorus/app/views.py:long": 26})
    helpers = parse_module(f"def long(request):\n{body}\n    x = 0\n", "chorus/app/helpers.py")
    assert architecture.long_views([helpers]) == Counter()
    routable = parse_module(
        f"class Page:\n    @path('sign/')\n    def sign(self, request):\n{body.replace('    ', '        ')}\n"
        "        x = 0\n        y = 1\n",
        "chorus/app/models.py",
    )
    assert architecture.long_views([routable]) == Counter({"chorus/app/models.py:Page.sign": 27})
    assert architecture.long_modules([parse_module("x = 1\n" * 400, "chorus/app/a.py")]) == Counter()
    assert architecture.long_modules([parse_module("x = 1\n" * 401, "chorus/app/a.py")]) == Counter(
        {"chorus/app/a.py": 401}
    )


def test_make_test_runs_the_layer_contracts() -> None:
    """`make test` (and so `.ci/run`) reaches lint-imports; without it the contracts guard nothing."""
    makefile = (architecture.ROOT / "Makefile").read_text(encoding="utf-8")
    targets = dict(re.findall(r"^([\w-]+):([^\n=]*)$", makefile, flags=re.MULTILINE))
    lint_recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint" in targets["test"].split(), "the Makefile's `test` target must depend on `lint`"
    assert "lint-imports" in lint_recipe, "the Makefile's `lint` recipe must run lint-imports"
    assert "make test" in (architecture.ROOT / ".ci" / "run").read_text(encoding="utf-8")
