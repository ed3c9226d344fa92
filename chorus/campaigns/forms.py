from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from chorus.actions.forms import ActionForm
from chorus.actions.services import ConsentGiven, Submission
from chorus.core.countries import country_choices
from chorus.core.languages import bcp47, language_name
from chorus.supporters.models import Consent

if TYPE_CHECKING:
    from chorus.signons.petition import PublicPart

    from .compose import LetterSetup, SupporterInput

# Bump when the wording of the consent text changes, so each consent record names what was shown.
PETITION_CONSENT_VERSION = "petition-consent-2026-11"


# What a signer may make public on a petition.
DISPLAY_NAME_MAX = 80
COMMENT_MAX = 500


class PetitionForm(ActionForm):
    """The petition form; the public display name and comment only when the page offers them."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    country = forms.ChoiceField(label=_("Country where you live"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and email address are kept, encrypted, to confirm and count my "
            "signature, and deleted when the campaign ends."
        ),
        error_messages={"required": _("Please agree so that we can count your signature.")},
    )
    updates = forms.BooleanField(label=_("Send me updates about this campaign (optional)"), required=False)

    field_order = [
        "name",
        "email",
        "country",
        "show_name",
        "display_name",
        "comment",
        "consent",
        "updates",
        "website",
        "form_token",
    ]

    def __init__(
        self, *args: Any, ask_display_name: bool = False, ask_comment: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        country = cast(forms.ChoiceField, self.fields["country"])
        country.choices = [("", _("Prefer not to say")), *country_choices()]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if ask_display_name:
            self.fields["show_name"] = forms.BooleanField(
                label=_("Show my name in the list of recent signers"),
                help_text=_("Optional. Anyone visiting this page can see it, once you have confirmed."),
                required=False,
            )
            self.fields["display_name"] = forms.CharField(
                label=_("Name to show (optional)"),
                help_text=_("For example only your first name. If you leave it empty, we show your name."),
                max_length=DISPLAY_NAME_MAX,
                required=False,
                validators=[_single_line],
                error_messages=TOO_LONG,
            )
        if ask_comment:
            self.fields["comment"] = forms.CharField(
                label=_("A comment (optional)"),
                help_text=_("It is shown on this page only after the organisation has reviewed it."),
                max_length=COMMENT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=TOO_LONG,
            )
        self.order_fields(self.field_order)

    @classmethod
    def for_page(cls, page: Any, *args: Any, **kwargs: Any) -> PetitionForm:
        """The form with the public fields the campaign page offers."""
        return cls(
            *args,
            ask_display_name=bool(page.petition_ask_display_name),
            ask_comment=bool(page.petition_ask_comment),
            **kwargs,
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_display_name(self) -> str:
        return " ".join(self.cleaned_data["display_name"].split())

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"].replace("\r\n", "\n").replace("\r", "\n")
        # Keep line breaks, drop other control characters.
        return _CONTROL_CHARACTERS.sub(
            lambda match: match.group() if match.group() == "\n" else "", text
        ).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("show_name") and not data.get("display_name") and data.get("name"):
            if len(data["name"]) > DISPLAY_NAME_MAX:
                self.add_error(
                    "display_name",
                    forms.ValidationError(
                        _(
                            "Your name is long: please write a shorter name to show (at most %(limit)s characters)."
                        )
                        % {"limit": DISPLAY_NAME_MAX},
                        code="display_name_needed",
                    ),
                )
            else:
                data["display_name"] = _CONTROL_CHARACTERS.sub("", data["name"])
        return data

    def public_part(self) -> PublicPart:
        """What the signer asked to make public: a name only with the opt-in ticked."""
        from chorus.signons.petition import PublicPart

        data = self.cleaned_data
        display_name = (data.get("display_name") or "") if data.get("show_name") else ""
        return PublicPart(display_name=display_name, comment=data.get("comment") or "")

    def submission(self, *, page_id: int, request: HttpRequest, retention_days: int | None) -> Submission:
        data = self.cleaned_data
        consents = [ConsentGiven(Consent.Purpose.ACTION, PETITION_CONSENT_VERSION)]
        if data.get("updates"):
            consents.append(ConsentGiven(Consent.Purpose.UPDATES, PETITION_CONSENT_VERSION))
        if self.public_part().display_name:
            consents.append(ConsentGiven(Consent.Purpose.PUBLIC_NAME, PETITION_CONSENT_VERSION))
        return Submission(
            page_id=page_id,
            kind="petition",
            language=translation.get_language() or "en",
            submission_key=self.submission_key,
            details={"name": data["name"], "email": data["email"]},
            email=data["email"],
            country=data.get("country") or "",
            consents=consents,
            subscribe_updates=bool(data.get("updates")),
            retention_days=retention_days,
            signals=self.signals(request),
        )


# Bump when the wording of the letter form's consent text changes.
LETTER_CONSENT_VERSION = "letter-consent-2026-11"

# Letters to the same few people: enough for a paragraph or an edited letter, not a book.
NAME_MAX = 120
PERSONAL_MAX = 1500
BODY_MAX = 6000

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _single_line(value: str) -> None:
    if _CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(
            _("Please write this on one line, without special characters."), code="control"
        )


def _body_field_name(language: str) -> str:
    return "body_" + language.replace("-", "_")


TOO_LONG = {
    "max_length": _("Please shorten this to at most %(limit_value)s characters (it has %(show_value)s).")
}


class LetterForm(ActionForm):
    """The supporter's side of a letter: only the fields the campaign enables.

    Without an email address nothing personal is kept (the zero-data path): the letter is made
    for download and the action is counted as unconfirmed. With one, the details are sealed,
    a confirmation mail goes out, and "send it for me" becomes possible.
    """

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        validators=[_single_line],
        help_text=_("It signs your letter."),
        error_messages={"required": _("Please give your name: it signs your letter."), **TOO_LONG},
    )
    city = forms.CharField(
        label=_("Your city or town (optional)"),
        max_length=NAME_MAX,
        required=False,
        validators=[_single_line],
        error_messages=TOO_LONG,
    )
    country = forms.ChoiceField(label=_("Country where you live"), required=False)
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
