"""Staff prepare a delivery bundle of a joint letter in a real browser: from the moderation queue
to the bundle page, the cover letter in Thai, a progress bar the page's script keeps up to date
while the worker typesets, then the download link, and a PDF with the approved signatories.

The admin pages are not audited with axe here: they are Wagtail's, and no other browser test
audits the admin either.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Error, Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.handover.models import DeliveryBundle
from chorus.handover.services import bundles as bundle_services
from chorus.jointletters.models import JointLetterPage
from chorus.jointletters.signatures import Signature
from chorus.news.models import HomePage

from .test_joint_letter import staff_log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

APPROVED = ["มูลนิธิเอ็มพาวเวอร์", "Scarlet Alliance", "Jamie Chen"]
PENDING = "Pending Review Org"
THAI_LETTER = "<p>เรียน ท่านเอกอัครราชทูต</p><p>พวกเราขอให้ท่านยุติการบุกค้นสถานบริการทันที</p>"


def _sign(page: CampaignPage, name: str, country: str, number: int, **fields: Any) -> None:
    individual = fields.pop("individual", False)
    action = Action.objects.create(
        page_id=page.pk,
        kind=Action.Kind.JOINT_LETTER,
        state=Action.State.CONFIRMED,
        language="en",
        submission_key=f"browser-bundle-{number}",
        retain_until=timezone.now() + datetime.timedelta(days=30),
    )
    Signature.objects.create(
        action=action,
        page_id=page.pk,
        signer_type=Signature.SignerType.INDIVIDUAL if individual else Signature.SignerType.ORGANISATION,
        name=name,
        organisation_type="" if individual else "ngo",
        country=country,
        language="en",
        **{"review": Review.APPROVED, **fields},
    )


@pytest.fixture
def bundle_dir(settings: Any, tmp_path: Path) -> Path:
    settings.CHORUS_BUNDLE_DIR = tmp_path / "bundles"
    return settings.CHORUS_BUNDLE_DIR


@pytest.fixture
def letter_campaign(demo: dict[str, Any], bundle_dir: Path) -> CampaignPage:
    """A joint letter in English with a Thai translation, three approved signatures and one pending."""
    home = HomePage.objects.get(locale=Locale.get_default())
    page = JointLetterPage(
        title="Joint letter to the Ambassador",
        slug="joint-letter-bundle-browser",
        joint_letter_text="<p>Your Excellency, we ask you to end the raids.</p>",
        joint_letter_recipient="H.E. the Ambassador of the Kingdom of Thailand",
        locale=Locale.get_default(),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    thai = page.copy_for_translation(Locale.objects.get(language_code="th")).specific
    thai.title = "จดหมายร่วมถึงท่านเอกอัครราชทูต"
    thai.joint_letter_text = THAI_LETTER
    thai.joint_letter_recipient = "ท่านเอกอัครราชทูตแห่งราชอาณาจักรไทย"
    thai.save_revision().publish()
    _sign(page, APPROVED[0], "TH", 1)
    _sign(page, APPROVED[1], "AU", 2)
    _sign(page, APPROVED[2], "AU", 3, individual=True)
    _sign(page, PENDING, "AU", 4, review=Review.PENDING)
    return page


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_staff_prepare_a_thai_bundle_watch_it_progress_and_download_it(
    page: Page, letter_campaign: CampaignPage, demo: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text} at {message.location}")

    def on_page_error(error: Error) -> None:
        problems.append(f"page error: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)

    # The worker is a separate process in production: here, tasks wait until the test runs them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    moderation = f"/admin/jointletters/joint-letters/{letter_campaign.pk}/"
    staff_log_in(page, demo["staff"], moderation)
    page.locator("main").get_by_role("link", name="Prepare delivery bundle").click()
    expect(page).to_have_url(re.compile(rf"/admin/handover/bundles/campaign/{letter_campaign.pk}/$"))
    expect(
        page.locator("main").get_by_role("link", name="Joint letter signatures waiting for review")
    ).to_have_attribute("href", moderation)

    page.get_by_label("Language of the cover letter").select_option("th")
    page.get_by_role("button", name="Prepare delivery bundle").click()
    expect(page.locator(".messages")).to_contain_text("The bundle is being prepared.")
    bundle = DeliveryBundle.objects.get(page_id=letter_campaign.pk)
    assert (bundle.language, bundle.state) == ("th", DeliveryBundle.State.QUEUED)

    # Queued: a progress bar, which the script polls.
    progress = page.locator(f"#bundle-{bundle.pk}-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("data-progress-status", f"/admin/handover/bundles/{bundle.pk}/status/")
    expect(page.locator(f"#bundle-{bundle.pk}-state")).to_have_text("queued")
    with page.expect_response(re.compile(rf"/bundles/{bundle.pk}/status/$")) as polled:
        pass
    assert polled.value.ok and polled.value.json()["finished"] is False
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(0)

    # The worker takes it; the script sees it finish and reloads the page with the link.
    assert bundle_services.build_bundle(bundle.pk).endswith(" pages")
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible()
    expect(page.locator(f"#bundle-{bundle.pk}-state")).to_have_text("ready")
    expect(progress).to_have_attribute("value", "3")
    expect(page.locator("progress[data-progress-status]")).to_have_count(0)  # polling stopped

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == f"{letter_campaign.slug}-th-bundle-{bundle.pk}.pdf"
    saved = tmp_path / "bundle.pdf"
    download.save_as(saved)
    text = pdf_text(saved)
    for name in APPROVED:
        assert name in text
    assert PENDING not in text
    assert "พวกเราขอให้ท่านยุติการบุกค้นสถานบริการทันที" in text

    # With the tasks run as soon as the request commits (the test settings), the page comes back
    # with the bundle ready at once.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    page.get_by_label("Language of the cover letter").select_option("en")
    page.get_by_role("button", name="Prepare delivery bundle").click()
    expect(page.locator(".messages")).to_contain_text("The bundle is being prepared.")
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(2)
    assert list(DeliveryBundle.objects.values_list("state", flat=True)) == ["ready", "ready"]

    assert problems == []
