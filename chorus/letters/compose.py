"""Writing the letters of a campaign: which targets, in which language, with which words.

Nothing here changes state. A `LetterSetup` is read once per request (four queries); the
letters themselves are composed from it in memory.

Languages: each target gets the letter in the first of its letter languages for which the
campaign has a letter (a live translation of the page with a letter body), else in the
campaign's original language. The supporter reads the same letter composed from the page in
their own language, when the campaign has it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from chorus.core.countries import country_name
from chorus.typesetting.services import LetterData, format_letter_date

from .targets import Target

if TYPE_CHECKING:
    from .models import LetterCampaignPage

PLACEHOLDERS = (
    "target_salutation",
    "target_name",
    "target_title",
    "target_organisation",
    "target_address",
    "supporter_name",
    "supporter_city",
    "supporter_country",
    "date",
    "personal_paragraph",
)
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
PERSONAL = "{personal_paragraph}"

# Countries where US Letter, not A4, is the paper in the printer.
US_LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI"}
)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace the known `{placeholders}`; any other brace is left as typed."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)


def paragraphs_of(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def paper_for(country: str) -> str:
    return "us-letter" if country.upper() in US_LETTER_COUNTRIES else "a4"


@dataclass(frozen=True)
class LetterTemplate:
    """The letter as one translation of the campaign page writes it."""

    language: str
    subject: str
    salutation: str
    body: str
    closing: str

    @classmethod
    def of(cls, page: LetterCampaignPage) -> LetterTemplate:
        return cls(
            language=page.locale.language_code,
            subject=page.letter_subject,
            salutation=page.letter_salutation,
            body=page.letter_body,
            closing=page.letter_closing,
        )


@dataclass(frozen=True)
class SupporterInput:
    """What the supporter typed. Lives in memory, in a download token, or sealed: never plain."""

    name: str
    city: str = ""
    country: str = ""  # ISO 3166 code
    personal: str = ""
    # The letter body as the supporter edited it, per letter language (when staff allow it).
    bodies: Mapping[str, str] = field(default_factory=dict)
    # Shown instead of a country name when there is no country (the sample on the campaign page).
    country_label: str = ""

    def country_in(self, language: str) -> str:
        if self.country:
            return country_name(self.country, language)
        return self.country_label


@dataclass(frozen=True)
class TargetLetter:
    """One target's letter, in the target's language, and its translation for the reader."""

    target: Target  # the original: email, languages, delivery settings
    shown: Target  # as the reader's language writes it (a translation, or the original)
    letter: LetterData
    translation: LetterData | None  # None when the reader's language is the letter's, or missing

    @property
    def language(self) -> str:
        return self.letter.language


@dataclass
class LetterSetup:
    """A campaign's letter: its original page, templates by language, targets in order."""

    page: LetterCampaignPage  # the original page, which holds the settings and records the actions
    organisation: str
    templates: dict[str, LetterTemplate]
    targets: list[Target]
    translations: dict[tuple[uuid.UUID, str], Target]

    @property
    def default_language(self) -> str:
        return self.page.locale.language_code

    def template_for(self, language: str) -> LetterTemplate | None:
        return self.templates.get(language)

    def letter_language(self, target: Target) -> str:
        for language in target.languages:
            if language in self.templates:
                return language
        if self.default_language in self.templates:
            return self.default_language
        return next(iter(self.templates), self.default_language)

    def letter_languages(self) -> list[str]:
        """The distinct languages the letters go out in, in target order."""
        return list(dict.fromkeys(self.letter_language(target) for target in self.targets))

    def target_in(self, target: Target, language: str) -> Target:
        return self.translations.get((target.translation_key, language), target)

    def sendable(self) -> list[Target]:
        """Targets we can send letters to on a supporter's behalf."""
        return [target for target in self.targets if target.email]

    def target_by_id(self, target_id: int) -> Target | None:
        return next((target for target in self.targets if target.pk == target_id), None)


def _original(target: Target, default_locale_id: int, by_key: dict[tuple[uuid.UUID, int], Target]) -> Target:
    """The translation in the default locale, if the page picked another one."""
    return by_key.get((target.translation_key, default_locale_id), target)


def letter_setup(page: LetterCampaignPage) -> LetterSetup:
    """Everything needed to compose the campaign's letters, worked out once per page object: the
    form and the page's context ask for it in one request, and the page `actions.intake` keeps
    per process holds it (`keep_warm`) until the content version changes (a publish, a target
    edited: `core.page_cache`)."""
    kept: LetterSetup | None = page.__dict__.get("_letter_setup")
    if kept is None:
        kept = page.__dict__["_letter_setup"] = _load_setup(page)
    return kept


