"""The letter form: who writes, to whom, in which words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from chorus.actions.forms import ActionForm
from chorus.core.countries import CountrySelect, country_choices
from chorus.core.forms import TOO_LONG, single_line
from chorus.core.languages import bcp47, language_name

if TYPE_CHECKING:
    from .compose import LetterSetup, SupporterInput


LETTER_CONSENT_VERSION = "letter-consent-2026-11"

# Letters to the same few people: enough for a paragraph or an edited letter, not a book.
NAME_MAX = 120
PERSONAL_MAX = 1500
BODY_MAX = 6000


def _body_field_name(language: str) -> str:
    return "body_" + language.replace("-", "_")


class LetterForm(ActionForm):
    """The supporter's side of a letter: only the fields the campaign enables.

    Without an email address nothing personal is kept (the zero-data path): the letter is made
    for download and the action is counted as unconfirmed. With one, the details are sealed,
    a confirmation mail goes out, and "send it for me" becomes possible.
    """

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        validators=[single_line],
        help_text=_("It signs your letter."),
        error_messages={"required": _("Please give your name: it signs your letter."), **TOO_LONG},
    )
    city = forms.CharField(
        label=_("Your city or town (optional)"),
        max_length=NAME_MAX,
        required=False,
        validators=[single_line],
        error_messages=TOO_LONG,
    )
    country = forms.ChoiceField(label=_("Country where you live"), required=False, widget=CountrySelect)
    personal = forms.CharField(
        label=_("A paragraph in your own words (optional)"),
        help_text=_("It is added to your letter, as you write it."),
        max_length=PERSONAL_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=TOO_LONG,
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_("Needed only to confirm your letter, to have us send it, or for updates."),
        max_length=254,
        required=False,
    )
    send_for_me = forms.BooleanField(
        label=_("Send my letter for me, by email, once I confirm"), required=False
    )
    reply_to = forms.BooleanField(
        label=_("Let the recipients reply to my email address"),
        help_text=_("Otherwise they see only your name; replies go to the organisation."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, email address and letter are kept, encrypted, to confirm and count my "
            "letter (and send it, if I asked), and deleted when the campaign ends."
        ),
        required=False,
    )
    updates = forms.BooleanField(label=_("Send me updates about this campaign (optional)"), required=False)

    def __init__(self, *args: Any, setup: LetterSetup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup = setup
        page = setup.page
        country = cast(forms.ChoiceField, self.fields["country"])
        country.choices = [("", _("Prefer not to say")), *country_choices()]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        removed = set()
        if not page.letter_ask_city:
            removed.add("city")
        if not page.letter_ask_country:
            removed.add("country")
        if not page.letter_ask_personal:
            removed.add("personal")
        if not page.letter_ask_email:
            removed |= {"email", "send_for_me", "reply_to", "consent", "updates"}
        if not (page.letter_send_for_me and setup.sendable()):
            removed |= {"send_for_me", "reply_to"}
        if not page.letter_ask_updates:
            removed.add("updates")
        for name in removed:
            self.fields.pop(name, None)
        self.body_languages: list[str] = setup.letter_languages() if page.letter_editable else []
        for language in self.body_languages:
            template = setup.template_for(language)
            self.fields[_body_field_name(language)] = forms.CharField(
                label=format_lazy(_("Your letter in {language}"), language=language_name(language)),
                help_text=_(
                    "You may change it. The placeholders in braces are filled in for each recipient."
                ),
                initial=template.body if template else "",
                max_length=BODY_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 12, "lang": bcp47(language)}),
                error_messages=TOO_LONG,
            )
        ordered = ["name", "city", "country", "personal"]
        ordered += [_body_field_name(language) for language in self.body_languages]
        ordered += ["email", "send_for_me", "reply_to", "consent", "updates", "website", "form_token"]
        self.order_fields(ordered)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = data.get("email") or ""
        if data.get("send_for_me") and not email and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    _(
                        "Please give your email address so that we can send your letter for you once you confirm."
                    ),
                    code="email_needed",
                ),
            )
        if data.get("updates") and not email and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Please give your email address to receive updates."), code="email_needed"
                ),
            )
        if email and not data.get("consent"):
            self.add_error(
                "consent",
                forms.ValidationError(
                    _(
                        "Please agree, so that we can keep your email address to confirm your letter — or leave the email address empty."
                    ),
                    code="consent_needed",
                ),
            )
        if not data.get("send_for_me"):
            data["reply_to"] = False
        return data

    def supporter_input(self) -> SupporterInput:
        from .compose import SupporterInput

        data = self.cleaned_data
        bodies = {}
        for language in self.body_languages:
            template = self.setup.template_for(language)
            edited = (data.get(_body_field_name(language)) or "").strip()
            # An unchanged letter stays the template, so the reader's translation matches it.
            if edited and (template is None or edited != template.body.strip()):
                bodies[language] = edited
        return SupporterInput(
            name=data["name"],
            city=(data.get("city") or "").strip(),
            country=data.get("country") or "",
            personal=(data.get("personal") or "").strip(),
            bodies=bodies,
        )

    @property
    def email_given(self) -> str:
        return str(self.cleaned_data.get("email") or "").strip()

    def carried_fields(self) -> list[tuple[str, str]]:
        """The form as hidden (name, value) pairs, so the preview page can send it on unchanged."""
        pairs = []
        for name, bound in self.fields.items():
            if isinstance(bound, forms.BooleanField):
                if self.cleaned_data.get(name):
                    pairs.append((name, "on"))
                continue
            value = self.data.get(name)
            if value not in (None, ""):
                pairs.append((name, str(value)))
        return pairs
