"""The migration that gave every action kind its own page type keeps every page as it was.

The demo is made with today's code, migrated back to the shape before the split (one
campaign page type with three flags) and forward again: that last step is exactly what an
existing installation runs. Every campaign page's HTML in every language (tokens stripped)
and every count must be the same afterwards, and revisions and translation sources must name
the kind, so that staff can keep editing and translating the pages. The later moves (joint
letter and petition signatures, delivery bundles and records out of signons) go back and
forth on the way, with the tasks queued under their old module paths.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision
from wagtail_localize.models import TranslationSource

from chorus.actions import counters
from chorus.campaigns.models import CampaignPage
from chorus.jointletters.models import JointLetterPage
from chorus.letters.models import LetterCampaignPage
from chorus.petitions.models import PetitionPage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations")]

BEFORE_SPLIT = ("campaigns", "0003_campaignpage_joint_letter_enabled_and_more")
# What differs on every render: CSRF and fill-time tokens, "15 seconds ago" (the moment stays).
TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)"[^>]*value=")[^"]*(")')
RELATIVE_TIMES = re.compile(r"(<time [^>]*>)[^<]*(</time>)")


def _render(url: str) -> str:
    cache.clear()  # neither the page cache nor cached counts may answer
    response = Client().get(url)
    assert response.status_code == 200, url
    return RELATIVE_TIMES.sub(r"\1\2", TOKENS.sub(r"\1\2", response.content.decode()))


def _snapshot() -> dict[str, Any]:
    pages = list(CampaignPage.objects.order_by("pk").specific())
    return {
        "kinds": {page.pk: type(page) for page in pages},
        "html": {page.url: _render(page.url) for page in pages},
        "counts": {page.action_page_id: counters.read(page.action_page_id) for page in pages},
    }


def _migrate(target: list[tuple[str, str]] | None = None) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


def test_the_split_keeps_every_campaign_page_its_html_and_its_counts(settings: Any, org_key: Any) -> None:
    settings.DEBUG = True  # `chorus demo` runs only in development
    call_command("demo")
    # Staff who translate with wagtail-localize have a translation source for the page.
    original = LetterCampaignPage.objects.filter(locale__language_code="en").get()
    TranslationSource.get_or_create_from_instance(original)
    before = _snapshot()
    assert set(before["kinds"].values()) == {PetitionPage, LetterCampaignPage, JointLetterPage}
    # Tasks waiting in the database queue when the delivery models moved to handover/.
    waiting = {
        "chorus.handover.tasks.build_bundle_task": "chorus.signons.tasks.build_bundle_task",
        "chorus.handover.tasks.mail_signers_task": "chorus.signons.records.mail_signers_task",
    }
    for path in waiting:
        DBTaskResult.objects.create(
            task_path=path, args_kwargs={"args": [1], "kwargs": {}}, backend_name="default", run_after=now()
        )

    executor = _migrate([BEFORE_SPLIT])
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == set(waiting.values())
    old = executor.loader.project_state([BEFORE_SPLIT]).apps.get_model("campaigns", "CampaignPage")
    for pk, kind in before["kinds"].items():
        row = old.objects.get(pk=pk)
        flags = (row.petition_enabled, row.letters_enabled, row.joint_letter_enabled)
        assert flags == (kind is PetitionPage, kind is LetterCampaignPage, kind is JointLetterPage)
        if kind is LetterCampaignPage:
            assert row.letter_body.strip()  # the letter went back into the one table
        if kind is JointLetterPage:
            assert row.joint_letter_text.strip()

    _migrate()
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == set(waiting)
    after = _snapshot()
    assert after["kinds"] == before["kinds"]
    assert after["counts"] == before["counts"]
    for url, html in before["html"].items():
        assert after["html"][url] == html, url

    letters = LetterCampaignPage.objects.get(pk=original.pk)
    kind_type = ContentType.objects.get_for_model(LetterCampaignPage)
    revisions = Revision.objects.filter(object_id=str(letters.pk))
    assert revisions.exists() and not revisions.exclude(content_type=kind_type).exists()
    restored = letters.get_latest_revision_as_object()
    assert type(restored) is LetterCampaignPage and restored.letter_body == letters.letter_body
    assert "letters_enabled" not in revisions.latest("created_at").content
    sources = TranslationSource.objects.filter(object_id=letters.translation_key)
    assert sources.exists()
    for source in sources:
        assert source.specific_content_type == kind_type
        assert json.loads(source.content_json)["content_type"] == kind_type.pk