def _load_setup(page: LetterCampaignPage) -> LetterSetup:
    """Everything needed to compose the campaign's letters, in six queries."""
    # The page's own class (a letter campaign page): its translations hold their letters.
    kind = type(page)
    source = page if page.pk == page.action_page_id else kind.objects.get(pk=page.action_page_id)
    chosen = [
        link.target for link in source.campaign_targets.select_related("target").order_by("sort_order", "pk")
    ]
    keys = {target.translation_key for target in chosen}
    default_locale = Locale.get_default()
    every = list(Target.objects.filter(translation_key__in=keys).select_related("locale"))
    by_locale_id = {(target.translation_key, target.locale_id): target for target in every}
    targets = list(
        {t.pk: t for t in (_original(t, default_locale.pk, by_locale_id) for t in chosen)}.values()
    )
    translations = {(target.translation_key, target.locale.language_code): target for target in every}
    pages = (
        kind.objects.live()
        .filter(translation_key=source.translation_key)
        .exclude(letter_body="")
        .select_related("locale")
        # The first template is the fallback language (`letter_language`): the same one every time.
        .order_by("pk")
    )
    templates = {translated.locale.language_code: LetterTemplate.of(translated) for translated in pages}
    if not templates and source.letter_body.strip():
        templates[source.locale.language_code] = LetterTemplate.of(source)
    site = source.get_site()
    organisation = (site.site_name if site is not None else "") or settings.CHORUS_SITE_NAME
    return LetterSetup(source, organisation, templates, targets, translations)


def _salutation(
    setup: LetterSetup, target: Target, template: LetterTemplate, values: Mapping[str, str]
) -> str:
    own = setup.translations.get((target.translation_key, template.language))
    if own is not None and own.salutation.strip():
        return own.salutation.strip()
    if template.salutation.strip():
        return fill(template.salutation, values).strip()
    with translation.override(template.language):
        return _("Dear %(name)s,") % {"name": values["target_name"]}


def _body_paragraphs(body: str, values: Mapping[str, str], personal: str) -> list[str]:
    """The body's paragraphs with placeholders filled; the supporter's own paragraph goes where
    the template puts `{personal_paragraph}`, or last when it does not."""
    own = paragraphs_of(personal)
    placed = False
    result: list[str] = []
    for paragraph in paragraphs_of(body):
        if paragraph == PERSONAL:
            result.extend(own)
            placed = True
            continue
        if PERSONAL in paragraph:
            placed = True
        text = fill(paragraph, {**values, "personal_paragraph": " ".join(own)}).strip()
        if text:
            result.append(text)
    if not placed:
        result.extend(own)
    return result


def compose_letter(
    setup: LetterSetup, target: Target, language: str, supporter: SupporterInput, day: date
) -> LetterData:
    """The letter to `target` as the campaign writes it in `language`, signed by the supporter."""
    template = setup.template_for(language)
    if template is None:
        raise LookupError(f"the campaign has no letter in {language}")
    shown = setup.target_in(target, language)
    values = {
        "target_name": shown.name,
        "target_title": shown.title,
        "target_organisation": shown.organisation,
        "target_address": ", ".join(shown.address_lines),
        "supporter_name": supporter.name,
        "supporter_city": supporter.city,
        "supporter_country": supporter.country_in(language),
        "date": format_letter_date(day, language),
    }
    values["target_salutation"] = _salutation(setup, target, template, values)
    body = supporter.bodies.get(language) or template.body
    with translation.override(language):
        closing = template.closing.strip() or _("Yours sincerely,")
    return LetterData(
        language=language,
        sender_organisation=setup.organisation,
        sender_lines=[line for line in (supporter.name, supporter.city, values["supporter_country"]) if line],
        recipient_lines=[
            line for line in (shown.name, shown.title, shown.organisation, *shown.address_lines) if line
        ],
        date_text=values["date"],
        salutation=values["target_salutation"],
        paragraphs=_body_paragraphs(body, values, supporter.personal),
        closing=closing,
        signature=supporter.name,
        subject=fill(template.subject, values).strip(),
    )


def compose_letters(
    setup: LetterSetup,
    supporter: SupporterInput,
    reader_language: str,
    day: date,
    targets: Sequence[Target] | None = None,
) -> list[TargetLetter]:
    """Every target's letter, each in its language, with a translation into the reader's."""
    letters = []
    for target in setup.targets if targets is None else targets:
        language = setup.letter_language(target)
        letter = compose_letter(setup, target, language, supporter, day)
        translated = None
        if reader_language != language and reader_language in setup.templates:
            # The reader's translation shows the template's words; an edited body is the
            # supporter's own and is not translated.
            reader_view = SupporterInput(
                name=supporter.name,
                city=supporter.city,
                country=supporter.country,
                personal=supporter.personal,
                country_label=supporter.country_label,
            )
            translated = compose_letter(setup, target, reader_language, reader_view, day)
        letters.append(TargetLetter(target, setup.target_in(target, reader_language), letter, translated))
    return letters


def letter_text(letter: LetterData) -> str:
    """The letter as plain text, for an email body or a mail link."""
    parts = []
    if letter.salutation:
        parts.append(letter.salutation)
    parts.extend(letter.paragraphs)
    signature = "\n".join(line for line in (letter.closing, *letter.sender_lines) if line)
    parts.append(signature)
    return "\n\n".join(parts) + "\n"
