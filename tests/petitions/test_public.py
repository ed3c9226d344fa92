"""Petition extras: public display names, comments under review, the recent-signers list."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale

from chorus.actions.forms import new_form_token
from chorus.actions.models import Action
from chorus.actions.services import ConsentGiven, Submission, confirm_action, flag_action, invalidate_action
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.core.crypto import server_decrypt
from chorus.petitions import services as petition
from chorus.petitions.forms import PETITION_CONSENT_VERSION
from chorus.petitions.models import PetitionPage
from chorus.petitions.signatures import PetitionSignature
from chorus.privacy.retention import purge_expired
from chorus.supporters.models import Consent
from tests.mfa import log_in_with_totp

pytestmark = pytest.mark.django_db

NAME = "王秘密"
SHOWN = "小明在北京"
COMMENT = "我支持这个请愿，因为突击搜查让我们的工作更危险。"


@pytest.fixture
def petition_page(campaign: CampaignPage) -> CampaignPage:
    """The demo petition with both public fields offered, in every translation."""
    PetitionPage.objects.filter(translation_key=campaign.translation_key).update(
        petition_ask_display_name=True, petition_ask_comment=True
    )
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def staff_client(demo_accounts: dict[str, Any]) -> Client:
    staff = demo_accounts["staff"]
    client = log_in_with_totp(Client(), staff)
    return client


def url_in(page: CampaignPage, language: str) -> str:
    return page.get_translation(Locale.objects.get(language_code=language)).url


_addresses = iter(range(1, 250))


def sign_in(
    page: CampaignPage, language: str = "zh-hans", client: Client | None = None, **fields: Any
) -> Any:
    data: dict[str, Any] = {
        "form_token": new_form_token(started_at=time.time() - 10),
        "name": NAME,
        "email": "wang.mimi@example.org",
        "country": "CN",
        "consent": "on",
        "website": "",
    }
    url = fields.pop("url", None) or url_in(page, language) + "sign/"
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return (client or Client()).post(
        url, data, REMOTE_ADDR=f"198.51.100.{next(_addresses) % 250}", HTTP_ORIGIN="http://testserver"
    )


def confirm(action: Action, language: str = "zh-hans") -> None:
    response = Client().post(f"/{language}/confirm/?token={confirm_token(action)}")
    assert response.status_code == 200


def public_section(page: CampaignPage, language: str = "zh-hans") -> tuple[str, str]:
    """(recent signers text, comments text) as a visitor sees them."""
    response = Client().get(url_in(page, language))
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    recent = html.select_one(".recent-signers")
    comments = html.select_one(".petition-comments")
    return (
        recent.get_text(" ", strip=True) if recent else "",
        comments.get_text(" ", strip=True) if comments else "",
    )


def readable_anywhere(needle: str) -> list[str]:
    """Tables in which `needle` can be read as text, in any column of any row."""
    found = []
    encoded = needle.encode()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("browser_demo_snapshot"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            if any(
                (isinstance(cell, str) and needle in cell)
                or (isinstance(cell, bytes | memoryview) and encoded in bytes(cell))
                for row in cursor.fetchall()
                for cell in row
            ):
                found.append(table)
    return sorted(set(found))


# --- the form ----------------------------------------------------------------------------------


def test_the_form_offers_the_public_fields_only_when_the_page_does(campaign: CampaignPage, org_key) -> None:
    PetitionPage.objects.filter(translation_key=campaign.translation_key).update(
        petition_ask_display_name=False, petition_ask_comment=False
    )
    html = Client().get(url_in(campaign, "zh-hans")).content.decode()
    assert 'name="show_name"' not in html and 'name="comment"' not in html

    PetitionPage.objects.filter(translation_key=campaign.translation_key).update(
        petition_ask_display_name=True, petition_ask_comment=True
    )
    page = BeautifulSoup(Client().get(url_in(campaign, "zh-hans")).content.decode(), "html.parser")
    for name in ("show_name", "display_name", "comment"):
        field = page.select_one(f'form [name="{name}"]')
        assert field is not None
        assert page.select_one(f'label[for="{field["id"]}"]') is not None
    assert page.select_one('[name="comment"]')["maxlength"] == "500"
    assert page.select_one('[name="display_name"]')["maxlength"] == "80"


def test_a_too_long_comment_gets_a_translated_error_and_stores_nothing(petition_page, org_key) -> None:
    response = sign_in(petition_page, comment="长" * 501)
    assert response.status_code == 200
    errors = BeautifulSoup(response.content.decode(), "html.parser").select_one(".field--error")
    assert errors is not None and "501" in errors.get_text()
    assert "Please shorten" not in errors.get_text()  # in Chinese
    assert Action.objects.count() == 0 and PetitionSignature.objects.count() == 0


# --- display names -----------------------------------------------------------------------------


def test_a_name_signed_in_chinese_is_listed_once_confirmed_and_only_with_the_opt_in(
    petition_page, org_key
) -> None:
    assert sign_in(petition_page, show_name="on", display_name=SHOWN).status_code == 302
    action = Action.objects.get()
    signature = PetitionSignature.objects.get()
    assert (signature.display_name, signature.language, signature.page_id) == (
        SHOWN,
        "zh-hans",
        petition_page.pk,
    )
    assert Consent.objects.filter(action=action, purpose=Consent.Purpose.PUBLIC_NAME).exists()

    recent, _comments = public_section(petition_page)
    assert SHOWN not in recent  # pending: not yet

    confirm(action)
    recent, _comments = public_section(petition_page)
    assert SHOWN in recent
    assert "中国" not in recent  # a name was agreed to, not the country given
    recent_en, _comments = public_section(petition_page, "en")
    assert SHOWN in recent_en and "China" not in recent_en
    assert NAME not in recent  # the full name only when chosen
    assert readable_anywhere(SHOWN) == ["signons_petitionsignature"]


def test_an_empty_name_to_show_shows_the_name_given(petition_page, org_key) -> None:
    sign_in(petition_page, show_name="on", display_name="")
    confirm(Action.objects.get())
    recent, _comments = public_section(petition_page)
    assert NAME in recent


def test_without_the_opt_in_the_name_is_nowhere_readable(petition_page, org_key) -> None:
    assert sign_in(petition_page, display_name=SHOWN).status_code == 302  # typed, not ticked
    action = Action.objects.get()
    confirm(action)
    assert PetitionSignature.objects.count() == 0
    assert not Consent.objects.filter(purpose=Consent.Purpose.PUBLIC_NAME).exists()
    assert readable_anywhere(SHOWN) == []
    assert readable_anywhere(NAME) == []
    recent, _comments = public_section(petition_page)
    assert SHOWN not in recent and NAME not in recent


def test_a_replayed_post_creates_nothing_new(petition_page, org_key) -> None:
    token = new_form_token(started_at=time.time() - 10)
    for _ in range(3):
        sign_in(petition_page, form_token=token, show_name="on", display_name=SHOWN, comment=COMMENT)
    # The same person again from a fresh form: still one action, one public part.
    sign_in(petition_page, show_name="on", display_name="别的名字", comment="另一条评论")
    assert Action.objects.count() == 1
    assert PetitionSignature.objects.get().display_name == SHOWN


@pytest.mark.parametrize("set_aside", ["flagged", "invalidated", "pending"])
def test_signers_set_aside_are_never_listed(petition_page, org_key, set_aside: str) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN)
    action = Action.objects.get()
    if set_aside != "pending":
        confirm(action)
    if set_aside == "flagged":
        flag_action(action.pk, "test")
    elif set_aside == "invalidated":
        invalidate_action(action.pk)
    recent, _comments = public_section(petition_page)
    assert SHOWN not in recent


def test_a_bot_flagged_at_intake_is_never_listed_even_after_confirming(petition_page, org_key) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN, website="http://spam.example")
    action = Action.objects.get()
    assert action.state == Action.State.FLAGGED
    confirm(action)
    recent, _comments = public_section(petition_page)
    assert SHOWN not in recent


def test_purging_removes_the_public_part(petition_page, org_key) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN, comment=COMMENT)
    confirm(Action.objects.get())
    purge_expired(now=timezone.now() + timedelta(days=petition_page.retention_days + 1))
    assert PetitionSignature.objects.count() == 0
    assert readable_anywhere(SHOWN) == []
    recent, _comments = public_section(petition_page)
    assert SHOWN not in recent


# --- comments ----------------------------------------------------------------------------------


def test_a_pending_comment_is_encrypted_and_not_shown(petition_page, org_key) -> None:
    sign_in(petition_page, comment=COMMENT)
    confirm(Action.objects.get())
    signature = PetitionSignature.objects.get()
    assert signature.comment == "" and signature.comment_review == Review.PENDING
    assert signature.display_name == ""
    assert server_decrypt(bytes(signature.pending_comment)) == {"comment": COMMENT}
    assert readable_anywhere(COMMENT) == []
    _recent, comments = public_section(petition_page)
    assert COMMENT not in comments


def test_staff_approve_a_comment_and_it_is_shown(petition_page, org_key, staff_client: Client) -> None:
    sign_in(petition_page, comment=COMMENT)
    confirm(Action.objects.get())
    signature = PetitionSignature.objects.get()

    listing = staff_client.get("/admin/petitions/comments/")
    assert listing.status_code == 200
    assert COMMENT in listing.content.decode()  # decrypted for the reviewer
    assert "Petition comments (1)" in staff_client.get("/admin/").content.decode()

    response = staff_client.post("/admin/petitions/comments/review/", {"approve_one": signature.pk})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.comment == COMMENT and signature.pending_comment is None
    assert signature.comment_review == Review.APPROVED and signature.reviewed_at is not None

    _recent, comments = public_section(petition_page)
    assert COMMENT in comments
    with translation.override("zh-hans"):
        assert gettext("A supporter") in comments  # no name was offered, and no country is shown
    assert "中国" not in comments
    assert NAME not in comments
    assert COMMENT not in staff_client.get("/admin/petitions/comments/").content.decode()


def test_an_approved_comment_carries_the_display_name_when_opted_in(
    petition_page, org_key, staff_client: Client
) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN, comment=COMMENT)
    confirm(Action.objects.get())
    staff_client.post(
        "/admin/petitions/comments/review/",
        {"decision": "approve", "selected": [PetitionSignature.objects.get().pk]},
    )
    _recent, comments = public_section(petition_page)
    assert COMMENT in comments and SHOWN in comments


def test_a_rejected_comment_is_wiped_and_never_shown(petition_page, org_key, staff_client: Client) -> None:
    sign_in(petition_page, comment=COMMENT)
    confirm(Action.objects.get())
    signature = PetitionSignature.objects.get()
    staff_client.post("/admin/petitions/comments/review/", {"decision": "reject", "selected": [signature.pk]})
    signature.refresh_from_db()
    assert signature.comment_review == Review.REJECTED
    assert signature.comment == "" and signature.pending_comment is None
    # Approving afterwards does nothing: there is nothing left to publish.
    staff_client.post("/admin/petitions/comments/review/", {"approve_one": signature.pk})
    signature.refresh_from_db()
    assert signature.comment_review == Review.REJECTED
    _recent, comments = public_section(petition_page)
    assert COMMENT not in comments


def test_staff_take_down_a_published_name_and_comment(petition_page, org_key, staff_client: Client) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN, comment=COMMENT)
    confirm(Action.objects.get())
    signature = PetitionSignature.objects.get()
    staff_client.post("/admin/petitions/comments/review/", {"approve_one": signature.pk})
    recent, comments = public_section(petition_page)
    assert SHOWN in recent and COMMENT in comments

    listing = staff_client.get("/admin/petitions/comments/published/")
    assert listing.status_code == 200
    assert SHOWN in listing.content.decode() and COMMENT in listing.content.decode()

    response = staff_client.post(
        "/admin/petitions/comments/published/take-down/", {"hide_name": signature.pk}
    )
    assert response.status_code == 302
    recent, comments = public_section(petition_page)
    assert SHOWN not in recent and SHOWN not in comments
    assert COMMENT in comments  # the comment stays, now from "a supporter"
    assert readable_anywhere(SHOWN) == []  # wiped, not hidden

    staff_client.post("/admin/petitions/comments/published/take-down/", {"withdraw_comment": signature.pk})
    _recent, comments = public_section(petition_page)
    assert COMMENT not in comments
    assert readable_anywhere(COMMENT) == []
    signature.refresh_from_db()
    assert signature.comment_review == Review.REJECTED
    assert "No name or comment" in staff_client.get("/admin/petitions/comments/published/").content.decode()


@pytest.mark.parametrize("data", [{}, {"hide_name": "x"}, {"withdraw_comment": "-1"}, {"hide_name": "99999"}])
def test_taking_down_with_a_bad_choice_changes_nothing(
    petition_page, org_key, staff_client: Client, data: dict[str, str]
) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN)
    confirm(Action.objects.get())
    response = staff_client.post("/admin/petitions/comments/published/take-down/", data, follow=True)
    assert response.status_code == 200
    assert PetitionSignature.objects.get().display_name == SHOWN
    recent, _comments = public_section(petition_page)
    assert SHOWN in recent


def test_taking_down_needs_the_moderation_permission(petition_page, org_key, demo_accounts) -> None:
    sign_in(petition_page, show_name="on", display_name=SHOWN)
    confirm(Action.objects.get())
    signature = PetitionSignature.objects.get()
    member = Client()
    member.force_login(demo_accounts["member"])
    for url, data in [
        ("/admin/petitions/comments/published/", None),
        ("/admin/petitions/comments/published/take-down/", {"hide_name": signature.pk}),
    ]:
        response = member.post(url, data) if data else member.get(url)
        assert response.status_code in (302, 403)
    assert PetitionSignature.objects.get().display_name == SHOWN


def test_a_comment_of_an_unconfirmed_signer_cannot_be_approved(
    petition_page, org_key, staff_client: Client
) -> None:
    sign_in(petition_page, comment=COMMENT)
    signature = PetitionSignature.objects.get()
    listing = BeautifulSoup(staff_client.get("/admin/petitions/comments/").content.decode(), "html.parser")
    row = listing.select_one("tr.comment--unconfirmed")
    assert row is not None and COMMENT in row.get_text()
    assert row.select_one('[name="approve_one"]') is None

    staff_client.post(
        "/admin/petitions/comments/review/", {"decision": "approve", "selected": [signature.pk]}
    )
    signature.refresh_from_db()
    assert signature.comment_review == Review.PENDING and signature.comment == ""


def test_comment_moderation_needs_the_moderator_permission(demo_accounts, petition_page, org_key) -> None:
    sign_in(petition_page, comment=COMMENT)
    member = Client()
    member.force_login(demo_accounts["member"])
    assert member.get("/admin/petitions/comments/").status_code in {302, 403}
    signature = PetitionSignature.objects.get()
    member.post("/admin/petitions/comments/review/", {"reject_one": signature.pk})
    signature.refresh_from_db()
    assert signature.comment_review == Review.PENDING


# --- the query budget --------------------------------------------------------------------------


def _confirmed_signatures(page: CampaignPage, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        outcome = petition.sign_petition(
            Submission(
                page_id=page.pk,
                kind="petition",
                language="ko",
                submission_key=f"budget-{number}",
                details={"name": f"서명자 {number}", "email": f"signer{number}@example.org"},
                email=f"signer{number}@example.org",
                country="KR",
                consents=[ConsentGiven(Consent.Purpose.ACTION, PETITION_CONSENT_VERSION)],
            ),
            petition.PublicPart(display_name=f"서명자 {number}", comment=f"의견 {number}"),
        )
        confirm_action(confirm_token(outcome.action))
    petition.approve_comments(list(PetitionSignature.objects.values_list("pk", flat=True)))


def _queries_for(url: str) -> tuple[int, int]:
    client = Client()
    client.get(url)  # warm caches that are not this section's
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    ours = [query for query in queries.captured_queries if "signons_petitionsignature" in query["sql"]]
    return len(queries.captured_queries), len(ours)


def test_the_public_section_costs_at_most_three_queries_whatever_the_number_of_signers(
    petition_page, org_key
) -> None:
    url = url_in(petition_page, "ko")
    _confirmed_signatures(petition_page, 3)
    total_few, ours_few = _queries_for(url)
    assert ours_few <= 3
    _confirmed_signatures(petition_page, 20, start=3)
    total_many, ours_many = _queries_for(url)
    assert ours_many <= 3
    assert total_many == total_few

    recent, _comments = public_section(petition_page, "ko")
    html = BeautifulSoup(Client().get(url).content.decode(), "html.parser")
    assert len(html.select(".recent-signers__item")) == petition.RECENT_SIGNERS
    assert "서명자 22" in recent and "서명자 2 " not in recent + " "
    assert len(html.select(".petition-comment")) == petition.RECENT_COMMENTS


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_petition_shows_names_and_comments_and_loads_once(campaign: CampaignPage, org_key) -> None:
    from chorus.petitions.demo import load_demo_signatures

    assert load_demo_signatures(campaign) == 40
    assert load_demo_signatures(campaign) == 0
    assert Action.objects.filter(page_id=campaign.pk).count() == 40
    assert PetitionSignature.objects.filter(comment_review=Review.PENDING).count() == 1
    approved = PetitionSignature.objects.filter(comment_review=Review.APPROVED)
    assert approved.count() >= 3
    assert len(set(approved.values_list("language", flat=True))) >= 3

    recent, comments = public_section(campaign, "th")
    for name in ("มาลี", "小明", "지현", "ចាន់ធី"):
        assert name in recent
    assert "美玲" in recent  # her second, confirmed signature
    assert "Raids made my friends less safe" not in comments  # still waiting
    assert "每次搜查之后" in comments
