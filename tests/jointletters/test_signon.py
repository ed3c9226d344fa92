"""Joint letters: organisations and individuals co-sign, staff moderate, the public list."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from wagtail.models import Locale

from chorus.actions.forms import new_form_token
from chorus.actions.models import Action
from chorus.actions.services import confirm_action, flag_action, set_paused
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.core.crypto import server_decrypt
from chorus.delivery.models import Outbox
from chorus.handover.models import DeliveryBundle
from chorus.jointletters import services
from chorus.jointletters.models import JointLetterPage
from chorus.jointletters.signatures import Signature
from chorus.news.models import HomePage
from chorus.privacy.retention import purge_expired
from chorus.supporters.models import Consent, UpdateSubscription
from tests.mfa import log_in_with_totp

pytestmark = pytest.mark.django_db

LETTER = "<p>Your Excellency, we ask you to end the raids and to protect the rights of sex workers.</p>"


@pytest.fixture
def letter_page(demo_site: HomePage, org_key: Any) -> CampaignPage:
    """A joint letter campaign in English with a Korean translation, no signatures."""
    page = JointLetterPage(
        title="Joint letter to the Ambassador",
        slug="joint-letter-test",
        summary="Organisations co-sign a letter.",
        joint_letter_text=LETTER,
        joint_letter_recipient="H.E. the Ambassador of the Kingdom of Thailand",
        goal=100,
        locale=Locale.get_default(),
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    korean = page.copy_for_translation(Locale.objects.get(language_code="ko")).specific
    korean.title = "대사에게 보내는 공동 서한"
    korean.save_revision().publish()
    return page


def url_in(page: CampaignPage, language: str) -> str:
    return page.get_translation(Locale.objects.get(language_code=language)).url


_addresses = iter(range(1, 10_000))


def org_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": new_form_token(started_at=time.time() - 10),
        "sign_as": "organisation",
        "org_name": "Riverlight Sex Worker Collective",
        "org_type": "community",
        "org_country": "AU",
        "org_city": "Melbourne",
        "org_website": "https://riverlight.example.org",
        "contact_name": "Alex Morgan",
        "contact_email": "alex@riverlight.example.org",
        "consent": "on",
        "show_publicly": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def individual_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": new_form_token(started_at=time.time() - 10),
        "sign_as": "individual",
        "ind_name": "김지현",
        "ind_role": "연구자, 서울대학교",
        "ind_country": "KR",
        "ind_email": "jihyun@example.org",
        "consent": "on",
        "show_publicly": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(page: CampaignPage, data: dict[str, Any], language: str = "en", client: Client | None = None) -> Any:
    return (client or Client()).post(
        url_in(page, language) + "join/",
        data,
        REMOTE_ADDR=f"198.51.{next(_addresses) // 250}.{next(_addresses) % 250}",
    )


def sign(page: CampaignPage, language: str = "en", **overrides: Any) -> Signature:
    data = individual_data(**overrides) if overrides.get("sign_as") == "individual" else org_data(**overrides)
    response = post(page, data, language)
    assert response.status_code == 302, errors_of(response)
    return Signature.objects.latest("pk")


def errors_of(response: Any) -> str:
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(node.get_text(" ", strip=True) for node in html.select(".form-errors, .field__errors"))


def confirm(signature: Signature) -> None:
    confirm_action(confirm_token(signature.action))


def approved_and_confirmed(page: CampaignPage, language: str = "en", **overrides: Any) -> Signature:
    signature = sign(page, language, **overrides)
    confirm(signature)
    services.approve([signature.pk])
    return signature


def public_text(page: CampaignPage, language: str = "en") -> str:
    response = Client().get(url_in(page, language))
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    section = html.select_one(".signatories")
    return section.get_text(" ", strip=True) if section else ""


def mails_for(action: Action, kind: str = Outbox.Kind.NOTIFICATION) -> list[dict[str, Any]]:
    return [server_decrypt(bytes(row.payload)) for row in Outbox.objects.filter(action=action, kind=kind)]


def png_bytes(size: tuple[int, int] = (1200, 800), fmt: str = "PNG", **save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 90)).save(out, format=fmt, **save)
    return out.getvalue()


# --- signing -----------------------------------------------------------------------------------


def test_the_form_offers_both_groups_with_labels_and_multipart(letter_page: CampaignPage) -> None:
    html = BeautifulSoup(Client().get(url_in(letter_page, "ko")).content.decode(), "html.parser")
    form = html.select_one("form.signon-form")
    assert form is not None and form["enctype"] == "multipart/form-data"
    korean = letter_page.get_translation(Locale.objects.get(language_code="ko"))
    assert form["action"] == f"/ko/act/{korean.pk}/"
    for name in ("org_name", "org_type", "org_country", "org_logo", "contact_email", "ind_name", "ind_email"):
        field = form.select_one(f'[name="{name}"]')
        assert field is not None, name
        assert html.select_one(f'label[for="{field["id"]}"]') is not None
    assert form.select_one('[name="show_publicly"]').get("checked") is None  # opt-in, unticked
    assert len(form.select('input[name="sign_as"][type="radio"]')) == 2
    assert html.select_one(".joint-letter").get_text().count("Ambassador") >= 1


def test_individuals_are_offered_only_when_the_page_allows_them(letter_page: CampaignPage) -> None:
    JointLetterPage.objects.filter(translation_key=letter_page.translation_key).update(
        joint_letter_individuals=False
    )
    html = Client().get(url_in(letter_page, "en")).content.decode()
    assert 'name="ind_name"' not in html
    response = post(letter_page, individual_data())
    assert response.status_code == 200
    assert Signature.objects.count() == 0


def test_an_organisation_signs_and_everything_lands_where_it_should(letter_page: CampaignPage) -> None:
    response = post(letter_page, org_data(updates="on"), "ko")
    assert response.status_code == 302 and response["Location"].endswith("/join/thanks/")
    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200

    signature = Signature.objects.get()
    action = signature.action
    assert (action.kind, action.page_id, action.country, action.language) == (
        "joint_letter",
        letter_page.pk,
        "AU",
        "ko",
    )
    assert signature.page_id == letter_page.pk
    assert (signature.signer_type, signature.name, signature.organisation_type) == (
        "organisation",
        "Riverlight Sex Worker Collective",
        "community",
    )
    assert (signature.city, signature.website, signature.show_publicly, signature.language) == (
        "Melbourne",
        "https://riverlight.example.org",
        True,
        "ko",
    )
    assert signature.review == Review.PENDING
    assert server_decrypt(bytes(signature.encrypted_contact)) == {
        "email": "alex@riverlight.example.org",
        "contact": "Alex Morgan",
    }
    assert action.sealed_details and b"Alex Morgan" not in bytes(action.sealed_details)
    purposes = set(Consent.objects.filter(action=action).values_list("purpose", flat=True))
    assert purposes == {Consent.Purpose.ACTION, Consent.Purpose.PUBLIC_NAME, Consent.Purpose.UPDATES}
    assert UpdateSubscription.objects.filter(page_id=letter_page.pk).count() == 1
    (confirmation,) = mails_for(action, Outbox.Kind.CONFIRMATION)
    assert confirmation["to"] == "alex@riverlight.example.org"
    assert "/ko/" in confirmation["body"]  # the Korean confirmation page
    assert confirmation["headers"]["Content-Language"] == "ko"


def test_an_individual_signs_with_a_role(letter_page: CampaignPage) -> None:
    signature = sign(letter_page, "ko", sign_as="individual", show_publicly=None)
    line = signature.printed_line()
    assert (signature.signer_type, line.name, line.role, signature.country) == (
        "individual",
        "김지현",
        "연구자, 서울대학교",
        "KR",
    )
    assert (signature.name, signature.role) == ("", "")  # encrypted until public (test_individual_lines)
    assert signature.organisation_type == "" and not signature.show_publicly
    assert not Consent.objects.filter(action=signature.action, purpose=Consent.Purpose.PUBLIC_NAME).exists()
    assert server_decrypt(bytes(signature.encrypted_contact))["email"] == "jihyun@example.org"


def test_only_the_chosen_group_is_required_and_errors_are_translated(letter_page: CampaignPage) -> None:
    # Organisation chosen, its fields empty, the individual's filled in: errors on the organisation's.
    response = post(
        letter_page,
        org_data(org_name="", org_country="", contact_email="", ind_name="김지현", ind_email="x@example.org"),
        "ko",
    )
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    wrong = {node.select_one("[name]")["name"] for node in html.select(".signon-form .field--error")}
    assert wrong == {"org_name", "org_country", "contact_email"}
    with translation.override("ko"):
        required = gettext("Please fill in this field.")
    assert required != "Please fill in this field."
    assert required in errors_of(response)
    assert Action.objects.count() == 0

    # The individual's group, with the organisation's fields empty: fine.
    response = post(letter_page, individual_data(org_name="", contact_email=""), "ko")
    assert response.status_code == 302


def test_consent_is_required(letter_page: CampaignPage) -> None:
    response = post(letter_page, org_data(consent=None))
    assert response.status_code == 200
    assert "Please agree" in errors_of(response)
    assert Action.objects.count() == 0 and Signature.objects.count() == 0


def test_a_replayed_post_makes_one_signature(letter_page: CampaignPage) -> None:
    data = org_data()
    for _ in range(3):
        assert post(letter_page, dict(data)).status_code == 302
    assert Action.objects.count() == 1 and Signature.objects.count() == 1
    # The same contact address signing again, from a fresh form: still one.
    assert post(letter_page, org_data(org_name="Another name")).status_code == 302
    assert (
        Signature.objects.count() == 1 and Signature.objects.get().name == "Riverlight Sex Worker Collective"
    )


def test_after_the_closing_date_the_form_is_replaced_and_nothing_is_recorded(
    letter_page: CampaignPage,
) -> None:
    JointLetterPage.objects.filter(translation_key=letter_page.translation_key).update(
        signing_closes_at=timezone.now() - timedelta(hours=1)
    )
    html = BeautifulSoup(Client().get(url_in(letter_page, "en")).content.decode(), "html.parser")
    assert html.select_one("form.signon-form") is None
    assert "Signing closed on" in html.select_one(".campaign__action").get_text()
    response = post(letter_page, org_data())
    assert response.status_code == 200
    assert "Signing closed on" in response.content.decode()
    assert Action.objects.count() == 0 and Signature.objects.count() == 0
    korean = BeautifulSoup(Client().get(url_in(letter_page, "ko")).content.decode(), "html.parser")
    assert korean.select_one("form.signon-form") is None


def test_paused_intake_records_nothing(letter_page: CampaignPage) -> None:
    set_paused(letter_page.pk, True)
    html = BeautifulSoup(Client().get(url_in(letter_page, "en")).content.decode(), "html.parser")
    assert html.select_one("form.signon-form") is None
    assert "paused" in html.select_one(".campaign__action").get_text()
    response = post(letter_page, org_data())
    assert response.status_code == 200 and "paused" in response.content.decode()
    assert Action.objects.count() == 0 and Signature.objects.count() == 0


# --- logos -------------------------------------------------------------------------------------


def test_a_logo_is_re_encoded_as_a_small_png_without_metadata(letter_page: CampaignPage) -> None:
    exif = Image.Exif()
    exif[0x010E] = "secret GPS-ish description"
    jpeg = png_bytes((1600, 900), "JPEG", exif=exif.tobytes())
    data = org_data(org_logo=SimpleUploadedFile("logo.jpg", jpeg, content_type="image/jpeg"))
    assert post(letter_page, data).status_code == 302
    signature = Signature.objects.get()
    assert signature.logo.name.endswith(".png") and "logo" not in signature.logo.name.split("/")[-1]
    with signature.logo.open("rb") as stored:
        content = stored.read()
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG" and max(image.size) == 600
    assert b"secret" not in content and not image.info.get("exif")
    signature.logo.delete(save=False)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not an image", "logo.png", "PNG, JPEG or WebP"),
        (png_bytes((10, 10), "GIF"), "logo.gif", "PNG, JPEG or WebP"),
        (png_bytes((10, 10))[:40], "logo.png", "PNG, JPEG or WebP"),
        (b"\x89PNG" + b"0" * (1024 * 1024 + 10), "big.png", "1 MB"),
    ],
)
def test_a_bad_logo_gets_a_clear_message_and_stores_nothing(
    letter_page: CampaignPage, content: bytes, name: str, message: str
) -> None:
    response = post(letter_page, org_data(org_logo=SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert Action.objects.count() == 0 and Signature.objects.count() == 0


# --- moderation --------------------------------------------------------------------------------


def test_approving_mails_the_signer_once_in_their_language_and_wipes_the_contact(
    letter_page: CampaignPage, demo_accounts: dict[str, Any]
) -> None:
    signature = sign(letter_page, "ko")
    confirm(signature)
    staff = demo_accounts["staff"]
    assert services.approve([signature.pk], by=staff).done == 1
    assert services.approve([signature.pk], by=staff).already == 1  # twice: nothing more
    signature.refresh_from_db()
    assert signature.review == Review.APPROVED and signature.reviewed_by == staff
    assert signature.reviewed_at is not None and signature.encrypted_contact is None
    (mail,) = mails_for(signature.action)
    assert mail["to"] == "alex@riverlight.example.org"
    assert mail["headers"]["Content-Language"] == "ko"
    assert "/ko/" in mail["body"]  # the Korean campaign page
    assert "Riverlight Sex Worker Collective" in mail["body"]


def test_rejecting_mails_the_reason_and_keeps_only_type_and_country(
    letter_page: CampaignPage, django_capture_on_commit_callbacks: Any
) -> None:
    logo = SimpleUploadedFile("logo.png", png_bytes((50, 50)))
    signature = sign(letter_page, "ko", org_logo=logo)
    logo_name = signature.logo.name
    storage = signature.logo.storage
    assert storage.exists(logo_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject([signature.pk], "  Not an organisation we could verify.  ")
    assert not storage.exists(logo_name)  # the logo file is gone once the rejection commits
    services.reject([signature.pk], "again")
    signature.refresh_from_db()
    assert signature.review == Review.REJECTED
    assert signature.reject_reason == "Not an organisation we could verify."
    assert (signature.name, signature.role, signature.city, signature.website, signature.logo.name) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert (signature.organisation_type, signature.country) == ("community", "AU")
    assert signature.encrypted_contact is None
    # Committed, the mail went out at once (the immediate task backend), to the contact address.
    (sent,) = [message for message in mail.outbox if message.to == ["alex@riverlight.example.org"]]
    assert "Not an organisation we could verify." in sent.body
    assert sent.extra_headers["Content-Language"] == "ko"
    assert Outbox.objects.get(action=signature.action, kind=Outbox.Kind.NOTIFICATION).payload is None
    # Rejected: never approvable again, never listed.
    assert services.approve([signature.pk]).refused == 1


def test_bulk_moderation_in_the_admin(letter_page: CampaignPage, demo_accounts: dict[str, Any]) -> None:

    signatures = [
        sign(letter_page, "en", org_name=f"Organisation {n}", contact_email=f"o{n}@example.org")
        for n in range(4)
    ]
    thai = sign(letter_page, "en", org_name="องค์กรไทย", contact_email="thai@example.org")
    Signature.objects.filter(pk=thai.pk).update(language="th")
    for signature in signatures:
        confirm(signature)
    staff = demo_accounts["staff"]
    client = log_in_with_totp(Client(), staff)

    listing = client.get(f"/admin/jointletters/joint-letters/{letter_page.pk}/?review=pending")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Organisation 3" in text and "องค์กรไทย" in text
    assert client.get("/admin/jointletters/joint-letters/").status_code == 200
    assert "Joint letters (5)" in client.get("/admin/").content.decode()

    review_url = f"/admin/jointletters/joint-letters/{letter_page.pk}/review/"
    response = client.post(
        review_url, {"decision": "approve", "selected": [str(s.pk) for s in signatures[:2]], "query": ""}
    )
    assert response.status_code == 302
    response = client.post(
        review_url,
        {"decision": "reject", "selected": [str(signatures[2].pk), str(thai.pk)], "bulk_reason": "Duplicate"},
    )
    # A reject without a reason changes nothing.
    client.post(review_url, {"reject_one": str(signatures[3].pk), f"reason_{signatures[3].pk}": ""})
    reviews = dict(Signature.objects.values_list("pk", "review"))
    assert [reviews[s.pk] for s in signatures] == ["approved", "approved", "rejected", "pending"]
    assert reviews[thai.pk] == "rejected"
    (thai_mail,) = mails_for(thai.action)
    assert thai_mail["headers"]["Content-Language"] == "th" and "Duplicate" in thai_mail["body"]
    client.post(review_url, {"approve_one": str(signatures[3].pk)})
    assert Signature.objects.get(pk=signatures[3].pk).review == "approved"

    confirmed_only = client.get(
        f"/admin/jointletters/joint-letters/{letter_page.pk}/?review=all&confirmed=no"
    )
    unconfirmed_rows = BeautifulSoup(confirmed_only.content.decode(), "html.parser").select(
        "tr[data-signature]"
    )
    assert [row["data-signature"] for row in unconfirmed_rows] == [str(thai.pk)]
    assert Client().get(f"/admin/jointletters/joint-letters/{letter_page.pk}/").status_code in {302, 403}


def test_a_flagged_action_cannot_be_approved(letter_page: CampaignPage) -> None:
    signature = sign(letter_page)
    flag_action(signature.action_id, "manual")
    result = services.approve([signature.pk])
    assert (result.done, result.refused) == (0, 1)
    assert Signature.objects.get().review == Review.PENDING
    assert mails_for(signature.action) == []


# --- the public list ---------------------------------------------------------------------------


def test_only_approved_confirmed_and_opted_in_signatures_are_listed(letter_page: CampaignPage) -> None:
    approved_and_confirmed(letter_page, org_name="Listed Collective", contact_email="a@example.org")
    approved_and_confirmed(
        letter_page,
        org_name="Quiet Union",
        org_type="union",
        contact_email="b@example.org",
        show_publicly=None,
    )
    rejected = sign(letter_page, org_name="Rejected Group", contact_email="c@example.org")
    confirm(rejected)
    services.reject([rejected.pk], "no")
    unconfirmed = sign(letter_page, org_name="Unconfirmed Network", contact_email="d@example.org")
    services.approve([unconfirmed.pk])
    pending = sign(letter_page, org_name="Pending Clinic", contact_email="e@example.org")
    confirm(pending)
    approved_and_confirmed(letter_page, sign_as="individual", ind_email="f@example.org")

    text = public_text(letter_page)
    assert "Listed Collective" in text and "김지현" in text and "연구자, 서울대학교" in text
    for hidden in ("Quiet Union", "Rejected Group", "Unconfirmed Network", "Pending Clinic"):
        assert hidden not in text
    # Counted: the listed one and the one not listed, plus the individual.
    assert "2 organisations" in text and "1 individual" in text
    assert "1 more signatory did not want to be listed" in text
    assert "Union: 1" in text and "Community group: 1" in text
    html = BeautifulSoup(Client().get(url_in(letter_page, "en")).content.decode(), "html.parser")
    link = html.select_one(".signatories a.signatory__name")
    assert link["href"] == "https://riverlight.example.org" and link["rel"] == ["nofollow", "noopener"]


def test_grouped_by_country_in_the_readers_language_then_by_type(letter_page: CampaignPage) -> None:
    for n, (country, kind) in enumerate(
        [("TH", "ngo"), ("KH", "community"), ("TH", "community"), ("AU", "union"), ("KR", "ngo")]
    ):
        approved_and_confirmed(
            letter_page,
            org_name=f"Org {n}",
            org_country=country,
            org_type=kind,
            contact_email=f"g{n}@example.org",
        )
    html = BeautifulSoup(Client().get(url_in(letter_page, "en")).content.decode(), "html.parser")
    countries = [node.get_text(strip=True) for node in html.select(".signatories__country h3")]
    assert countries == ["Australia", "Cambodia", "South Korea", "Thailand"]
    thailand = html.select(".signatories__country")[-1]
    assert [node.get_text(strip=True) for node in thailand.select("h4")] == ["Community group", "NGO"]
    korean = BeautifulSoup(Client().get(url_in(letter_page, "ko")).content.decode(), "html.parser")
    names = [node.get_text(strip=True) for node in korean.select(".signatories__country h3")]
    assert "태국" in names and "캄보디아" in names
    assert names == sorted(names)  # Hangul order


def test_the_campaign_page_with_100_signatures_costs_exactly_its_query_budget(
    letter_page: CampaignPage, django_assert_num_queries: Any
) -> None:
    actions = []
    for n in range(100):
        signature = sign(
            letter_page,
            org_name=f"Organisation {n}",
            org_country=["TH", "KH", "AU", "KR", "TW"][n % 5],
            contact_email=f"budget{n}@example.org",
            org_logo=SimpleUploadedFile("l.png", png_bytes((20, 20))) if n % 10 == 0 else None,
        )
        actions.append(signature)
        confirm(signature)
    services.approve([s.pk for s in actions])
    client = Client()
    url = url_in(letter_page, "en")
    client.get(url)  # warm the per-process caches (site root, locales)
    # Exact on SQLite and PostgreSQL alike; 2 of them decide that the page cache may keep it.
    with django_assert_num_queries(19):
        response = client.get(url)
    assert response.content.decode().count('class="signatory"') == 100
    for signature in Signature.objects.exclude(logo=""):
        signature.logo.delete(save=False)
        signature.public_logo.delete(save=False)


def _expire(*signatures: Signature) -> None:
    ids = [signature.action_id for signature in signatures]
    Action.objects.filter(pk__in=ids).update(retain_until=timezone.now() - timedelta(days=1))


def test_retention_keeps_an_approved_organisations_line_and_deletes_the_rest(
    letter_page: CampaignPage, demo_accounts: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:

    organisation = approved_and_confirmed(
        letter_page, org_logo=SimpleUploadedFile("l.png", png_bytes((20, 20)))
    )
    person = approved_and_confirmed(letter_page, sign_as="individual")
    waiting = sign(
        letter_page,
        org_name="Waiting Review Collective",
        contact_email="wait@example.org",
        org_logo=SimpleUploadedFile("w.png", png_bytes((20, 20))),
    )
    confirm(waiting)
    (waiting_logo,) = _logo_files(waiting)
    _expire(organisation, person, waiting)
    bundle = DeliveryBundle.objects.create(page_id=letter_page.pk, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        purge_expired()

    kept = Signature.objects.get()
    assert kept.pk == organisation.pk and kept.kept_at is not None
    assert kept.encrypted_contact is None
    action = Action.objects.get(pk=organisation.action_id)
    assert action.purged_at is not None and action.sealed_details is None and action.supporter_id is None
    text = public_text(letter_page)
    assert "Riverlight Sex Worker Collective" in text  # still on the letter, with its logo
    assert "김지현" not in text and "Waiting Review Collective" not in text
    from chorus.jointletters import signatories

    assert signatories.counted(letter_page.pk).count() == 1
    counts = signatories.signatory_counts(letter_page.pk)
    assert (counts.organisations, counts.individuals, counts.listed) == (1, 0, 1)
    assert [(row.label, row.count) for row in counts.by_type] == [("community group", 1)]
    assert not waiting_logo.exists()  # the pending organisation's logo went with it
    (private, public) = _logo_files(kept)  # the logo stays on the public list
    assert private.is_file() and public.is_file()
    assert kept.public_logo.url in Client().get(url_in(letter_page, "en")).content.decode()
    # Bundles that printed the individual go; a new one prints the organisation.
    assert not DeliveryBundle.objects.filter(pk=bundle.pk).exists()
    from chorus.handover import bundle as bundles
    from chorus.handover.services import bundles as bundle_services

    fresh = bundle_services.prepare_bundle(letter_page.pk, "en")
    plan = bundles._plan(fresh, timezone.localdate())
    assert plan.total == 1 and any("Riverlight Sex Worker Collective" in row for row in plan.rows)

    # Staff can still take a kept line off the letter (it is in the queue, among the approved).
    from django.urls import reverse

    staff = demo_accounts["staff"]
    moderator = log_in_with_totp(Client(), staff)
    queue = reverse("jointletters_admin:joint_letter_moderation", args=[letter_page.pk])
    assert "Riverlight Sex Worker Collective" in moderator.get(queue + "?review=approved").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(
            reverse("jointletters_admin:joint_letter_review", args=[letter_page.pk]),
            {"reject_one": str(kept.pk), f"reason_{kept.pk}": "The organisation asked to withdraw."},
        )
    assert response.status_code == 302
    assert "Riverlight Sex Worker Collective" not in public_text(letter_page)
    assert signatories.counted(letter_page.pk).count() == 0
    assert not private.exists() and not public.exists()


def test_a_request_to_delete_removes_an_approved_organisation_too(
    letter_page: CampaignPage, django_capture_on_commit_callbacks: Any
) -> None:
    from chorus.privacy.services import forget_supporter

    organisation = approved_and_confirmed(
        letter_page, org_logo=SimpleUploadedFile("l.png", png_bytes((20, 20)))
    )
    files = _logo_files(organisation)
    assert len(files) == 2
    bundle = DeliveryBundle.objects.create(page_id=letter_page.pk, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        forget_supporter(Action.objects.get(pk=organisation.action_id).supporter_id)
    assert Signature.objects.count() == 0
    assert not any(path.exists() for path in files)
    assert "Riverlight" not in public_text(letter_page)
    assert not DeliveryBundle.objects.filter(pk=bundle.pk).exists()


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_joint_letter_is_signed_through_the_services_and_idempotent(
    demo_site: HomePage, org_key: Any
) -> None:
    from chorus.jointletters.demo import SIGNERS, load_demo_joint_letter, load_demo_signons

    page = load_demo_joint_letter(demo_site)
    assert load_demo_joint_letter(demo_site).pk == page.pk
    languages = set(
        CampaignPage.objects.filter(translation_key=page.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )
    assert languages == {"en", "zh-hans", "zh-hant", "th", "ko", "km"}
    assert load_demo_signons(page) == len(SIGNERS)
    assert load_demo_signons(page) == 0
    reviews = list(Signature.objects.filter(page_id=page.pk).values_list("review", flat=True))
    assert (reviews.count("pending"), reviews.count("rejected")) == (5, 2)
    assert len({s.country for s in SIGNERS}) == 8
    assert Signature.objects.filter(encrypted_contact__isnull=False).count() == 5
    text = public_text(page, "th")
    assert "กลุ่มเพื่อนพนักงานบริการเชียงใหม่" in text and "서울여성노동연구소" not in text
    assert "이주인권연대 함께" not in text  # approved, not listed
    for signature in Signature.objects.exclude(logo=""):
        signature.logo.delete(save=False)
        signature.public_logo.delete(save=False)


def _logo_files(signature: Signature) -> list[Any]:
    from pathlib import Path

    signature.refresh_from_db()
    return [Path(field.path) for field in (signature.logo, signature.public_logo) if field]


def test_a_logo_is_private_until_approved_then_public_and_gone_on_rejection(
    letter_page: CampaignPage,
    demo_accounts: dict[str, Any],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.urls import reverse

    signature = sign(letter_page, org_logo=SimpleUploadedFile("logo.png", png_bytes((50, 50))))
    # Stored outside public media: no web server hands it out, and the site has no URL for it.
    (private,) = _logo_files(signature)
    assert private.is_file() and private.is_relative_to(settings.CHORUS_PRIVATE_MEDIA_DIR)
    assert not private.is_relative_to(settings.MEDIA_ROOT)
    assert not (settings.MEDIA_ROOT / signature.logo.name).exists()
    assert not signature.public_logo
    assert Client().get(settings.MEDIA_URL + signature.logo.name).status_code == 404
    confirm(signature)
    assert "<img" not in str(BeautifulSoup(Client().get(url_in(letter_page, "en")).content, "html.parser"))

    # Staff who moderate see it in the queue, through the admin; nobody else does.
    staff_url = reverse("jointletters_admin:joint_letter_logo", args=[signature.pk])
    staff = demo_accounts["staff"]
    moderator = log_in_with_totp(Client(), staff)
    seen = moderator.get(staff_url)
    assert seen.status_code == 200 and seen["Content-Type"] == "image/png"
    assert b"".join(seen.streaming_content) == private.read_bytes()
    assert {"private", "no-store"} <= {part.strip() for part in seen["Cache-Control"].split(",")}
    queue = reverse("jointletters_admin:joint_letter_moderation", args=[letter_page.action_page_id])
    assert staff_url in moderator.get(queue).content.decode()
    assert Client().get(staff_url).status_code != 200
    member = Client()
    member.force_login(demo_accounts["member"])
    assert member.get(staff_url).status_code != 200

    # Approved (and listed): a copy in public media, under another random name, on the page.
    services.approve([signature.pk])
    private_again, public = _logo_files(signature)
    assert private_again == private and public.is_relative_to(settings.MEDIA_ROOT)
    assert public.read_bytes() == private.read_bytes() and public.name != private.name
    page = BeautifulSoup(Client().get(url_in(letter_page, "en")).content, "html.parser")
    assert [img["src"] for img in page.select(".signatory__logo")] == [signature.public_logo.url]
    assert signature.public_logo.url == settings.MEDIA_URL + signature.public_logo.name

    # Rejected (staff take the line off the letter): both files are deleted.
    with django_capture_on_commit_callbacks(execute=True):
        services.reject([signature.pk], "The organisation asked to withdraw.")
    assert not private.exists() and not public.exists()
    assert _logo_files(signature) == []
    assert moderator.get(staff_url, follow=True).status_code == 404


def test_an_unlisted_or_rejected_logo_is_never_copied_to_public_media(
    letter_page: CampaignPage, settings: Any, django_capture_on_commit_callbacks: Any, tmp_path: Any
) -> None:
    # Public media of this test alone: other test processes write images to the shared one.
    settings.MEDIA_ROOT = tmp_path / "media"
    unlisted = sign(
        letter_page, org_logo=SimpleUploadedFile("a.png", png_bytes((20, 20))), show_publicly=None
    )
    rejected = sign(
        letter_page,
        org_name="Second Collective",
        contact_email="second@example.org",
        org_logo=SimpleUploadedFile("b.png", png_bytes((20, 20))),
    )
    before = set(settings.MEDIA_ROOT.rglob("*.png")) if settings.MEDIA_ROOT.exists() else set()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject([rejected.pk], "Not an organisation.")
    services.approve([unlisted.pk, rejected.pk])
    after = set(settings.MEDIA_ROOT.rglob("*.png")) if settings.MEDIA_ROOT.exists() else set()
    assert after == before
    (private,) = _logo_files(unlisted)
    assert private.is_file() and not unlisted.public_logo
    assert _logo_files(rejected) == []
    private.unlink()


def test_a_missing_private_logo_does_not_stop_approval(letter_page: CampaignPage) -> None:
    signature = sign(letter_page, org_logo=SimpleUploadedFile("a.png", png_bytes((20, 20))))
    confirm(signature)
    _logo_files(signature)[0].unlink()
    assert services.approve([signature.pk]).done == 1
    signature.refresh_from_db()
    assert signature.review == Review.APPROVED and not signature.public_logo
    assert "Riverlight Sex Worker Collective" in public_text(letter_page)


def test_the_migration_publishes_logos_of_signatures_approved_before(letter_page: CampaignPage) -> None:
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("chorus.signons.migrations.0008_signature_public_logo")
    # The models as that migration saw them (Signature was still in the signons app).
    apps = MigrationLoader(connection).project_state(("signons", "0008_signature_public_logo")).apps
    listed = approved_and_confirmed(letter_page, org_logo=SimpleUploadedFile("a.png", png_bytes((20, 20))))
    pending = sign(
        letter_page,
        org_name="Pending Collective",
        contact_email="pending@example.org",
        org_logo=SimpleUploadedFile("b.png", png_bytes((20, 20))),
    )
    # As before this migration: approved, but only the private file.
    listed.refresh_from_db()
    listed.public_logo.delete(save=True)

    migration.publish_approved_logos(apps, None)

    (private, public) = _logo_files(listed)
    assert public.read_bytes() == private.read_bytes()
    assert listed.public_logo.url in Client().get(url_in(letter_page, "en")).content.decode()
    assert len(_logo_files(pending)) == 1  # still private only
    migration.unpublish_logos(apps, None)
    assert not public.exists()
    for signature in Signature.objects.exclude(logo=""):
        signature.logo.delete(save=False)


def test_an_autofilled_sign_on_can_be_approved_once_confirmed(letter_page: CampaignPage) -> None:
    signature = sign(letter_page, form_token=new_form_token(started_at=time.time() - 1.5))
    assert signature.action.flag_reason == "fast_fill"
    assert (services.approve([signature.pk]).done, Signature.objects.get().review) == (0, Review.PENDING)

    confirm(signature)
    result = services.approve([signature.pk])
    assert (result.done, result.refused) == (1, 0)
    assert Signature.objects.get().review == Review.APPROVED


def test_a_honeypot_sign_on_stays_unapprovable_after_confirmation(letter_page: CampaignPage) -> None:
    signature = sign(letter_page, website="http://spam.example")
    confirm(signature)
    assert services.approve([signature.pk]).refused == 1
    assert Signature.objects.get().review == Review.PENDING


def test_approving_a_signatory_drops_the_cached_page(
    letter_page: CampaignPage, page_cache_on: None, django_capture_on_commit_callbacks: Any
) -> None:
    signature = sign(letter_page, "ko", org_name="Empower Foundation")
    confirm(signature)
    url = url_in(letter_page, "ko")
    Client().get(url)
    cached = Client().get(url)
    assert cached["X-Chorus-Page-Cache"] == "hit" and "Empower Foundation" not in cached.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve([signature.pk])
    response = Client().get(url)
    assert response["X-Chorus-Page-Cache"] == "miss" and "Empower Foundation" in response.content.decode()
