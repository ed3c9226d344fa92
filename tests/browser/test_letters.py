"""Writing to the campaign's targets in a real browser, in Thai and in Korean: the form, the
preview, PDF and DOCX downloads, the mail links, "send it for me" through a real SMTP server,
and the zero-data path."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from docx import Document
from playwright.sync_api import Locator, Page, expect

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.delivery.models import Outbox
from chorus.letters.models import QueuedLetter
from chorus.supporters.models import Consent, Supporter
from tests.delivery.smtp import SMTPServer

from .conftest import describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

# (language, supporter, city, personal paragraph, the target whose letter is in that language, its name)
WRITERS = {
    "th": ("มาลี ศรีสุข", "บ้านหนองบัวทอง", "ฉันเคยทำงานที่ซิดนีย์", 0, "นางพิมพ์ชนก สุวรรณรัตน์", "เรียน ท่านเอกอัครราชทูต"),
    "ko": (
        "김지현",
        "부산 해운대구",
        "제 친구도 임금을 받지 못했습니다.",
        1,
        "한승우",
        "존경하는 한승우 장관님께",
    ),
}


@pytest.fixture
def letter_site(live_server: Any, light_campaign: CampaignPage, org_key: Any) -> CampaignPage:
    """The demo letter campaign on a bare site, served by the live server."""
    from chorus.letters.demo import load_demo_letter_campaign

    return load_demo_letter_campaign(light_campaign.get_parent().specific)


def text_of(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def fill_form(page: Page, code: str, **extra: str) -> None:
    name, city, personal, *_rest = WRITERS[code]
    form = page.locator("form#letter-form")
    form.get_by_label(label(code, "Your name")).fill(name)
    form.get_by_label(label(code, "Your city or town (optional)")).fill(city)
    form.get_by_label(label(code, "A paragraph in your own words (optional)")).fill(personal)
    if "email" in extra:
        form.get_by_label(label(code, "Your email address (optional)")).fill(extra["email"])


def label(code: str, message: str) -> re.Pattern[str]:
    """A field's label as the page shows it: translated, followed by Django's label suffix."""
    return re.compile("^" + re.escape(translated(code, message)) + ":?$")


def download(page: Page, section: Locator, label: str, folder: Path, name: str) -> Path:
    with page.expect_download() as info:
        section.get_by_role("button", name=label).click()
    target = folder / name
    info.value.save_as(target)
    return target


def check_letter_and_links(page: Page, code: str, folder: Path) -> None:
    """On the thank-you page: the PDF and DOCX of the letter in this language, and its mail link."""
    name, _city, personal, index, target_name, salutation = WRITERS[code]
    section = page.locator("section.letter-send").nth(index)
    expect(section.locator("h2")).to_contain_text(target_name)

    pdf = download(page, section, translated(code, "Download PDF"), folder, f"{code}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = text_of(pdf)
    assert name in text and target_name in text and salutation in text

    docx = download(page, section, translated(code, "Download Word (DOCX)"), folder, f"{code}.docx")
    document = "\n".join(p.text for p in Document(io.BytesIO(docx.read_bytes())).paragraphs)
    assert name in document and target_name in document and personal in document

    href = section.locator("a.mail-link").get_attribute("href") or ""
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and len(href) <= 1800
    subject = {
        "th": "ขอให้คนทำงานที่ถูกควบคุมตัวหลังการบุกค้นได้กลับบ้านอย่างปลอดภัย",
        "ko": "단속 후 구금된 노동자들이 안전하게 귀국할 수 있도록 해 주십시오",
    }[code]
    assert query["subject"] == [subject]
    body = query["body"][0]
    assert body.startswith(salutation + "\r\n\r\n") and body.rstrip().endswith(name)
    if section.locator(".notice").count():
        # Too long for a mail link: a note pointing to the PDF instead of the letter.
        assert personal not in body
    else:
        assert personal in body

    # The English letter to the UN office fits whole into its link.
    un_office = page.locator("section.letter-send").nth(2)
    un_href = un_office.locator("a.mail-link").get_attribute("href") or ""
    un_body = parse_qs(urlsplit(un_href).query)["body"][0]
    assert un_body.startswith("Dear Dr Farah,\r\n\r\nI am writing to you") and personal in un_body
    assert (
        unquote(
            urlsplit(
                page.locator("section.letter-send").nth(3).locator("a.mail-link").get_attribute("href") or ""
            ).path
        )
        == "hello@mekong-workers.example"
    )


def write_and_preview(page: Page, campaign: CampaignPage, code: str, **extra: str) -> None:
    page.goto(f"/{code}/{campaign.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    fill_form(page, code, **extra)
    if extra.get("send_for_me"):
        page.get_by_label(label(code, "Send my letter for me, by email, once I confirm")).check()
        page.get_by_label(label(code, "Let the recipients reply to my email address")).check()
    if extra.get("email"):
        page.locator("input[name=consent]").check()
    page.get_by_role("button", name=translated(code, "Preview my letter")).click()

    name, _city, personal, index, _target_name, salutation = WRITERS[code]
    expect(page.locator("h1")).to_have_text(translated(code, "Check your letter"))
    items = page.locator(".letter-preview__item")
    expect(items).to_have_count(4)
    letter = items.nth(index).locator(":scope > .letter")
    expect(letter).to_have_attribute("lang", code)
    expect(letter).to_contain_text(salutation)
    expect(letter).to_contain_text(personal)
    expect(letter.locator(".letter__signature")).to_have_text(name)
    # The letter to the Thai ambassador, read in Korean (or to the Korean minister, in Thai).
    other = items.nth(1 - index)
    other.locator("summary").click()
    expect(other.locator("details .letter")).to_have_attribute("lang", code)
    expect(other.locator("details .letter")).to_contain_text(name)
    violations = run_axe(page)
    assert violations == [], describe(violations)
    # A person reads the preview; a form sent within 3 s of being shown is taken for a bot's.
    page.wait_for_timeout(3000)


@pytest.mark.parametrize("code", ["th", "ko"])
def test_a_supporter_writes_previews_and_downloads_their_letters(
    page: Page, letter_site: CampaignPage, code: str, tmp_path: Path
) -> None:
    page.goto(f"/{code}/{letter_site.slug}/")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    # Bad input first: a translated message, the form again, nothing kept.
    page.get_by_role("button", name=translated(code, "Preview my letter")).click()
    expect(page.locator("#id_name_errors")).to_contain_text(
        translated(code, "Please give your name: it signs your letter.")
    )

    write_and_preview(page, letter_site, code)
    page.get_by_role("button", name=translated(code, "This is right: get my letter")).click()
    expect(page.locator("h1")).to_have_text(translated(code, "Thank you"))
    violations = run_axe(page)
    assert violations == [], describe(violations)
    check_letter_and_links(page, code, tmp_path)

    # The zero-data path: counted, unconfirmed, and nothing about the person in the database.
    action = Action.objects.get()
    assert (
        action.kind == "letter"
        and action.state == Action.State.PENDING
        and action.counted_as == "unconfirmed"
    )
    assert action.supporter is None and action.sealed_details is None and action.country == ""
    assert not Supporter.objects.exists() and not Consent.objects.exists()
    assert not Outbox.objects.exists() and not QueuedLetter.objects.exists()
    from tests.actions.test_seizure_drill import database_dump

    dump = database_dump()
    name, city, personal, *_rest = WRITERS[code]
    for secret in (name, city, personal):
        assert secret not in dump

    page.goto(f"/{code}/{letter_site.slug}/")
    expect(page.locator(".thermometer__count strong")).to_have_text("1")


def test_send_it_for_me_delivers_one_letter_per_target_after_confirmation(
    page: Page, letter_site: CampaignPage, smtp: SMTPServer, tmp_path: Path
) -> None:
    code = "ko"
    write_and_preview(page, letter_site, code, email="jihyun.kim@example.org", send_for_me="1")
    page.get_by_role("button", name=translated(code, "Confirm: send my letter")).click()
    expect(page.locator(".letter-status")).to_have_count(4)
    expect(page.locator(".letter-status").first).to_contain_text(
        translated(code, "Waiting for your confirmation")
    )
    check_letter_and_links(page, code, tmp_path)

    (confirmation,) = smtp.handler.delivered
    assert confirmation.rcpt_tos == ["jihyun.kim@example.org"]
    body = confirmation.message.get_body(preferencelist=("plain",)).get_content()
    confirm_link = re.search(r"https?://\S+/ko/confirm/\?token=\S+", body)
    status_link = re.search(r"https?://\S+/ko/safe-passage-home/letters/\?token=\S+", body)
    assert confirm_link and status_link
    confirm_parts = urlsplit(confirm_link.group(0))
    page.goto(f"{confirm_parts.path}?{confirm_parts.query}")  # the live server, not CHORUS_BASE_URL
    assert len(smtp.handler.delivered) == 1  # opening the link confirms nothing
    page.get_by_role("button", name=translated(code, "Yes, confirm")).click()
    expect(page.locator(".confirmed-outcome")).to_have_text(
        translated(code, "Your letter is confirmed and counts in full.")
    )
    # The confirmed page leads to the status page of the letters we send.
    page.get_by_role("link", name=translated(code, "See what happens to your letters")).click()
    expect(page.locator("h1")).to_have_text(translated(code, "Your letters"))
    expect(page.locator(".letter-status-list > li")).to_have_count(4)

    letters = {d.rcpt_tos[0]: d.message for d in smtp.handler.delivered[1:]}
    assert sorted(letters) == [
        "ambassador@thai-embassy.example",
        "coordinator@mekong-workers.example",
        "minister@mofa-korea.example",
    ]  # one each; the UN office has chosen a daily digest
    for recipient, message in letters.items():
        sender = message["From"].addresses[0]
        assert sender.display_name == "김지현" and sender.addr_spec == "hello@riverlight.example"
        assert message["Reply-To"] == "jihyun.kim@example.org"
        assert message["To"] == recipient
        assert message["Message-ID"].endswith("@riverlight.example>")
    minister = letters["minister@mofa-korea.example"]
    assert minister["Subject"] == "단속 후 구금된 노동자들이 안전하게 귀국할 수 있도록 해 주십시오"
    text = minister.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("존경하는 한승우 장관님께\n\n") and "제 친구도 임금을 받지 못했습니다." in text
    assert "존경을 담아\n김지현\n부산 해운대구" in text
    ambassador = letters["ambassador@thai-embassy.example"]
    assert ambassador.get_body(preferencelist=("plain",)).get_content().startswith("เรียน ท่านเอกอัครราชทูต")
    (attachment,) = ambassador.iter_attachments()
    attached = tmp_path / "attached.pdf"
    attached.write_bytes(attachment.get_content())
    assert "김지현" in text_of(attached) and "นางพิมพ์ชนก สุวรรณรัตน์" in text_of(attached)

    # Counts update: one confirmed letter.
    page.goto(f"/{code}/{letter_site.slug}/")
    expect(page.locator(".thermometer__count strong")).to_have_text("1")
    expect(page.locator(".thermometer__detail")).to_contain_text("1")
    assert Action.objects.get().state == Action.State.CONFIRMED

    status_parts = urlsplit(status_link.group(0))
    page.goto(f"{status_parts.path}?{status_parts.query}")
    statuses = page.locator(".letter-status-list li")
    expect(statuses).to_have_count(4)
    expect(statuses.nth(2)).to_contain_text(
        translated(code, "Confirmed: it goes out with the day's letters to this recipient")
    )
