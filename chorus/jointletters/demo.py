"""Demo joint letter for `chorus demo`: a letter to the Ambassador of the Kingdom of Thailand in
six languages, co-signed by invented organisations and individuals across the region.

Texts were written for this project; every organisation and person is invented, and websites
are on example.org. Signatures go through the real services (sign, confirm, approve, reject).
Idempotent.
"""

from __future__ import annotations

import io

from django.db import transaction
from PIL import Image, ImageDraw
from wagtail.models import Locale, Page

from chorus.actions.services import confirm_action
from chorus.actions.tokens import confirm_token
from chorus.supporters.models import OrganisationKey

from . import services
from .demo_texts import PAGE, REJECT_REASON, SIGNERS, SLUG, PageText
from .models import JointLetterPage
from .signatures import Signature

# Logo colours for the organisations that have a website (a plain roundel with an initial-free mark).
_COLOURS = ["#7a1f5c", "#1f4e5f", "#2e7d32", "#b45309", "#4338ca", "#9f1239", "#0f766e", "#6d28d9"]


def _logo(number: int) -> bytes:
    colour = _COLOURS[number % len(_COLOURS)]
    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 116, 116), fill=colour)
    draw.rectangle((38, 52, 82, 68), fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load_demo_joint_letter(home: Page) -> JointLetterPage:
    """The joint letter campaign page, translated into every site language."""
    default = Locale.get_default()
    with transaction.atomic():
        page = JointLetterPage.objects.filter(locale=default, slug=SLUG).first()
        if page is None:
            text = PAGE.get(default.language_code, PAGE["en"])
            page = JointLetterPage(slug=SLUG, locale=default, goal=50)
            _apply(page, text)
            page.joint_letter_individuals = True
            home.add_child(instance=page)
            page.save_revision().publish()
        for locale in Locale.objects.exclude(pk=default.pk):
            own = PAGE.get(locale.language_code)
            if own is None or page.get_translation_or_none(locale):
                continue
            translated = page.copy_for_translation(locale).specific
            _apply(translated, own)
            translated.save_revision().publish()
    return page


def _apply(page: JointLetterPage, text: PageText) -> None:
    page.title, page.summary, page.ask = text.title, text.summary, text.ask
    page.joint_letter_recipient, page.joint_letter_text = text.recipient, text.letter


def load_demo_signons(page: JointLetterPage) -> int:
    """Sign, confirm and moderate the demo signatures through the real services.

    Returns how many were new. Nothing happens without an organisation key (the contact
    details could not be sealed).
    """
    if not OrganisationKey.objects.filter(active=True).exists():
        return 0
    created = 0
    for number, signer in enumerate(SIGNERS):
        individual = signer.kind == "individual"
        email = f"joint-{number}@example.org"
        signon = services.SignOn(
            signer_type=Signature.SignerType.INDIVIDUAL if individual else Signature.SignerType.ORGANISATION,
            name=signer.name,
            organisation_type="" if individual else signer.kind,
            role=signer.city if individual else "",
            city="" if individual else signer.city,
            country=signer.country,
            website=signer.website,
            logo=_logo(number) if signer.website else None,
            contact_name=signer.name if individual else f"Contact {number}",
            email=email,
            show_publicly=signer.outcome != "unlisted",
            updates=number % 3 == 0,
            submission_key=f"demo-joint-{number}",
        )
        outcome = services.sign(page, signon, language=signer.language)
        if not outcome.created:
            continue
        created += 1
        if signer.outcome != "pending-unconfirmed":
            confirm_action(confirm_token(outcome.action))
        signature = Signature.objects.get(action=outcome.action)
        if signer.outcome in {"listed", "unlisted"}:
            services.approve([signature.pk])
        elif signer.outcome == "rejected":
            services.reject([signature.pk], REJECT_REASON.get(signer.language, REJECT_REASON["en"]))
    return created
