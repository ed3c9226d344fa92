"""Writing a letter through the HTTP form, the way a browser does (without JavaScript)."""

from __future__ import annotations

import re
import time
from typing import Any

from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from chorus.actions.forms import new_form_token
from chorus.campaigns.models import CampaignPage

from .conftest import translation_of

SUPPORTER = "มาลี ศรีสุข"
CITY = "เชียงใหม่"
PERSONAL = "ฉันเคยทำงานที่ซิดนีย์ และเห็นเพื่อนถูกส่งกลับโดยไม่ได้ค่าจ้าง"


def letter_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        # A form shown a minute ago: a person's pace, not a bot's.
        "form_token": new_form_token(started_at=time.time() - 60),
        "name": SUPPORTER,
        "city": CITY,
        "country": "TH",
        "personal": PERSONAL,
        "email": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def write(client: Client, campaign: CampaignPage, step: str, language: str = "th", **overrides: Any) -> Any:
    page = translation_of(campaign, language)
    data = letter_data(**overrides)
    data["step"] = step
    return client.post(page.url + "write/", data, REMOTE_ADDR="203.0.113.9")


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def downloads(response: Any) -> list[dict[str, str]]:
    """The download forms on a thank-you page: their action and token."""
    page = soup(response)
    return [
        {"action": str(form["action"]), "token": str(form.select_one("input[name=token]")["value"])}
        for form in page.select("form.letter-download")
    ]


def mail_links(response: Any) -> list[str]:
    return [str(link["href"]) for link in soup(response).select("a.mail-link")]


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def errors_of(response: Any) -> str:
    page = soup(response)
    return " ".join(error.get_text(" ", strip=True) for error in page.select(".field__errors, .form-errors"))


def strip_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'name="token" value="[^"]+"', "", html)
    html = re.sub(r"/letters/\?token=[^\"]+", "/letters/?token=TOKEN", html)
    # The mail-link token is signed with the second it was made: two answers a second apart differ.
    html = re.sub(r'data-count-token="[^"]+"', "", html)
    return re.sub(r'name="form_token" value="[^"]+"', "", html)
