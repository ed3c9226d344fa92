"""The state-changing buttons a supporter presses after acting, in Chromium (not the test client),
in Khmer: confirm (and a used link opened again), unsubscribe, and delete my data; plus the 403
page a form without its CSRF cookie gets. Each step checks what the person sees and what the
database holds. (RSVP cancel: test_event_cancel.py; letter PDF/DOCX downloads and "send it for
me": test_letters.py.)

Deleting used to fail in a real browser only: the my-data page sent `Referrer-Policy:
no-referrer`, so Chromium posted the delete form with `Origin: null`, and Django's CSRF check
answered 403 in English. The test client sends no Origin, so only a browser shows it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils.translation import ngettext
from django.utils.translation import override as translation_override
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from chorus.actions.models import Action
from chorus.campaigns.models import CampaignPage
from chorus.delivery.models import Outbox
from chorus.supporters.models import Consent, Supporter, UpdateSubscription
from chorus.supporters.unsubscribe import unsubscribe_url
from tests.delivery.smtp import SMTPServer

from .conftest import describe, run_axe, translated

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

CODE = "km"
EMAIL = "sokha.chan@example.org"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def label(message: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(translated(CODE, message)) + ":?$")


def local(url: str) -> str:
    """A link from a mail, on the live server rather than CHORUS_BASE_URL."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def link_in(smtp: SMTPServer, pattern: str) -> str:
    for delivered in reversed(smtp.handler.delivered):
        body = delivered.message.get_body(preferencelist=("plain",)).get_content()
        match = re.search(pattern, body)
        if match:
            return local(match.group(0))
    raise AssertionError(f"no mail with {pattern}")


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in_khmer(page: Page, campaign: CampaignPage) -> str:
    url = str(campaign.get_translation(Locale.objects.get(language_code=CODE)).url)
    page.goto(url)
    form = page.locator("form.action-form")
    form.get_by_label(label("Your name")).fill("សុខា ចាន់")
    form.get_by_label(label("Your email address")).fill(EMAIL)
    form.get_by_label(
        label(
            "I agree that my name and email address are kept, encrypted, to confirm and count my "
            "signature, and deleted when the campaign ends."
        )
    ).check()
    form.get_by_label(label("Send me updates about this campaign (optional)")).check()
    page.wait_for_timeout(3500)  # a person's pace: the fill-time check flags instant submissions
    form.get_by_role("button", name=translated(CODE, "Sign")).click()
    expect(page).to_have_url(re.compile(r"/thanks/$"))
    return url


