"""The petition form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chorus.actions.forms import ActionForm
from chorus.actions.services import ConsentGiven, Submission
from chorus.core.countries import CountrySelect, country_choices
from chorus.core.forms import CONTROL_CHARACTERS, TOO_LONG, single_line
from chorus.supporters.models import Consent

from .services import PublicPart

# Bump when the wording of the consent text changes, so each consent record names what was shown.
PETITION_CONSENT_VERSION = "petition-consent-2026-11"


# What a signer may make public on a petition.
DISPLAY_NAME_MAX = 80
COMMENT_MAX = 500


class PetitionForm(ActionForm):
    """The petition form; the public display name and comment only when the page offers them."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    country = forms.ChoiceField(label=_("Country where you live"), required=False, widget=CountrySelect)
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
                validators=[single_line],
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
        return CONTROL_CHARACTERS.sub(
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
                data["display_name"] = CONTROL_CHARACTERS.sub("", data["name"])
        return data

    def public_part(self) -> PublicPart:
        """What the signer asked to make public: a name only with the opt-in ticked."""
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
