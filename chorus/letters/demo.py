"""The demo letter campaign for `chorus demo`: a campaign to four targets (texts in
`demo_letters.py`) with a few letters written through the real engine.

Texts were written for this project; names are invented. Idempotent.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from chorus.actions.services import confirm_action
from chorus.actions.tokens import confirm_token
from chorus.supporters.models import OrganisationKey

from . import demo_letters
from .compose import SupporterInput, compose_letters, letter_setup
from .models import CampaignTarget, LetterCampaignPage, Target
from .services import LetterRequest, record_letter


def load_demo_targets() -> list[Target]:
    """The four demo targets with their translations; found again by email address."""
    default = Locale.get_default()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    targets = []
    for spec in demo_letters.TARGETS:
        settings_ = {
            "country": spec["country"],
            "letter_languages": spec["letter_languages"],
            "email": spec["email"],
            "public_email": spec["public_email"],
            "contact_url": spec["contact_url"],
            "region_code": spec["region_code"],
            "delivery": spec["delivery"],
        }
        target = Target.objects.filter(locale=default, email=spec["email"]).first()
        if target is None:
            target = Target.objects.create(locale=default, **settings_, **spec["texts"]["en"])
        for code, texts in spec["texts"].items():
            locale = locales.get(code)
            if code == default.language_code or locale is None or target.has_translation(locale):
                continue
            translated = target.copy_for_translation(locale)
            for name, value in texts.items():
                setattr(translated, name, value)
            translated.save()
        targets.append(target)
    return targets


def load_demo_letter_campaign(home: Page) -> LetterCampaignPage:
    """A letter campaign to four targets, with its page and letter in every site language."""
    default = Locale.get_default()
    with transaction.atomic():
        targets = load_demo_targets()
        campaign = LetterCampaignPage.objects.filter(locale=default, slug=demo_letters.SLUG).first()
        if campaign is None:
            campaign = LetterCampaignPage(slug=demo_letters.SLUG, locale=default, goal=300)
            _apply_letter_texts(campaign, demo_letters.PAGE["en"])
            campaign.letter_ask_updates = True
            campaign.campaign_targets = [CampaignTarget(target=target) for target in targets]
            home.add_child(instance=campaign)
            campaign.save_revision().publish()
        for locale in Locale.objects.exclude(pk=default.pk):
            texts = demo_letters.PAGE.get(locale.language_code)
            if texts is None or campaign.get_translation_or_none(locale):
                continue
            translated = campaign.copy_for_translation(locale).specific
            _apply_letter_texts(translated, texts)
            translated.save_revision().publish()
    return campaign


def _apply_letter_texts(page: LetterCampaignPage, texts: demo_letters.PageText) -> None:
    page.title, page.summary, page.ask, page.body = (
        texts["title"],
        texts["summary"],
        texts["ask"],
        texts["body"],
    )
    page.letter_subject = texts["subject"]
    page.letter_salutation = texts["salutation"]
    page.letter_body = texts["letter"]
    page.letter_closing = texts["closing"]


def load_demo_letters(campaign: LetterCampaignPage) -> int:
    """Record the demo writers' letters through the real engine; returns how many were new.

    Some give no email address (counted, nothing kept), some confirm, two ask us to send their
    letters (which then wait in the outbox or for the UN office's daily digest).
    """
    if not OrganisationKey.objects.filter(active=True).exists():
        return 0
    setup = letter_setup(campaign)
    created = 0
    for number, (name, city, country, language, local, send, personal) in enumerate(demo_letters.WRITERS):
        supporter = SupporterInput(name=name, city=city, country=country, personal=personal)
        letters = compose_letters(setup, supporter, language, timezone.localdate())
        with translation.override(language):
            reader = campaign.get_translation_or_none(Locale.objects.get(language_code=language)) or campaign
            outcome = record_letter(
                setup,
                LetterRequest(
                    supporter=supporter,
                    email=f"{local}.letters@example.org" if local else "",
                    send_for_me=send,
                    reply_to=send,
                    updates=False,
                    submission_key=f"demo-letter-{number}",
                ),
                letters,
                language=language,
                page_url=reader.relative_url(reader.get_site()),
            )
        created += outcome.created
        if outcome.created and local and number % 3 != 2:
            confirm_action(confirm_token(outcome.action))
    return created
