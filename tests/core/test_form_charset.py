"""A form declared in a charset Django will not read (`charset=utf-16`, `iso-8859-1`, ...) is
answered with the translated 400 page and changes nothing; an unknown charset name is read as UTF-8.

Django raises BadRequest on every read of such a form, its `requires_csrf_token` on the error
views read it again, and the answer was an unhandled 500. The CSRF check is on (a browser's
request), since that is where the form is first read.
"""

from __future__ import annotations

import http.client
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from chorus.actions.models import Action
from chorus.actions.tokens import confirm_token
from chorus.news.demo import DEMO_USERS, load_demo_users
from tests.actions.helpers import petition_data, sign

# Charsets Python knows that Django refuses for a urlencoded form, each with the language asked for.
REFUSED = [
    ("utf-16", "th"),
    ("iso-8859-1", "km"),
    ("utf-16-be", "zh-hant"),
    ("utf-32", "ko"),
    ("latin-1", "zh-hans"),
    ("cp1252", "en"),
]
LANGUAGE_TAGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
HEADING = "This request could not be handled"


def heading_in(language: str) -> str:
    with translation.override(language):
        return translation.gettext(HEADING)


def assert_translated_400(status: int, body: bytes, language: str) -> None:
    assert status == 400
    page = BeautifulSoup(body.decode(), "html.parser")
    assert page.html is not None and page.html["lang"] == LANGUAGE_TAGS.get(language, language)
    assert page.h1 is not None and page.h1.get_text(strip=True) == heading_in(language)
    assert page.select_one("nav.language-switcher") is not None  # the site's chrome


def declared_post(client: Client, path: str, fields: dict[str, Any], charset: str, language: str) -> Any:
    """POST `fields` (ASCII, URL-encoded) with a valid CSRF cookie and token, declared in `charset`."""
    client.get(f"/{language}/accounts/login/")  # the login form sets the CSRF cookie
    body = urlencode({**fields, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}).encode()
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    return client.generic("POST", path, body, content_type=content_type, REMOTE_ADDR="203.0.113.9")


def page_url(campaign: Any, language: str) -> str:
    return str(campaign.get_translation(campaign.locale.__class__.objects.get(language_code=language)).url)


@pytest.mark.django_db
@pytest.mark.parametrize(("charset", "language"), REFUSED)
def test_a_form_in_a_refused_charset_gets_the_translated_400_and_changes_nothing(
    campaign: Any,
    org_key: Any,
    demo_accounts: dict[str, Any],
    member_password: str,
    charset: str,
    language: str,
) -> None:
    member = demo_accounts["member"]
    assert sign(Client(), campaign, email="pending.signer@example.org").status_code == 302
    (pending,) = Action.objects.all()
    client = Client(enforce_csrf_checks=True)

    # An action form: nothing is recorded.
    response = declared_post(
        client, page_url(campaign, language) + "sign/", petition_data(), charset, language
    )
    assert_translated_400(response.status_code, response.content, language)
    assert Action.objects.count() == 1

    # The login form, with the right password: nobody is logged in.
    login = {"login": member.email, "password": member_password}
    response = declared_post(client, f"/{language}/accounts/login/", login, charset, language)
    assert_translated_400(response.status_code, response.content, language)
    assert "_auth_user_id" not in client.session

    # A confirmation button: the action stays unconfirmed.
    confirm = f"/{language}/confirm/?token={confirm_token(pending)}"
    response = declared_post(client, confirm, {}, charset, language)
    assert_translated_400(response.status_code, response.content, language)
    pending.refresh_from_db()
    assert pending.confirmed_at is None


@pytest.mark.django_db
def test_an_unknown_charset_name_is_read_as_utf8(campaign: Any, org_key: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = declared_post(client, page_url(campaign, "km") + "sign/", petition_data(), "x-nonsense", "km")
    assert response.status_code == 302  # to the thank-you page, as for any signature
    (action,) = Action.objects.all()
    response = declared_post(client, f"/km/confirm/?token={confirm_token(action)}", {}, "x-nonsense", "km")
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.confirmed_at is not None


def raw_request(base: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None):
    """One HTTP request on its own connection, as an attacker's script sends it."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def test_a_live_server_answers_refused_charsets_with_the_400_page(
    live_server: Any, light_campaign: Any, org_key: Any, member_password: str
) -> None:
    """Through a real server and socket (the test client does not pass the WSGI layer)."""
    load_demo_users()
    member = get_user_model().objects.get(
        email=next(user.email for user in DEMO_USERS if user.key == "member")
    )
    assert (
        sign(Client(), light_campaign, language="en", email="pending.signer@example.org").status_code == 302
    )
    (pending,) = Action.objects.all()

    _, headers, _ = raw_request(live_server.url, "GET", "/th/accounts/login/")
    cookie = next(value.split(";")[0] for name, value in headers if value.startswith("csrftoken="))
    token = cookie.removeprefix("csrftoken=")
    forms = {
        page_url(light_campaign, "en") + "sign/": petition_data(),
        "/th/accounts/login/": {"login": member.email, "password": member_password},
        f"/km/confirm/?token={confirm_token(pending)}": {},
    }

    def post_all(charset: str) -> list[tuple[str, int, bytes]]:
        answers = []
        for path, fields in forms.items():
            content_type = f"application/x-www-form-urlencoded; charset={charset}"
            status, _, answer = raw_request(
                live_server.url,
                "POST",
                path,
                urlencode({**fields, "csrfmiddlewaretoken": token}).encode(),
                {"Content-Type": content_type, "Cookie": cookie, "Origin": live_server.url},
            )
            answers.append((path.split("/")[1], status, answer))
        return answers

    for charset in ("utf-16", "iso-8859-1"):
        for language, status, answer in post_all(charset):
            assert_translated_400(status, answer, language)
    pending.refresh_from_db()
    assert pending.confirmed_at is None
    assert Action.objects.count() == 1

    # An unknown name is ignored: read as UTF-8, the same forms sign, log in and confirm.
    assert [status for _, status, _ in post_all("x-nonsense")] == [302, 302, 200]
    pending.refresh_from_db()
    assert pending.confirmed_at is not None
    assert Action.objects.count() == 2
