"""Every validation message a supporter can trigger is in the language of the page.

Each supporter-facing form is posted through its real URL with each kind of bad value (empty,
too long, NUL, bad email, bad choice, wrong or empty file) in every non-English language. Every
error shown must be a translation found in that language's catalogues (ours, Django's or
allauth's), never English, and nothing may be stored. Django's own messages that lacked Thai or
Khmer are in our catalogue through chorus/core/django_strings.py.

A new supporter-facing form belongs in FORMS below (grep `forms.py` in every app).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils.translation import trans_real
from wagtail.models import Locale, Page

from chorus.actions.forms import new_form_token
from chorus.actions.models import Action
from chorus.delivery.models import Outbox
from chorus.letters.models import LetterCampaignPage
from chorus.petitions.models import PetitionPage
from chorus.supporters.models import Supporter

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "zh-hant", "th", "ko", "km"]
KINDS = ["empty", "too_long", "nul", "bad_email", "bad_choice", "wrong_file", "empty_file", "bad_token"]
# %(name)s, %s, %d and {name}, as the catalogue test reads them.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z0-9_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx]|\{[A-Za-z_][A-Za-z0-9_]*\}")


@cache
def catalogue_patterns(code: str) -> tuple[re.Pattern[str], ...]:
    """Every translation Django serves in that language (ours, Django's, allauth's, Wagtail's...,
    merged in INSTALLED_APPS order with LOCALE_PATHS first), placeholders as wildcards."""
    patterns = []
    for key, value in trans_real.translation(code)._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        text = " ".join(str(value).split())
        if not msgid or not text or text == " ".join(str(msgid).split()):
            continue  # the catalogue header, or an English copy: no translation
        parts = PLACEHOLDER.split(text.replace("%%", "%"))
        patterns.append(re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL))
    return tuple(patterns)


def in_catalogue(code: str, message: str) -> bool:
    return any(pattern.fullmatch(message) for pattern in catalogue_patterns(code))


@dataclass(frozen=True)
class FormCase:
    """One supporter-facing form: where it posts and what its fields take."""

    name: str
    url: Callable[[dict[str, Page], str], str]
    valid: Callable[[], dict[str, Any]]
    text: dict[str, int] = field(default_factory=dict)  # text field -> its maximum length
    emails: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    checkboxes: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()  # forms that carry only a signed token


def _token() -> str:
    return new_form_token(started_at=time.time() - 60)  # a person's pace


def _translated_url(pages: dict[str, Page], key: str, code: str, route: str) -> str:
    page = pages[key]
    return str(page.get_translation(Locale.objects.get(language_code=code)).url) + route


FORMS = [
    FormCase(
        "petition",
        lambda pages, code: _translated_url(pages, "petition", code, "sign/"),
        lambda: {
            "form_token": _token(),
            "name": "มาลี ศรีสุข",
            "email": "malee.s@example.org",
            "country": "TH",
            "show_name": "on",
            "display_name": "มาลี",
            "comment": "ขอให้หยุดการบุกค้น",
            "consent": "on",
            "website": "",
        },
        text={"name": 200, "display_name": 80, "comment": 500},
        emails=("email",),
        choices=("country",),
        checkboxes=("consent",),
    ),
    FormCase(
        "letter",
        lambda pages, code: _translated_url(pages, "letter", code, "write/"),
        lambda: {
            "form_token": _token(),
            "step": "preview",
            "name": "มาลี ศรีสุข",
            "city": "เชียงใหม่",
            "country": "TH",
            "personal": "ฉันเคยทำงานที่ซิดนีย์",
            "body_en": "Dear {target_salutation}, please end the raids. {personal_paragraph}",
            "email": "malee.s@example.org",
            "consent": "on",
            "website": "",
        },
        text={"name": 120, "city": 120, "personal": 1500, "body_en": 6000},
        emails=("email",),
        choices=("country",),
    ),
    FormCase(
        "joint letter, organisation",
        lambda pages, code: _translated_url(pages, "joint_letter", code, "join/"),
        lambda: {
            "form_token": _token(),
            "sign_as": "organisation",
            "org_name": "Riverlight Sex Worker Collective",
            "org_type": "community",
            "org_country": "AU",
            "org_city": "Melbourne",
            "org_website": "https://riverlight.example.org",
            "contact_name": "Alex Morgan",
            "contact_email": "alex@riverlight.example.org",
            "consent": "on",
            "website": "",
        },
        text={"org_name": 200, "org_city": 120, "contact_name": 200, "org_website": 300},
        emails=("contact_email",),
        choices=("sign_as", "org_type", "org_country"),
        files=("org_logo",),
        checkboxes=("consent",),
    ),
    FormCase(
        "joint letter, individual",
        lambda pages, code: _translated_url(pages, "joint_letter", code, "join/"),
        lambda: {
            "form_token": _token(),
            "sign_as": "individual",
            "ind_name": "김지현",
            "ind_role": "연구자",
            "ind_country": "KR",
            "ind_email": "jihyun@example.org",
            "consent": "on",
            "website": "",
        },
        text={"ind_name": 200, "ind_role": 200},
        emails=("ind_email",),
        choices=("ind_country",),
        checkboxes=("consent",),
    ),
    FormCase(
        "RSVP",
        lambda pages, code: _translated_url(pages, "event", code, "rsvp/"),
        lambda: {"form_token": _token(), "name": "มาลี", "email": "malee.s@example.org", "consent": "on"},
        text={"name": 120},
        emails=("email",),
        checkboxes=("consent",),
    ),
    FormCase(
        "my data: ask for a link",
        lambda pages, code: f"/{code}/my-data/",
        lambda: {"email": "malee.s@example.org"},
        emails=("email",),
    ),
    FormCase(
        "my data: delete",
        lambda pages, code: f"/{code}/my-data/delete/",
        lambda: {"token": "x"},
        tokens=("token",),
    ),
    FormCase(
        "unsubscribe",
        lambda pages, code: f"/{code}/my-data/unsubscribe/?token=x",
        dict,
        tokens=("token",),
    ),
    FormCase(
        "confirm an action",
        lambda pages, code: f"/{code}/confirm/?token=x",
        dict,
        tokens=("token",),
    ),
    FormCase(
        "RSVP cancel",
        lambda pages, code: _translated_url(pages, "event", code, "cancel/?token=x"),
        dict,
        tokens=("token",),
    ),
    FormCase(
        "letter download",
        lambda pages, code: _translated_url(pages, "letter", code, "letter/"),
        lambda: {"token": "x", "format": "pdf"},
        choices=("format",),
        tokens=("token",),
    ),
    FormCase(
        "log in",
        lambda pages, code: f"/{code}/accounts/login/",
        lambda: {"login": "member@example.org", "password": "wrong password"},
        text={"password": 10_000},
        emails=("login",),
    ),
    FormCase(
        "password reset",
        lambda pages, code: f"/{code}/accounts/password/reset/",
        lambda: {"email": "member@example.org"},
        emails=("email",),
    ),
]

TOO_LONG_TEXT = "ก"
NOT_AN_IMAGE = b"%PDF-1.7 this is no logo"


def bad_data(case: FormCase, kind: str) -> dict[str, Any] | None:
    """The form's valid data spoiled in one way, or None when the kind does not apply."""
    data = case.valid()
    if kind == "empty":
        if not (case.text or case.emails or case.choices or case.checkboxes or case.tokens):
            return None
        for name in (*case.text, *case.emails, *case.choices, *case.tokens):
            data[name] = ""
        for name in case.checkboxes:
            data.pop(name, None)
    elif kind == "too_long":
        if not (case.text or case.emails):
            return None
        for name, limit in case.text.items():
            data[name] = (
                "https://example.org/" + "a" * limit
                if name.endswith("website")
                else TOO_LONG_TEXT * (limit + 5)
            )
        for name in case.emails:
            data[name] = "a" * 330 + "@example.org"  # past any max_length, and past the 320 of RFC 5321
    elif kind == "nul":
        if not (case.text or case.emails or case.tokens):
            return None
        for name in (*case.text, *case.tokens):
            data[name] = "ชื่อ\x00ชื่อ"
        for name in case.emails:
            data[name] = "malee\x00@example.org"
    elif kind == "bad_email":
        if not case.emails:
            return None
        for name in case.emails:
            data[name] = "not-an-address"
    elif kind == "bad_choice":
        if not case.choices:
            return None
        for name in case.choices:
            data[name] = "ZZ-no-such-choice"
    elif kind in {"wrong_file", "empty_file"}:
        if not case.files:
            return None
        content = NOT_AN_IMAGE if kind == "wrong_file" else b""
        for name in case.files:
            data[name] = SimpleUploadedFile("logo.png", content, content_type="image/png")
    elif kind == "bad_token":
        if not case.tokens:
            return None
        for name in case.tokens:
            data[name] = "eyJhIjoxfQ:forged:signature"
    return data


