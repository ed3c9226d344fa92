from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from wagtail.models import Locale

from chorus.campaigns.models import CampaignPage
from chorus.letters.models import LetterCampaignPage, Target


@pytest.fixture(scope="module")
def _letter_campaign_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """Make the demo letter campaign once per test module (six translations take seconds),
    inside a transaction rolled back when the module ends; each test rolls back its own changes."""
    from chorus.letters.demo import load_demo_letter_campaign
    from tests.helpers import default_home

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            home = default_home()
            yield load_demo_letter_campaign(home).pk
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def letter_campaign(_letter_campaign_for_module: int, db: None) -> CampaignPage:
    """The demo letter campaign: four targets, the letter in every site language, no letters yet."""
    return LetterCampaignPage.objects.get(pk=_letter_campaign_for_module)


def translation_of(page: CampaignPage, language: str) -> CampaignPage:
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def target(email_prefix: str) -> Target:
    return Target.objects.get(locale=Locale.get_default(), email__startswith=email_prefix)


@pytest.fixture
def smtp_server(settings: Any) -> Any:
    """A real SMTP server (aiosmtpd) on a free port; Django's default mailer points at it."""
    import logging

    from tests.delivery.smtp import SMTPServer

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer_settings
    settings.DEFAULT_FROM_EMAIL = "Riverlight Collective <hello@riverlight.example>"
    yield server
    server.stop()
