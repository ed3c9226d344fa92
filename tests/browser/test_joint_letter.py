"""An organisation co-signs a joint letter in Korean in a real browser, confirms through the link
in the mail, staff approve it in the admin's moderation queue, and it appears in the public list
under its country; a rejected one never does."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions.services import confirm_action
from chorus.actions.tokens import confirm_token
from chorus.campaigns.models import CampaignPage
from chorus.campaigns.review import Review
from chorus.core.countries import country_name
from chorus.jointletters import services
from chorus.jointletters.models import JointLetterPage
from chorus.jointletters.signatures import Signature
from chorus.news.demo import DEMO_USERS
from chorus.news.models import HomePage
from tests.delivery.smtp import SMTPServer

from .conftest import current_totp, describe, log_in, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "ko"
ORGANISATION = "성노동자 권리모임 새벽"
REJECTED = "수상한 단체"


@pytest.fixture
def letter_site(demo: dict[str, Any], org_key: Any) -> CampaignPage:
    home = HomePage.objects.get(locale=Locale.get_default())
    page = JointLetterPage(
        title="Joint letter to the Ambassador",
        slug="joint-letter-browser",
        joint_letter_text="<p>Your Excellency, we ask you to end the raids.</p>",
        joint_letter_recipient="H.E. the Ambassador of the Kingdom of Thailand",
        locale=Locale.get_default(),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    korean = page.copy_for_translation(Locale.objects.get(language_code=CODE)).specific
    korean.title = "대사에게 보내는 공동 서한"
    korean.joint_letter_text = "<p>대사님께, 단속을 멈추어 주십시오.</p>"
    korean.save_revision().publish()
    return page


def label(message: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(translated(CODE, message)) + ":?$")


def staff_log_in(page: Page, staff: Any, next_url: str) -> None:
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    password = next(user.password for user in DEMO_USERS if user.is_staff)
    page.goto(f"/en/accounts/login/?next={next_url}")
    log_in(page, "en", staff.email, password)
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def test_an_organisation_signs_in_korean_is_approved_and_listed(
    page: Page, letter_site: CampaignPage, smtp: SMTPServer, demo: dict[str, Any]
) -> None:
    url = letter_site.get_translation(Locale.objects.get(language_code=CODE)).url
    page.goto(url)
    form = page.locator("form.signon-form")
    form.get_by_label(translated(CODE, "An organisation"), exact=True).check()
    form.get_by_label(label("Name of the organisation")).fill(ORGANISATION)
    form.get_by_label(label("Type of organisation")).select_option("community")
    form.locator('select[name="org_country"]').select_option("AU")
    form.get_by_label(label("City (optional)")).fill("Sydney")
    form.get_by_label(label("Website (optional)")).fill("https://saebyeok.example.org")
    form.get_by_label(label("Contact person")).fill("김새벽")
    form.get_by_label(label("Contact email address")).fill("dawn@saebyeok.example.org")
    form.locator('input[name="consent"]').check()
    form.locator('input[name="show_publicly"]').check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "Co-sign the letter")).click()
    expect(page).to_have_url(re.compile(r"/ko/.*/join/thanks/$"))
    signature = Signature.objects.get()
    assert (signature.language, signature.country, signature.review) == (CODE, "AU", Review.PENDING)

    (confirmation,) = smtp.handler.delivered
    body = confirmation.message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"https?://\S+/{CODE}/confirm/\?token=\S+", body)
    assert link
    parts = urlsplit(link.group(0))
    page.goto(f"{parts.path}?{parts.query}")  # the live server, not CHORUS_BASE_URL
    page.get_by_role("button", name=translated(CODE, "Yes, confirm")).click()
    # Confirmed, but not yet on the letter: the page says it waits for review, not "counted".
    expect(page.locator(".confirmed-outcome")).to_have_text(
        translated(
            CODE,
            "Your signature is confirmed. The organisation reviews every signature before it is added "
            "to the letter, and writes to you once yours has been reviewed.",
        )
    )
    signature.refresh_from_db()
    assert signature.action.confirmed_at is not None

    # Not listed before staff approve it.
    page.goto(url)
    expect(page.locator(".signatories")).not_to_contain_text(ORGANISATION)

    # A second signature, which staff will reject.
    other = services.sign(
        letter_site,
        services.SignOn(
            signer_type="organisation",
            name=REJECTED,
            organisation_type="other",
            country="AU",
            email="odd@example.org",
            contact_name="Odd",
            submission_key="browser-rejected",
            show_publicly=True,
        ),
        language=CODE,
    )
    confirm_action(confirm_token(other.action))
    rejected = Signature.objects.get(action=other.action)

    moderation = f"/admin/jointletters/joint-letters/{letter_site.pk}/"
    staff_log_in(page, demo["staff"], moderation)
    row = page.locator(f'tr[data-signature="{signature.pk}"]')
    expect(row).to_contain_text(ORGANISATION)
    row.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("1 signature approved.")
    odd = page.locator(f'tr[data-signature="{rejected.pk}"]')
    odd.get_by_label("Reason for rejecting").fill("We could not verify this organisation.")
    odd.get_by_role("button", name="Reject").click()
    expect(page.locator(".messages")).to_contain_text("1 signature rejected.")
    assert dict(Signature.objects.values_list("pk", "review")) == {
        signature.pk: Review.APPROVED,
        rejected.pk: Review.REJECTED,
    }
    notices = [m for m in smtp.handler.delivered if m.rcpt_tos == ["dawn@saebyeok.example.org"]]
    assert len(notices) == 2  # the confirmation request, then the approval
    assert notices[-1].message["Content-Language"] == CODE

    page.goto(url)
    country = page.get_by_role("region", name=country_name("AU", CODE))
    expect(country).to_contain_text(ORGANISATION)
    expect(country.get_by_role("link", name=ORGANISATION)).to_have_attribute("rel", "nofollow noopener")
    expect(page.locator(".signatories")).not_to_contain_text(REJECTED)
    expect(page.locator(".signon-counts")).to_contain_text("1")

    violations = run_axe(page)
    assert violations == [], describe(violations)
