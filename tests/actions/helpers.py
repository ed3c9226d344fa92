"""Submitting the petition form the way a browser does."""

from __future__ import annotations

import re
import time
from typing import Any

from django.test import Client

from chorus.actions.forms import new_form_token


def petition_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        # A form shown ten seconds ago: a person's pace, not a bot's.
        "form_token": new_form_token(started_at=time.time() - 10),
        "name": "มาลี ศรีสุข",
        "email": "malee.s@example.org",
        "country": "TH",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign(client: Client, campaign: Any, language: str = "th", **overrides: Any):
    url = campaign.get_translation(campaign.locale.__class__.objects.get(language_code=language)).url
    return client.post(url + "sign/", petition_data(**overrides), REMOTE_ADDR="203.0.113.7")


def strip_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="form_token" value="[^"]+"', "", html)