def test_a_khmer_supporter_confirms_unsubscribes_and_deletes_their_data(
    page: Page, light_campaign: CampaignPage, org_key: Any, smtp: SMTPServer, live_server: Any
) -> None:
    campaign_url = sign_in_khmer(page, light_campaign)
    action = Action.objects.get()
    assert action.state == Action.State.PENDING

    # Confirm: the link shows a button; the button confirms; the page says what happened.
    confirm_link = link_in(smtp, rf"https?://\S+/{CODE}/confirm/\?token=\S+")
    page.goto(confirm_link)
    assert Action.objects.get().state == Action.State.PENDING  # opening the link changes nothing
    page.get_by_role("button", name=translated(CODE, "Yes, confirm")).click()
    expect(page.locator("h1")).to_have_text(translated(CODE, "Thank you for confirming"))
    expect(page.locator(".confirmed-outcome")).to_have_text(
        translated(CODE, "Your signature is confirmed and counts in full.")
    )
    expect(page.locator(f"main a[href='{campaign_url}']")).to_be_visible()
    assert Action.objects.get().state == Action.State.CONFIRMED
    violations = run_axe(page)
    assert violations == [], describe(violations)
    shot(page, "confirmed-km")

    # The same link again: "already confirmed", no button.
    page.goto(confirm_link)
    expect(page.locator("h1")).to_have_text(translated(CODE, "You have already confirmed"))
    expect(page.locator("main button")).to_have_count(0)
    shot(page, "already-confirmed-km")

    # Unsubscribe from the updates, with the link an update mail carries.
    subscription = UpdateSubscription.objects.get()
    page.goto(local(unsubscribe_url(subscription)))
    expect(page.locator("h1")).to_have_text(translated(CODE, "Stop these updates?"))
    assert UpdateSubscription.objects.exists()  # opening the link changes nothing
    page.get_by_role("button", name=translated(CODE, "Unsubscribe")).click()
    expect(page.locator("h1")).to_have_text(translated(CODE, "You are unsubscribed"))
    assert not UpdateSubscription.objects.exists()
    assert Consent.objects.get(purpose=Consent.Purpose.UPDATES).withdrawn_at is not None

    # Ask for the link to my data, open it, and press "Delete my data".
    page.goto(f"/{CODE}/my-data/")
    page.get_by_label(label("Your email address")).fill(EMAIL)
    page.get_by_role("button", name=translated(CODE, "Send me the link")).click()
    expect(page).to_have_url(re.compile(rf"/{CODE}/my-data/sent/$"))
    page.goto(link_in(smtp, r"https?://\S+/my-data/view/\?token=\S+"))
    expect(page.locator("h1")).to_have_text(translated(CODE, "The data we hold about you"))
    assert Supporter.objects.count() == 1
    page.get_by_role("button", name=translated(CODE, "Delete my data")).click()
    expect(page.locator("h1")).not_to_have_text(re.compile("403|Forbidden|CSRF"))
    expect(page).to_have_url(re.compile(rf"/{CODE}/my-data/deleted/$"))
    violations = run_axe(page)
    assert violations == [], describe(violations)
    shot(page, "my-data-deleted-km")

    # Nothing about the person is left; the signature still counts, anonymously.
    assert not Supporter.objects.exists()
    assert not Consent.objects.exists()
    action = Action.objects.get()
    assert action.supporter_id is None and not action.sealed_details
    assert action.state == Action.State.CONFIRMED
    assert not Outbox.objects.filter(state=Outbox.State.QUEUED).exists()


def test_a_form_without_its_csrf_cookie_gets_a_khmer_403_page(
    page: Page, light_campaign: CampaignPage, live_server: Any
) -> None:
    page.goto(f"/{CODE}/my-data/")
    page.context.clear_cookies()  # as after a cookie was blocked or expired
    page.get_by_label(label("Your email address")).fill(EMAIL)
    page.get_by_role("button", name=translated(CODE, "Send me the link")).click()
    expect(page.locator("html")).to_have_attribute("lang", CODE)
    expect(page.locator("h1")).to_have_text(translated(CODE, "Your form could not be sent"))
    expect(page.locator("main")).to_contain_text(
        translated(CODE, "Please go back, reload the page, and send the form again.")
    )
    expect(page.locator("body")).not_to_contain_text("CSRF")
    violations = run_axe(page)
    assert violations == [], describe(violations)
    shot(page, "csrf-403-km")
    assert not Outbox.objects.exists()


@pytest.mark.parametrize("code", ["th", "km"])
def test_overlong_and_nul_values_get_errors_in_the_pages_language(
    page: Page, light_campaign: CampaignPage, org_key: Any, live_server: Any, code: str
) -> None:
    """What a pasted-in overlong name and a NUL byte show (the browser's maxlength is removed,
    as a script or an old browser would send it)."""
    page.goto(str(light_campaign.get_translation(Locale.objects.get(language_code=code)).url))
    form = page.locator("form.action-form")
    page.evaluate(
        """() => {
            const form = document.querySelector('form.action-form');
            form.noValidate = true;
            form.querySelector('[name=name]').removeAttribute('maxlength');
            form.querySelector('[name=name]').value = 'ก'.repeat(224);
            form.querySelector('[name=email]').value = 'sokha\\u0000@example.org';
        }"""
    )
    page.wait_for_timeout(3500)
    form.get_by_role("button", name=translated(code, "Sign")).click()
    errors = page.locator(".field__errors")
    expect(errors.first).to_be_visible()
    shown = [" ".join(text.split()) for text in errors.all_text_contents()]
    with translation_override(code):
        too_long = ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            200,
        ) % {"limit_value": 200, "show_value": 224}
    assert too_long in shown[0]
    for text in shown:
        assert not re.search(r"Ensure|Null characters|Enter a valid", text), text
    shot(page, f"petition-errors-{code}")
    assert not Action.objects.exists()
