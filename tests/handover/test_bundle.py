"""Delivery bundles: who is printed, the cover letter's language, the task, the admin pages."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.handover import bundle as bundles
from chorus.handover.models import DeliveryBundle
from chorus.handover.services import bundles as bundle_services
from chorus.jointletters.models import JointLetterPage
from chorus.jointletters.signatures import Signature
from chorus.news.models import HomePage
from chorus.petitions.signatures import PetitionSignature
from chorus.typesetting.pdf_concat import PdfAppender
from tests.mfa import log_in_with_totp

THAI_LETTER = "<p>เรียน ท่านเอกอัครราชทูต</p><p>พวกเราขอให้ท่านยุติการบุกค้นสถานบริการทันที</p>"
ENGLISH_LETTER = "<p>Your Excellency,</p><p>We ask you to end the raids now.</p>"


@pytest.fixture
def joint_campaign(demo_site: HomePage) -> CampaignPage:
    """A joint letter campaign in English with a Thai translation."""
    page = JointLetterPage(
        title="End the raids",
        slug="end-the-raids-joint",
        joint_letter_text=ENGLISH_LETTER,
        joint_letter_recipient="H.E. the Ambassador of the Kingdom of Thailand",
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    thai = page.copy_for_translation(Locale.objects.get(language_code="th")).specific
    thai.title = "ยุติการบุกค้น"
    thai.joint_letter_text = THAI_LETTER
    thai.joint_letter_recipient = "ท่านเอกอัครราชทูตแห่งราชอาณาจักรไทย"
    thai.save_revision().publish()
    korean = page.copy_for_translation(Locale.objects.get(language_code="ko")).specific
    korean.title = "단속을 멈추라"
    korean.save_revision().publish()
    return page


def _action(page_id: int, state: str, number: int, kind: str = Action.Kind.JOINT_LETTER) -> Action:
    return Action.objects.create(
        page_id=page_id,
        kind=kind,
        state=state,
        language="en",
        submission_key=f"bundle-test-{number}",
        retain_until=timezone.now() + datetime.timedelta(days=30),
    )


def _sign(
    page: CampaignPage,
    name: str,
    country: str,
    *,
    state: str = Action.State.CONFIRMED,
    review: str = Review.APPROVED,
    individual: bool = False,
    kind: str = "ngo",
    number: int,
) -> Signature:
    return Signature.objects.create(
        action=_action(page.pk, state, number),
        page_id=page.pk,
        signer_type=Signature.SignerType.INDIVIDUAL if individual else Signature.SignerType.ORGANISATION,
        name=name,
        organisation_type="" if individual else kind,
        role="Researcher" if individual else "",
        country=country,
        city="",
        language="en",
        review=review,
    )


PRINTED = ["มูลนิธิเอ็มพาวเวอร์", "한국성노동자네트워크", "Scarlet Alliance", "香港性工作者協會", "Jamie Chen"]
NOT_PRINTED = ["Pending Review Org", "Rejected Org", "Flagged Org", "Unconfirmed Org", "Invalidated Org"]


@pytest.fixture
def signatures(joint_campaign: CampaignPage) -> None:
    page = joint_campaign
    _sign(page, "มูลนิธิเอ็มพาวเวอร์", "TH", kind="community", number=1)
    _sign(page, "한국성노동자네트워크", "KR", kind="network", number=2)
    _sign(page, "Scarlet Alliance", "AU", kind="network", number=3)
    _sign(page, "香港性工作者協會", "HK", kind="ngo", number=4)
    _sign(page, "Jamie Chen", "AU", individual=True, number=5)
    _sign(page, "Pending Review Org", "AU", review=Review.PENDING, number=6)
    _sign(page, "Rejected Org", "AU", review=Review.REJECTED, number=7)
    _sign(page, "Flagged Org", "AU", state=Action.State.FLAGGED, number=8)
    _sign(page, "Unconfirmed Org", "TH", state=Action.State.PENDING, number=9)
    _sign(page, "Invalidated Org", "KR", state=Action.State.INVALIDATED, number=10)


@pytest.fixture
def staff_client(demo_accounts: dict[str, AbstractUser]) -> Client:
    """Staff signed in with MFA set up (the admin asks for it)."""
    staff = demo_accounts["staff"]
    client = log_in_with_totp(Client(), staff)
    return client


@pytest.fixture
def bundle_dir(settings: Any, tmp_path: Path) -> Path:
    settings.CHORUS_BUNDLE_DIR = tmp_path / "bundles"
    return settings.CHORUS_BUNDLE_DIR


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def prepare_and_run(page: CampaignPage, language: str, capture: Any, **options: Any) -> DeliveryBundle:
    """Ask for a bundle the way the admin does; the task runs when the transaction commits
    (the test settings' ImmediateBackend runs it then, as the worker would)."""
    with capture(execute=True):
        bundle = bundle_services.prepare_bundle(page.pk, language, **options)
    bundle.refresh_from_db()
    return bundle


def test_bundle_prints_every_approved_signatory_and_no_one_else(
    joint_campaign: CampaignPage, signatures: None, bundle_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    bundle = prepare_and_run(joint_campaign, "th", django_capture_on_commit_callbacks)

    assert bundle.state == DeliveryBundle.State.READY
    assert bundle.total == 5
    assert bundle.done == bundle.total
    path = bundle_services.bundle_path(bundle)
    assert path is not None and path.parent == bundle_dir
    text = pdf_text(path)
    for name in PRINTED:
        assert name in text
    for name in NOT_PRINTED:
        assert name not in text
    # The Thai cover letter: its text, the recipient, a Buddhist-era date, the country names in Thai.
    assert "พวกเราขอให้ท่านยุติการบุกค้นสถานบริการทันที" in text
    assert "ท่านเอกอัครราชทูตแห่งราชอาณาจักรไทย" in text
    assert str(timezone.localdate().year + 543) in text
    assert "We ask you to end the raids now." not in text


def test_bundle_groups_by_country_then_organisation_type_then_individuals(
    joint_campaign: CampaignPage, signatures: None, bundle_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    bundle = prepare_and_run(joint_campaign, "en", django_capture_on_commit_callbacks)
    path = bundle_services.bundle_path(bundle)
    assert path is not None
    text = pdf_text(path)
    assert "We ask you to end the raids now." in text
    # Australia: the network before the individual; countries in English alphabetical order.
    australia = text.index("Australia")
    assert australia < text.index("network or coalition", australia) < text.index("Scarlet Alliance")
    assert text.index("Scarlet Alliance") < text.index("Individuals") < text.index("Jamie Chen")
    assert (
        text.index("Jamie Chen")
        < text.index("Hong Kong")
        < text.index("South Korea")
        < text.index("\nThailand\n")
    )

    # Country names in the cover letter's language (Thai headings are checked by eye: pdftotext
    # repeats some clusters of bold Thai).
    korean = prepare_and_run(joint_campaign, "ko", django_capture_on_commit_callbacks)
    korean_path = bundle_services.bundle_path(korean)
    assert korean_path is not None
    korean_text = pdf_text(korean_path)
    assert "오스트레일리아" in korean_text and "대한민국" in korean_text


def test_long_list_is_typeset_in_parts_with_page_numbers_running_on(
    joint_campaign: CampaignPage, bundle_dir: Path, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(bundles, "CHUNK_ROWS", 20)
    monkeypatch.setattr(bundles, "_MAX_ROWS", 40)
    for number in range(120):
        _sign(joint_campaign, f"Organisation {number:03d}", "AU" if number % 2 else "TH", number=100 + number)
    bundle = prepare_and_run(joint_campaign, "en", django_capture_on_commit_callbacks)
    assert (bundle.state, bundle.done, bundle.total) == (DeliveryBundle.State.READY, 120, 120)
    path = bundle_services.bundle_path(bundle)
    assert path is not None
    text = pdf_text(path)
    for number in range(120):
        assert f"Organisation {number:03d}" in text
    assert "Australia (continued)" in text
    pages = text.count("\f")
    assert f"Page {pages}" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert f"Pages:           {pages}" in info.stdout
    assert info.stderr == ""


def test_petition_bundle_lists_opted_in_names_count_and_approved_comments(
    campaign: CampaignPage, bundle_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [
        ("สมหญิง", "ขอให้หยุดการบุกค้น", Review.APPROVED, Action.State.CONFIRMED),
        ("지현", "", "", Action.State.CONFIRMED),
        ("", "Anonymous but approved", Review.APPROVED, Action.State.CONFIRMED),
        ("Hidden Pending", "Pending comment", Review.PENDING, Action.State.CONFIRMED),
        ("Not Confirmed", "", "", Action.State.PENDING),
    ]
    for number, (name, comment, review, state) in enumerate(rows):
        PetitionSignature.objects.create(
            action=_action(campaign.pk, state, 500 + number, kind=Action.Kind.PETITION),
            page_id=campaign.pk,
            display_name=name,
            comment=comment if review == Review.APPROVED else "",
            comment_review=review,
            language="th",
        )
    bundle = prepare_and_run(campaign, "en", django_capture_on_commit_callbacks, include_comments=True)
    path = bundle_services.bundle_path(bundle)
    assert path is not None
    text = pdf_text(path)
    assert "4 people signed this petition; 3 of them chose to show their name" in text
    for shown in ("สมหญิง", "지현", "Hidden Pending", "ขอให้หยุดการบุกค้น", "Anonymous but approved"):
        assert shown in text
    assert "Not Confirmed" not in text
    assert "Pending comment" not in text


def test_failed_bundle_is_shown_as_failed_and_can_be_tried_again(
    joint_campaign: CampaignPage,
    signatures: None,
    bundle_dir: Path,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
    staff_client: Client,
) -> None:
    def broken(inputs: dict[str, str]) -> bytes:
        raise RuntimeError("typst exploded")

    monkeypatch.setattr(bundles, "_typeset", broken)
    bundle = prepare_and_run(joint_campaign, "en", django_capture_on_commit_callbacks)
    assert bundle.state == DeliveryBundle.State.FAILED
    assert not list(bundle_dir.iterdir())  # no half-written file left behind

    client = staff_client
    page = client.get(reverse("handover_admin:bundle_campaign", args=[joint_campaign.pk]))
    html = page.content.decode()
    assert "The bundle could not be prepared" in html
    assert reverse("handover_admin:bundle_retry", args=[bundle.pk]) in html

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handover_admin:bundle_retry", args=[bundle.pk]))
    assert response.status_code == 302
    bundle.refresh_from_db()
    assert bundle.state == DeliveryBundle.State.READY
    assert bundle.error == ""


@pytest.mark.parametrize("state", [DeliveryBundle.State.QUEUED, DeliveryBundle.State.RUNNING])
def test_bundle_stuck_without_progress_for_ten_minutes_can_be_tried_again(
    state: str,
    joint_campaign: CampaignPage,
    signatures: None,
    bundle_dir: Path,
    django_capture_on_commit_callbacks: Any,
    staff_client: Client,
) -> None:
    """The worker died (or the task was lost): the bundle would stay "queued"/"running" forever."""
    with django_capture_on_commit_callbacks(execute=False):  # the task never runs
        bundle = bundle_services.prepare_bundle(joint_campaign.pk, "en")
    DeliveryBundle.objects.filter(pk=bundle.pk).update(state=state, total=5, done=2)
    client = staff_client
    campaign_url = reverse("handover_admin:bundle_campaign", args=[joint_campaign.pk])
    retry_url = reverse("handover_admin:bundle_retry", args=[bundle.pk])
    status_url = reverse("handover_admin:bundle_status", args=[bundle.pk])

    # Progress nine minutes ago: it may still be working, so no retry.
    DeliveryBundle.objects.filter(pk=bundle.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=9)
    )
    assert retry_url not in client.get(campaign_url).content.decode()
    assert client.get(status_url).json()["stale"] is False
    response = client.post(retry_url, follow=True)
    assert "has made no progress for 10 minutes" in response.content.decode()
    bundle.refresh_from_db()
    assert (bundle.state, bundle.done) == (state, 2)

    # Eleven minutes: stale. The page says so and offers to try again.
    DeliveryBundle.objects.filter(pk=bundle.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    html = client.get(campaign_url).content.decode()
    assert "No progress for over 10 minutes" in html
    assert retry_url in html
    assert client.get(status_url).json()["stale"] is True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    bundle.refresh_from_db()
    assert (bundle.state, bundle.done, bundle.total) == (DeliveryBundle.State.READY, 5, 5)
    path = bundle_services.bundle_path(bundle)
    assert path is not None and "Scarlet Alliance" in pdf_text(path)


def test_progress_keeps_a_running_bundle_fresh(
    joint_campaign: CampaignPage,
    signatures: None,
    bundle_dir: Path,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
) -> None:
    """Each typeset part is a sign of life; a ready bundle is never stale, nor retried."""
    seen: list[datetime.datetime] = []
    typeset = bundles._typeset

    def watched(inputs: dict[str, str]) -> bytes:
        seen.append(DeliveryBundle.objects.get().updated_at)
        return typeset(inputs)

    long_ago = timezone.now() - datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bundle = bundle_services.prepare_bundle(joint_campaign.pk, "en")
    DeliveryBundle.objects.filter(pk=bundle.pk).update(updated_at=long_ago)
    monkeypatch.setattr(bundles, "_typeset", watched)
    for callback in callbacks:  # the commit: the task runs
        callback()
    bundle.refresh_from_db()
    assert bundle.state == DeliveryBundle.State.READY
    assert seen and all(moment > long_ago + datetime.timedelta(minutes=50) for moment in seen)
    DeliveryBundle.objects.filter(pk=bundle.pk).update(updated_at=long_ago)
    bundle.refresh_from_db()
    assert not bundle_services.is_stale(bundle)
    with pytest.raises(bundles.BundleNotPossible):
        bundle_services.retry_bundle(bundle.pk)


def test_a_lost_run_that_comes_back_after_a_retry_leaves_the_new_run_alone(
    joint_campaign: CampaignPage,
    signatures: None,
    bundle_dir: Path,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
) -> None:
    """The first run stalls mid-way; staff retry; the second run finishes; then the first wakes
    up: it must not overwrite the ready bundle's state or file."""
    with django_capture_on_commit_callbacks(execute=False):
        bundle = bundle_services.prepare_bundle(joint_campaign.pk, "en")
    typeset = bundles._typeset
    outcomes: list[str] = []
    stalled: list[bool] = []

    def stalls_once(inputs: dict[str, str]) -> bytes:
        if inputs["cover"] == "0" and not stalled:  # the first run, at its first list part
            stalled.append(True)
            long_ago = timezone.now() - datetime.timedelta(hours=1)
            DeliveryBundle.objects.filter(pk=bundle.pk).update(updated_at=long_ago)
            with django_capture_on_commit_callbacks(execute=False):
                bundle_services.retry_bundle(bundle.pk)
            outcomes.append(bundle_services.build_bundle(bundle.pk))  # the retry's run, to the end
        return typeset(inputs)

    monkeypatch.setattr(bundles, "_typeset", stalls_once)
    outcomes.append(bundle_services.build_bundle(bundle.pk))

    assert outcomes[0].endswith("pages") and outcomes[1] == "superseded"
    bundle.refresh_from_db()
    assert bundle.state == DeliveryBundle.State.READY and bundle.run == 2
    assert bundle.done == bundle.total > 0
    files = sorted(path.name for path in bundle_dir.iterdir())
    assert files == [bundle.file_name]  # the first run's file is gone, the served one is whole
    assert "Scarlet Alliance" in pdf_text(bundle_dir / bundle.file_name)


def test_moderation_links_to_the_bundle_and_the_bundle_page_back(
    joint_campaign: CampaignPage, campaign: CampaignPage, staff_client: Client
) -> None:
    client = staff_client
    campaign_url = reverse("handover_admin:bundle_campaign", args=[joint_campaign.pk])
    moderation_url = reverse("jointletters_admin:joint_letter_moderation", args=[joint_campaign.pk])
    assert campaign_url in client.get(reverse("jointletters_admin:joint_letters")).content.decode()
    queue = client.get(moderation_url).content.decode()
    assert campaign_url in queue and "Prepare delivery bundle" in queue
    # From a translation's queue too: bundles belong to the original page.
    thai = joint_campaign.get_translation(Locale.objects.get(language_code="th"))
    thai_queue = client.get(
        reverse("jointletters_admin:joint_letter_moderation", args=[thai.pk]), follow=True
    )
    assert thai_queue.redirect_chain == [(moderation_url, 302)]
    assert campaign_url in thai_queue.content.decode()

    # (The admin menu links to every moderation page: look for the links in the page body.)
    bundle_page = client.get(campaign_url).content.decode()
    assert f'href="{moderation_url}">Joint letter signatures waiting for review' in bundle_page
    assert "Petition comments waiting for review" not in bundle_page
    petition_page = client.get(reverse("handover_admin:bundle_campaign", args=[campaign.pk])).content.decode()
    comments_url = reverse("petitions_admin:comments")
    assert f'href="{comments_url}">Petition comments waiting for review' in petition_page
    assert "Joint letter signatures waiting for review" not in petition_page


def test_admin_prepares_shows_progress_and_serves_the_pdf_to_staff_only(
    joint_campaign: CampaignPage,
    signatures: None,
    bundle_dir: Path,
    django_capture_on_commit_callbacks: Any,
    staff_client: Client,
    demo_accounts: dict[str, AbstractUser],
) -> None:
    client = staff_client
    campaign_url = reverse("handover_admin:bundle_campaign", args=[joint_campaign.pk])
    index = client.get(reverse("handover_admin:bundles"))
    assert campaign_url in index.content.decode()
    page = client.get(campaign_url)
    assert page.status_code == 200
    assert "Prepare delivery bundle" in page.content.decode()
    assert 'value="th"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("handover_admin:bundle_prepare", args=[joint_campaign.pk]), {"language": "th"}
        )
    assert response.status_code == 302
    bundle = DeliveryBundle.objects.get(page_id=joint_campaign.pk)
    assert bundle.state == DeliveryBundle.State.QUEUED
    # While it waits: a progress bar that the script polls.
    html = client.get(campaign_url).content.decode()
    assert "<progress" in html
    assert reverse("handover_admin:bundle_status", args=[bundle.pk]) in html
    assert "core/js/progress.js" in html
    assert client.get(reverse("handover_admin:bundle_status", args=[bundle.pk])).json()["finished"] is False

    for callback in callbacks:  # the commit: the task runs
        callback()
    status = client.get(reverse("handover_admin:bundle_status", args=[bundle.pk])).json()
    assert status["state"] == "ready" and status["done"] == status["total"] == 5 and status["percent"] == 100
    download_url = reverse("handover_admin:bundle_download", args=[bundle.pk])
    assert download_url in client.get(campaign_url).content.decode()

    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]

    client.logout()
    anonymous = client.get(download_url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(demo_accounts["member"])
    member = client.get(download_url)
    assert member.status_code in (302, 403)
    assert member.get("Content-Type") != "application/pdf"


def test_prepare_refuses_a_language_the_campaign_is_not_written_in(
    joint_campaign: CampaignPage, staff_client: Client, bundle_dir: Path
) -> None:
    response = staff_client.post(
        reverse("handover_admin:bundle_prepare", args=[joint_campaign.pk]), {"language": "km"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not DeliveryBundle.objects.exists()


def test_old_bundles_are_deleted_with_their_files(
    joint_campaign: CampaignPage, signatures: None, bundle_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    old = prepare_and_run(joint_campaign, "en", django_capture_on_commit_callbacks)
    new = prepare_and_run(joint_campaign, "en", django_capture_on_commit_callbacks)
    DeliveryBundle.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    old_file = bundle_dir / old.file_name
    assert old_file.is_file()

    assert bundle_services.delete_old_bundles() == 1
    assert not old_file.exists()
    assert not DeliveryBundle.objects.filter(pk=old.pk).exists()
    assert bundle_services.bundle_path(DeliveryBundle.objects.get(pk=new.pk)) is not None


def test_concatenation_keeps_text_that_looks_like_a_pdf_reference(tmp_path: Path) -> None:
    """A name such as "Unit 3 0 R" is text inside a string and must come out unchanged."""
    import typst

    source = tmp_path / "doc.typ"
    source.write_text(
        '#set document(title: "Unit 3 0 R")\n#set text(font: "Noto Sans")\nUnit 3 0 R (a) \\\\ b\n'
    )
    pdf = typst.compile(source, format="pdf")
    assert isinstance(pdf, bytes)
    output = tmp_path / "joined.pdf"
    with output.open("wb") as file:
        joined = PdfAppender(file)
        joined.append(pdf)
        joined.append(pdf)
        joined.finish(title="ทดสอบ", language="th")
    assert joined.pages == 2
    assert pdf_text(output).count("Unit 3 0 R") == 2
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True)
    assert "ทดสอบ" in info.stdout and info.stderr == ""
