"""The gettext catalogues: complete, real translations that compile, and pages that use them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from wagtail.models import Site

LOCALE_DIR = Path(__file__).resolve().parents[2] / "chorus" / "locale"
# Django language code -> catalogue folder (django.utils.translation.to_locale).
CATALOGUES = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant", "th": "th", "ko": "ko", "km": "km"}
# Brand and proper names that stay the same in every language. A msgid not listed here whose
# msgstr equals it is an untranslated English copy.
# Only placeholders and punctuation: Chinese writes full-width brackets, the others keep it as is.
SAME_IN_EVERY_LANGUAGE: frozenset[str] = frozenset({"%(zone)s (%(offset)s, %(name)s)"})

# %(name)s, %s, %d ... as Python's %-formatting reads them, and {name} for str.format.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z0-9_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx]|\{[A-Za-z_][A-Za-z0-9_]*\}")
MARKUP = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>")

pytestmark = pytest.mark.django_db


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / CATALOGUES[code] / "LC_MESSAGES" / "django.po"))


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def placeholders(text: str) -> list[str]:
    # A named placeholder may appear once or several times; a positional one (%s) must keep its count.
    found = PLACEHOLDER.findall(text.replace("%%", ""))
    named = {item for item in found if "(" in item or "{" in item}
    return sorted(named) + sorted(item for item in found if item not in named)


def source(entry: polib.POEntry) -> str:
    # Every one of these languages has a single plural form, which must read right for any count,
    # so it carries the plural msgid's placeholders (including the count).
    return entry.msgid_plural or entry.msgid


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_header_names_its_language_and_single_plural_form(code: str) -> None:
    po = catalogue(code)
    assert po.metadata["Language"] == CATALOGUES[code]
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_entry_is_translated_and_not_fuzzy(code: str) -> None:
    po = catalogue(code)
    entries = [entry for entry in po if not entry.obsolete]
    assert len(entries) > 100
    assert [entry.msgid for entry in entries if "fuzzy" in entry.flags] == []
    empty = [entry.msgid for entry in entries if not all(text.strip() for text in translations(entry))]
    assert empty == []
    if any(entry.msgid_plural for entry in entries):
        assert all(len(entry.msgstr_plural) == 1 for entry in entries if entry.msgid_plural)


@pytest.mark.parametrize("code", CATALOGUES)
def test_no_entry_is_an_english_copy(code: str) -> None:
    copies = [
        entry.msgid
        for entry in catalogue(code)
        if not entry.obsolete
        and entry.msgid not in SAME_IN_EVERY_LANGUAGE
        and any(text in (entry.msgid, entry.msgid_plural) for text in translations(entry))
    ]
    assert copies == []


@pytest.mark.parametrize("code", CATALOGUES)
def test_placeholders_and_markup_survive_translation(code: str) -> None:
    broken = []
    for entry in catalogue(code):
        if entry.obsolete:
            continue
        for text in translations(entry):
            if placeholders(text) != placeholders(source(entry)):
                broken.append((entry.msgid, text))
            if sorted(MARKUP.findall(text)) != sorted(MARKUP.findall(source(entry))):
                broken.append((entry.msgid, text))
    assert broken == []


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_compiles_and_the_compiled_file_is_current(code: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is missing: scripts/system-packages installs it"
    po_path = LOCALE_DIR / CATALOGUES[code] / "LC_MESSAGES" / "django.po"
    subprocess.run([msgfmt, "--check-format", "-o", str(tmp_path / "django.mo"), str(po_path)], check=True)

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "compile the catalogues with `make messages`"
    compiled = {(entry.msgctxt, entry.msgid): translations(entry) for entry in polib.mofile(str(mo_path))}
    stale = [
        entry.msgid
        for entry in catalogue(code)
        if not entry.obsolete and compiled.get((entry.msgctxt, entry.msgid)) != translations(entry)
    ]
    assert stale == [], "the .mo file is older than the .po file: run `make messages`"


def translated(code: str, message: str) -> str:
    with translation.override(code):
        text = translation.gettext(message)
    assert text != message, f"{message!r} has no {code} translation"
    return text


def text_of(page: BeautifulSoup, selector: str) -> str:
    element = page.select_one(selector)
    assert element is not None, selector
    return " ".join(element.get_text(" ").split())


def test_khmer_home_page_chrome_is_in_khmer(client: Client, demo_site) -> None:
    response = client.get("/km/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")

    assert text_of(page, ".skip-link") == translated("km", "Skip to main content")
    state = text_of(page, ".account-state")
    assert state == f"{translated('km', 'You are not logged in')} · {translated('km', 'Log in')}"
    assert "log" not in state.lower()
    switcher = page.select_one("nav.language-switcher")
    assert switcher is not None
    assert switcher["aria-label"] == translated("km", "Language")
    footer = translated("km", "%(name)s runs on Chorus, free software for community organising.")
    site_name = Site.objects.get(is_default_site=True).site_name
    assert text_of(page, ".site-footer > p") == footer % {"name": site_name}
    # The footer's links (privacy notice, contact) are in Khmer too.
    links = [a.get_text(strip=True) for a in page.select(".site-footer nav a")]
    assert links and not any(re.search("[A-Za-z]", text) for text in links), links


def test_thai_login_page_is_in_thai(client: Client, demo_site) -> None:
    response = client.get("/th/accounts/login/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")

    log_in = translated("th", "Log in")
    assert text_of(page, "main h1") == log_in
    assert text_of(page, "main button[type=submit]") == log_in
    assert text_of(page, "label[for=id_login]") == translated("th", "Email address")
    assert text_of(page, "label[for=id_password]") == translated("th", "Password")
    assert text_of(page, "a[href$='/accounts/password/reset/']") == translated("th", "Forgot your password?")
    introduction = "Members and staff log in with the email address and password the organisation gave them."
    assert translated("th", introduction) in text_of(page, "main")
    assert page.title is not None and page.title.string is not None
    assert page.title.string.startswith(log_in)


def test_staff_two_factor_prompt_and_messages_are_in_khmer(
    client: Client, demo_site, demo_accounts, staff_password: str
) -> None:
    """allauth has no Khmer catalogue: these words come from chorus/core/allauth_strings.py."""
    staff = demo_accounts["staff"]
    TOTP.activate(staff, "JBSWY3DPEHPK3PXP")

    response = client.post("/km/accounts/login/", {"login": staff.email, "password": staff_password})
    assert response.status_code == 302
    assert response["Location"] == "/km/accounts/2fa/authenticate/"

    prompt = BeautifulSoup(client.get(response["Location"]).content.decode(), "html.parser")
    assert text_of(prompt, "main h1") == translated("km", "Two-Factor Authentication")
    code_field = prompt.select_one("input[name=code]")
    assert code_field is not None
    assert code_field["placeholder"] == translated("km", "Code")

    wrong = client.post("/km/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert translated("km", "Incorrect code.") in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    client.force_login(staff)
    signed_out = client.post("/km/accounts/logout/", follow=True)
    assert translated("km", "You have signed out.") in signed_out.content.decode()
