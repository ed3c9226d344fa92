"""Delivery records: newsflashes on every translation, the update mail to opted-in signers,
the public section with photos, and the admin that publishes on save."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.images import ImageFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.actions.services import (
    ConsentGiven,
    Submission,
    confirm_action,
    new_submission_key,
    record_action,
)
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.delivery.models import Outbox
from chorus.handover import deliveries, tasks
from chorus.handover.models import DeliveryAnnouncement, DeliveryPhoto, DeliveryRecord
from chorus.handover.services import mailing, records
from chorus.jointletters.models import JointLetterPage
from chorus.news.models import HomePage, Newsflash
from chorus.privacy.unsubscribe import unsubscribe
from chorus.supporters.models import Consent, UpdateSubscription
from tests.mfa import log_in_with_totp

pytestmark = pytest.mark.django_db

EN = "We delivered the letter & 412 signatures by hand.\n\nThank you all."
TH = "เราได้ยื่นจดหมายพร้อมรายชื่อ 412 รายชื่อด้วยมือแล้ว"
ZH = "我们已亲手递交了联名信和412个签名。"
KO = "서한과 412명의 서명을 직접 전달했습니다."


@pytest.fixture
def joint_letter(demo_site: HomePage) -> CampaignPage:
    """A joint letter campaign in English, Thai and Simplified Chinese (no Korean page)."""
    default = Locale.get_default()
    page = JointLetterPage(
        title="Joint letter to the embassy",
        slug="joint-letter-delivery-test",
        locale=default,
        joint_letter_text="<p>We, the undersigned organisations…</p>",
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    for language, title in [("th", "จดหมายร่วมถึงสถานทูต"), ("zh-hans", "致大使馆的联名信")]:
        translated = page.copy_for_translation(Locale.objects.get(language_code=language)).specific
        translated.title = title
        translated.save_revision().publish()
    return page


def translation(page: CampaignPage, language: str) -> CampaignPage:
    return JointLetterPage.objects.get(translation_key=page.translation_key, locale__language_code=language)


def make_record(
    campaign: CampaignPage, texts: dict[str, str], *, mail_signers: bool = False
) -> DeliveryRecord:
    record = DeliveryRecord(
        campaign=campaign,
        delivered_at=timezone.now() - timedelta(days=3),
        place="Royal Thai Embassy, Canberra",
        delivered_by="Riverlight Collective and Scarlet Alliance",
        delivered_to="The Deputy Head of Mission",
        mail_signers=mail_signers,
    )
    record.announcements = [DeliveryAnnouncement(language=code, text=text) for code, text in texts.items()]
    record.save()
    return record


def photo(record: DeliveryRecord, caption: str, colour: tuple[int, int, int]) -> DeliveryPhoto:
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), colour).save(buffer, format="JPEG")
    image = get_image_model()(title=caption or "photo", file=ImageFile(buffer, name="delivery.jpg"))
    image.save()
    return DeliveryPhoto.objects.create(record=record, image=image, caption=caption)


def signer(
    campaign: CampaignPage, email: str, language: str, *, confirmed: bool = True, updates: bool = True
) -> Action:
    """A joint letter signature recorded (and confirmed) through the real action engine."""
    consents = [ConsentGiven(Consent.Purpose.ACTION, "test-1")]
    if updates:
        consents.append(ConsentGiven(Consent.Purpose.UPDATES, "test-1"))
    outcome = record_action(
        Submission(
            page_id=campaign.action_page_id,
            kind=Action.Kind.JOINT_LETTER,
            language=language,
            submission_key=new_submission_key(),
            details={"email": email},
            email=email,
            consents=consents,
            subscribe_updates=updates,
        )
    )
    if confirmed:
        confirm_action(confirm_token(outcome.action))
    return outcome.action


def newsflash_texts(page: CampaignPage) -> list[str]:
    html = Client().get(page.url).content.decode()
    section = BeautifulSoup(html, "html.parser").select_one(".newsflashes")
    return [item.get_text(" ", strip=True) for item in section.select(".newsflash__text")] if section else []


def test_publishing_puts_each_announcement_on_its_translation(joint_letter: CampaignPage) -> None:
    record = make_record(joint_letter, {"en": EN, "th": TH, "zh-hans": ZH, "ko": KO})

    result = records.publish(record)

    assert sorted(result.created) == ["en", "th", "zh-hans"]
    assert result.untranslated == ["ko"]
    assert "한국어" in " ".join(result.warnings())
    flashes = Newsflash.objects.filter(translation_key=records.newsflash_key(record))
    assert {flash.locale.language_code for flash in flashes} == {"en", "th", "zh-hans"}
    english = flashes.get(locale__language_code="en")
    # Plain text, escaped, blank lines become paragraphs.
    assert english.text == "<p>We delivered the letter &amp; 412 signatures by hand.</p><p>Thank you all.</p>"
    assert newsflash_texts(joint_letter) == [
        "We delivered the letter & 412 signatures by hand. Thank you all."
    ]
    assert newsflash_texts(translation(joint_letter, "th")) == [TH]
    assert newsflash_texts(translation(joint_letter, "zh-hans")) == [ZH]
    announcement = DeliveryAnnouncement.objects.get(record=record, language="th")
    assert announcement.newsflash == flashes.get(locale__language_code="th")
    # Published as a revision: the live revision carries the newsflash with its id.
    thai = translation(joint_letter, "th")
    assert not thai.has_unpublished_changes
    assert [flash.pk for flash in thai.live_revision.as_object().newsflashes.all()] == [
        announcement.newsflash_id
    ]
    record.refresh_from_db()
    assert record.published_at is not None


def test_publishing_again_changes_nothing_and_editing_updates_the_same_newsflash(
    joint_letter: CampaignPage,
) -> None:
    record = make_record(joint_letter, {"en": EN, "th": TH})
    records.publish(record)
    thai = translation(joint_letter, "th")
    revisions = thai.revisions.count()
    newsflash_id = DeliveryAnnouncement.objects.get(record=record, language="th").newsflash_id

    assert records.publish(record).created == []
    assert thai.revisions.count() == revisions

    DeliveryAnnouncement.objects.filter(record=record, language="th").update(text=TH + " ขอบคุณทุกคน")
    result = records.publish(record)

    assert result.updated == ["th"]
    assert Newsflash.objects.get(pk=newsflash_id).text == f"<p>{TH} ขอบคุณทุกคน</p>"
    assert newsflash_texts(translation(joint_letter, "th")) == [TH + " ขอบคุณทุกคน"]
    assert Newsflash.objects.filter(translation_key=records.newsflash_key(record)).count() == 2


def test_a_draft_of_the_page_keeps_the_newsflash(joint_letter: CampaignPage) -> None:
    thai = translation(joint_letter, "th")
    thai.summary = "ร่างที่ยังไม่เผยแพร่"
    thai.save_revision()
    record = make_record(joint_letter, {"th": TH})

    records.publish(record)

    thai = translation(joint_letter, "th")
    assert thai.summary == ""  # the draft was not published with the newsflash
    draft = thai.get_latest_revision_as_object()
    assert draft.summary == "ร่างที่ยังไม่เผยแพร่"
    newsflash_id = DeliveryAnnouncement.objects.get(record=record).newsflash_id
    assert [flash.pk for flash in draft.newsflashes.all()] == [newsflash_id]
    # Publishing the draft later keeps the newsflash.
    thai.get_latest_revision().publish()
    assert Newsflash.objects.filter(pk=newsflash_id, page_id=thai.pk).exists()


def test_removing_an_announcement_removes_its_newsflash(joint_letter: CampaignPage) -> None:
    record = make_record(joint_letter, {"en": EN, "th": TH})
    records.publish(record)

    DeliveryAnnouncement.objects.filter(record=record, language="th").delete()
    result = records.publish(record)

    assert result.removed == ["th"]
    assert newsflash_texts(translation(joint_letter, "th")) == []
    assert len(newsflash_texts(joint_letter)) == 1


def test_mail_goes_once_to_confirmed_opted_in_signers_in_their_language(
    joint_letter: CampaignPage, org_key: Any, django_capture_on_commit_callbacks: Any
) -> None:
    signer(joint_letter, "somchai@example.org", "th")
    signer(joint_letter, "wang@example.org", "zh-hans")
    signer(joint_letter, "jihyun@example.org", "ko")  # no Korean announcement: the original's
    signer(joint_letter, "pending@example.org", "th", confirmed=False)
    signer(joint_letter, "quiet@example.org", "th", updates=False)
    gone = signer(joint_letter, "gone@example.org", "th")
    subscription = UpdateSubscription.objects.get(consent__action=gone)
    from chorus.supporters.unsubscribe import unsubscribe_token

    assert unsubscribe(unsubscribe_token(subscription))
    record = make_record(joint_letter, {"en": EN, "th": TH, "zh-hans": ZH}, mail_signers=True)

    with django_capture_on_commit_callbacks(execute=True):
        result = records.publish(record)

    assert result.mailing
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"somchai@example.org", "wang@example.org", "jihyun@example.org"}
    assert TH in sent["somchai@example.org"].body
    assert "จดหมายร่วมถึงสถานทูต" in sent["somchai@example.org"].subject
    assert ZH in sent["wang@example.org"].body
    assert "We delivered the letter & 412 signatures by hand." in sent["jihyun@example.org"].body
    for message in sent.values():
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    record.refresh_from_db()
    assert record.mailed_at is not None

    # Saving again, or a re-run of the task, sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        records.publish(record)
    tasks.mail_signers_task.enqueue(record.pk, 0)
    assert mail.outbox == []
    assert Outbox.objects.filter(kind=Outbox.Kind.NOTIFICATION).count() == 3


def test_mail_in_batches_reaches_everyone_once(
    joint_letter: CampaignPage, org_key: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(mailing, "MAIL_BATCH", 2)
    for number in range(5):
        signer(joint_letter, f"signer{number}@example.org", "en")
    record = make_record(joint_letter, {"en": EN}, mail_signers=True)

    with django_capture_on_commit_callbacks(execute=True):
        records.publish(record)

    assert sorted(message.to[0] for message in mail.outbox) == [f"signer{n}@example.org" for n in range(5)]


def test_without_mail_signers_nobody_is_mailed(
    joint_letter: CampaignPage, org_key: Any, django_capture_on_commit_callbacks: Any
) -> None:
    signer(joint_letter, "somchai@example.org", "th")
    record = make_record(joint_letter, {"th": TH})
    with django_capture_on_commit_callbacks(execute=True):
        assert not records.publish(record).mailing
    assert mail.outbox == []
    assert not Outbox.objects.filter(kind=Outbox.Kind.NOTIFICATION).exists()


def test_only_someone_who_may_publish_the_campaign_mails_its_signers(
    joint_letter: CampaignPage,
    org_key: Any,
    demo_accounts: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    signer(joint_letter, "somchai@example.org", "th")
    record = make_record(joint_letter, {"th": TH}, mail_signers=True)
    with django_capture_on_commit_callbacks(execute=True):
        result = records.publish(record, by=demo_accounts["member"])
    assert not result.mailing and result.mail_not_allowed
    assert (
        "Only someone who may publish the campaign page can mail its signers: nothing was mailed. "
        "Ask an editor to save this record."
    ) in result.warnings()
    assert mail.outbox == []
    record.refresh_from_db()
    assert record.mailed_at is None


def test_the_deliveries_section_shows_the_record_and_photos_with_captions(joint_letter: CampaignPage) -> None:
    record = make_record(joint_letter, {"en": EN})
    photo(record, "Handing over the letter at the embassy gate", (200, 80, 80))
    photo(record, "ส่งมอบรายชื่อ 412 รายชื่อ", (80, 200, 80))

    html = Client().get(translation(joint_letter, "th").url).content.decode()

    section = BeautifulSoup(html, "html.parser").select_one("section.deliveries")
    assert section is not None
    text = section.get_text(" ", strip=True)
    assert "Royal Thai Embassy, Canberra" in text
    assert "The Deputy Head of Mission" in text
    assert "Riverlight Collective and Scarlet Alliance" in text
    images = section.select("figure img")
    assert [img["alt"] for img in images] == [
        "Handing over the letter at the embassy gate",
        "ส่งมอบรายชื่อ 412 รายชื่อ",
    ]
    assert [img["width"] for img in images] == ["600", "600"]
    assert [caption.get_text() for caption in section.select("figcaption")] == [
        "Handing over the letter at the embassy gate",
        "ส่งมอบรายชื่อ 412 รายชื่อ",
    ]


def test_the_deliveries_section_costs_exactly_its_query_budget(
    joint_letter: CampaignPage, django_assert_num_queries: Any
) -> None:
    for number in range(3):
        record = make_record(joint_letter, {"en": EN})
        for index in range(3):
            photo(record, f"Photo {number}-{index}", (40 * index, 90, 120))
    thai = translation(joint_letter, "th")
    render_to_string("handover/includes/deliveries.html", deliveries.public_context(thai))  # makes renditions

    # records, announcements in the page's language, photos, images, renditions
    with django_assert_num_queries(5):
        html = render_to_string("handover/includes/deliveries.html", deliveries.public_context(thai))

    assert html.count("<figure") == 9


@pytest.fixture
def staff_client(demo_accounts: dict[str, Any]) -> Client:
    staff = demo_accounts["staff"]
    client = log_in_with_totp(Client(), staff)
    return client


def _formset(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
        data.update({f"{prefix}-{number}-ORDER": str(number + 1), f"{prefix}-{number}-id": ""})
    return data


def test_staff_create_a_record_in_the_admin_and_it_is_published(
    staff_client: Client, joint_letter: CampaignPage
) -> None:
    data = {
        "campaign": str(joint_letter.pk),
        "delivered_at": (timezone.now() - timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
        "place": "Royal Thai Embassy, Canberra",
        "delivered_by": "Riverlight Collective",
        "delivered_to": "The Deputy Head of Mission",
        **_formset(
            "announcements", [{"language": "th", "text": TH}, {"language": "km", "text": "យើងបានប្រគល់លិខិត"}]
        ),
        **_formset("photos", []),
    }

    response = staff_client.post(reverse("wagtailsnippets_handover_deliveryrecord:add"), data, follow=True)

    assert response.status_code == 200
    record = DeliveryRecord.objects.get(place="Royal Thai Embassy, Canberra")
    assert newsflash_texts(translation(joint_letter, "th")) == [TH]
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "ខ្មែរ" in shown  # the language without a translation of the page is named
    assert DeliveryAnnouncement.objects.get(record=record, language="th").newsflash is not None
    assert DeliveryAnnouncement.objects.get(record=record, language="km").newsflash is None


def test_the_demo_delivery_is_published_once(joint_letter: CampaignPage) -> None:
    from chorus.handover.demo_delivery import ANNOUNCEMENTS, load_demo_delivery

    load_demo_delivery(joint_letter)
    load_demo_delivery(translation(joint_letter, "th"))

    (record,) = DeliveryRecord.objects.filter(campaign__translation_key=joint_letter.translation_key)
    assert record.announcements.count() == 6
    captions = [photo.caption for photo in record.photos.order_by("sort_order")]
    assert len(captions) == 3 and captions[0].startswith("The joint letter")
    assert newsflash_texts(translation(joint_letter, "zh-hans")) == [
        ANNOUNCEMENTS["zh-hans"].replace("\n\n", " ")
    ]
    html = Client().get(translation(joint_letter, "th").url).content.decode()
    assert len(BeautifulSoup(html, "html.parser").select("section.deliveries figure img")) == 3


def test_a_thai_reader_sees_the_delivery_in_thai_and_a_korean_reader_the_marked_original(
    joint_letter: CampaignPage,
) -> None:
    record = make_record(joint_letter, {"en": EN})
    DeliveryAnnouncement.objects.create(
        record=record,
        language="th",
        text=TH,
        place="สถานเอกอัครราชทูตไทย ณ กรุงแคนเบอร์รา",
        delivered_by="กลุ่มริเวอร์ไลต์",
        delivered_to="",  # not translated: the record's own wording, marked as English
        captions="ยื่นจดหมายที่ประตูสถานทูต\n",
    )
    photo(record, "Handing over the letter at the embassy gate", (200, 80, 80))
    photo(record, "The boxes of signatures", (80, 200, 80))

    section = BeautifulSoup(
        Client().get(translation(joint_letter, "th").url).content.decode(), "html.parser"
    ).select_one("section.deliveries")
    facts = section.select(".delivery__facts dd")[1:]
    assert [dd.get_text(strip=True) for dd in facts] == [
        "สถานเอกอัครราชทูตไทย ณ กรุงแคนเบอร์รา",
        "กลุ่มริเวอร์ไลต์",
        "The Deputy Head of Mission",
    ]
    assert [dd.get("lang") for dd in facts] == [None, None, "en"]
    figures = section.select("figure")
    assert [figure.img["alt"] for figure in figures] == ["ยื่นจดหมายที่ประตูสถานทูต", "The boxes of signatures"]
    assert [figure.get("lang") for figure in figures] == [None, "en"]

    english = BeautifulSoup(Client().get(joint_letter.url).content.decode(), "html.parser")
    assert "Royal Thai Embassy, Canberra" in english.select_one("section.deliveries").get_text()
    assert english.select("section.deliveries [lang]") == []


def test_more_caption_lines_than_photos_are_refused_in_the_admin(
    staff_client: Client, joint_letter: CampaignPage
) -> None:
    data = {
        "campaign": str(joint_letter.pk),
        "delivered_at": (timezone.now() - timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
        "place": "Royal Thai Embassy, Canberra",
        "delivered_by": "Riverlight Collective",
        "delivered_to": "The Deputy Head of Mission",
        **_formset(
            "announcements",
            [{"language": "th", "text": TH, "place": "สถานทูต", "captions": "หนึ่ง\nสอง"}],
        ),
        **_formset("photos", []),
    }

    response = staff_client.post(reverse("wagtailsnippets_handover_deliveryrecord:add"), data)

    assert response.status_code == 200
    assert "There are 2 caption lines but 0 photos" in response.content.decode()
    assert not DeliveryRecord.objects.filter(place="Royal Thai Embassy, Canberra").exists()
    assert not Newsflash.objects.filter(page__translation_key=joint_letter.translation_key).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant", "th", "ko", "km"])
def test_the_demo_delivery_is_shown_in_every_language(language: str, demo_site: HomePage) -> None:
    from chorus.handover.demo_delivery import FACTS, load_demo_delivery
    from chorus.jointletters.demo import load_demo_joint_letter

    page = load_demo_joint_letter(demo_site)
    load_demo_delivery(page)
    shown = translation(page, language)
    section = BeautifulSoup(Client().get(shown.url).content.decode(), "html.parser").select_one(
        "section.deliveries"
    )
    place, by, to, captions = FACTS[language]
    assert [dd.get_text(strip=True) for dd in section.select(".delivery__facts dd")][1:] == [place, by, to]
    assert [caption.get_text() for caption in section.select("figcaption")] == captions
    assert section.select("[lang]") == []
