"""An Administrator prepares a sealed export of the demo letter campaign in a real browser: from
the campaign's results to the export page, a progress bar the page's script keeps up to date
while the worker writes the file, the download, and the file opened offline with the
organisation's private key — and nothing readable in it without that key."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from wagtail.models import Locale, ModelLogEntry

from chorus.letters import demo_letters
from chorus.letters.demo import load_demo_letter_campaign, load_demo_letters
from chorus.news.models import HomePage
from chorus.privacy.models import SealedExport
from chorus.privacy.services import exports as sealed_exports
from tests.privacy.test_export import offline

from .test_roles import log_in_with_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

PASSPHRASE = "three unrelated words for the test key"


def test_an_administrator_prepares_downloads_and_opens_a_sealed_export(
    page: Page, demo: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.CHORUS_EXPORT_DIR = tmp_path / "exports"
    # The worker is a separate process in production: here, tasks wait until the test runs them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE)
    key_file = tmp_path / "organisation.key"
    call_command("keys", "generate", "--out", str(key_file), "--passphrase-file", str(passphrase_file))
    campaign = load_demo_letter_campaign(HomePage.objects.get(locale=Locale.get_default()))
    assert load_demo_letters(campaign) == len(demo_letters.WRITERS)
    # Writers who gave an email address have their details sealed; the others left nothing.
    writers = sorted(
        name for name, _city, _country, _language, local, *_rest in demo_letters.WRITERS if local
    )
    assert 0 < len(writers) < len(demo_letters.WRITERS)

    log_in_with_code(page, demo["administrator"], "administrator")
    page.goto(f"/admin/results/{campaign.pk}/")
    page.get_by_role("link", name="Sealed export of supporters").click()
    expect(page).to_have_url(re.compile(rf"/admin/privacy/exports/\?page={campaign.pk}$"))
    expect(page.get_by_label("Campaign")).to_have_value(str(campaign.pk))
    page.get_by_role("button", name="Prepare sealed export").click()
    expect(page.locator(".messages")).to_contain_text("The sealed export is being prepared.")
    export = SealedExport.objects.get()
    assert (export.page_id, export.state, export.created_by_id) == (
        campaign.pk,
        SealedExport.State.QUEUED,
        demo["administrator"].pk,
    )

    # Queued: a progress bar the script polls; no file yet.
    progress = page.locator(f"#export-{export.pk}-progress")
    expect(progress).to_have_attribute("data-progress-status", f"/admin/privacy/exports/{export.pk}/status/")
    expect(page.locator(f"#export-{export.pk}-state")).to_have_text("queued")
    expect(page.get_by_role("link", name="Download sealed file")).to_have_count(0)

    # The worker writes it; the script sees it finish and reloads the page with the link.
    assert sealed_exports.build_export(export.pk) == f"{len(writers)} records"
    link = page.get_by_role("link", name="Download sealed file")
    expect(link).to_be_visible(timeout=30_000)
    expect(page.locator(f"#export-{export.pk}-state")).to_have_text("ready")
    expect(page.locator("progress[data-progress-status]")).to_have_count(0)  # polling stopped

    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == f"{campaign.slug}-supporters-{export.pk}.chorus-sealed"
    sealed = tmp_path / "downloaded.chorus-sealed"
    info.value.save_as(sealed)
    text = sealed.read_text(encoding="utf-8")
    assert [name for name in writers if name in text] == [] and campaign.title not in text

    # On the organisation's own machine: no database, no settings, the private key.
    out = tmp_path / "supporters.csv"
    result = offline(
        "export", "--private-key", str(key_file), "--passphrase-file", str(passphrase_file),
        "--in", str(sealed), "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert sorted(row["name"] for row in rows) == writers
    assert {row["campaign"] for row in rows} == {campaign.title}

    logged = ModelLogEntry.objects.filter(action__startswith="chorus.export").order_by("pk")
    assert [(entry.action, entry.user_id) for entry in logged] == [
        ("chorus.export_prepare", demo["administrator"].pk),
        ("chorus.export_download", demo["administrator"].pk),
    ]

    # Done with it: delete it from the server now rather than wait for its time.
    page.reload()
    page.get_by_role("button", name="Delete from the server").click()
    expect(page.locator(".messages")).to_contain_text("The sealed export was deleted from the server.")
    expect(page.get_by_text("No export yet.")).to_be_visible()
    assert not SealedExport.objects.exists() and list((tmp_path / "exports").iterdir()) == []