def shown_errors(response: Any) -> list[str]:
    page = BeautifulSoup(response.content.decode(), "html.parser")
    main = page.main or page
    messages = [" ".join(item.get_text(" ").split()) for item in main.select(".errorlist li")]
    # Pages that refuse a token say so in a notice, not in an error list.
    messages += [
        " ".join(notice.get_text(" ").split())
        for notice in main.select(".notice[role=alert], p[role=alert]")
        if not notice.select(".errorlist")
    ]
    return [message for message in messages if message]


@pytest.fixture(scope="module")
def _pages_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """Every kind of action page once per module, rolled back when the module ends."""
    from chorus.events.demo import load_demo_events
    from chorus.events.models import EventPage
    from chorus.jointletters.demo import load_demo_joint_letter
    from chorus.letters.demo import load_demo_letter_campaign
    from chorus.petitions.demo import load_demo_campaign
    from tests.helpers import default_home

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            home = default_home()
            petition = load_demo_campaign(home)
            letter = load_demo_letter_campaign(home)
            # Every optional field on: editable letter text too.
            LetterCampaignPage.objects.filter(translation_key=letter.translation_key).update(
                letter_editable=True
            )
            PetitionPage.objects.filter(translation_key=petition.translation_key).update(
                petition_ask_display_name=True, petition_ask_comment=True
            )
            joint = load_demo_joint_letter(home)
            load_demo_events(home)
            event = EventPage.objects.get(locale=Locale.get_default(), slug="rights-not-rescue-embassy")
            yield {"petition": petition.pk, "letter": letter.pk, "joint_letter": joint.pk, "event": event.pk}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def action_pages(_pages_for_module: dict[str, int], org_key: Any) -> dict[str, Page]:
    return {key: Page.objects.get(pk=pk).specific for key, pk in _pages_for_module.items()}


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("case", FORMS, ids=[case.name for case in FORMS])
def test_every_error_message_is_in_the_pages_language(
    case: FormCase, code: str, action_pages: dict[str, Page]
) -> None:
    untranslated: list[tuple[str, str]] = []
    tried = 0
    for kind in KINDS:
        data = bad_data(case, kind)
        if data is None:
            continue
        tried += 1
        response = Client().post(case.url(action_pages, code), data, REMOTE_ADDR="203.0.113.50")
        assert response.status_code in {200, 400}, (kind, response.status_code)
        errors = shown_errors(response)
        assert errors, f"{case.name}: {kind} showed no error"
        untranslated += [(kind, message) for message in errors if not in_catalogue(code, message)]
    assert tried
    assert untranslated == []
    # Bad input changes nothing.
    assert not Action.objects.exists() and not Supporter.objects.exists() and not Outbox.objects.exists()
