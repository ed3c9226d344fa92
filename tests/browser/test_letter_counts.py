"""A supporter downloads a letter and opens it in their own mail program, in Thai, in a real
browser; the campaign's results then count both for that target, as a campaigner sees them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from chorus.campaigns.models import CampaignPage
from chorus.letters.models import LetterTally
from tests.helpers import wait_until

from . import test_letters, test_results
from .conftest import translated
from .test_letters import download, write_and_preview
from .test_results import log_in_campaigner

# The same fixtures as those tests: the demo letter campaign, a campaigner with an authenticator.
letter_site = test_letters.letter_site
campaigner = test_results.campaigner

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def counted(page_id: int) -> dict[str, int]:
    return dict(LetterTally.objects.filter(page_id=page_id).values_list("channel", "n"))


def test_a_download_and_a_mail_program_opening_count_for_their_target(
    page: Page,
    letter_site: CampaignPage,
    campaigner: Any,
    tmp_path: Path,
) -> None:
    write_and_preview(page, letter_site, "th")
    page.get_by_role("button", name=translated("th", "This is right: get my letter")).click()
    expect(page.locator("h1")).to_have_text(translated("th", "Thank you"))
    section = page.locator("section.letter-send").nth(0)
    pdf = download(page, section, translated("th", "Download PDF"), tmp_path, "letter.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")

    # The mail link goes to the supporter's own mail program; the page's script tells us (a
    # beacon, whose answer the browser may drop as it hands the link over: the count is the proof).
    with page.expect_request(re.compile(r"/letter/mailed/$")):
        section.locator("a.mail-link").click()
    wait_until(lambda: counted(letter_site.pk) == {"downloaded": 1, "mailed": 1}, "the letter counted")
    (target_id,) = set(LetterTally.objects.values_list("target_id", flat=True))

    log_in_campaigner(page, campaigner, f"/admin/results/{letter_site.pk}/")
    first = letter_site.campaign_targets.order_by("sort_order").first()
    assert first is not None and target_id == first.target_id
    row = page.locator("#table-targets tbody tr").first
    expect(row.locator("th")).to_have_text(str(first.target))
    # Downloaded, opened in the mail program, then nothing held, being sent, sent or failed.
    expect(row.locator("td")).to_have_text(["1", "1", "0", "0", "0", "0", "0"])
