"""The joint letter's sign-on form: an organisation or an individual co-signs the letter.

Both groups of fields are in the page at once (no JavaScript needed): a radio at the top says
which one the signer filled in, and only that group's fields are required and kept.
"""

from __future__ import annotations

import io
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from chorus.actions.forms import ActionForm
from chorus.core.countries import CountrySelect, country_choices
from chorus.core.forms import TOO_LONG, single_line

from .services import SignOn
from .signatures import Signature

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 600
# Pixels we agree to decode: a small file can still describe a huge image ("decompression bomb").
LOGO_MAX_PIXELS = 8_000_000
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


REQUIRED = _("Please fill in this field.")

ORGANISATION_FIELDS = (
    "org_name",
    "org_type",
    "org_country",
    "org_city",
    "org_website",
    "org_logo",
    "contact_name",
    "contact_email",
)
ORGANISATION_REQUIRED = ("org_name", "org_type", "org_country", "contact_name", "contact_email")
INDIVIDUAL_FIELDS = ("ind_name", "ind_role", "ind_country", "ind_email")
INDIVIDUAL_REQUIRED = ("ind_name", "ind_country", "ind_email")


def _text(label: Any, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        validators=[single_line],
        error_messages=TOO_LONG,
        **kwargs,
    )


def clean_logo(upload: UploadedFile) -> bytes:
    """The uploaded logo as a PNG at most LOGO_MAX_SIDE pixels wide and high, without metadata.

    Raises ValidationError with a message the signer can act on.
    """
    bad = forms.ValidationError(
        _("The logo must be a PNG, JPEG or WebP image. Please choose another file."), code="logo_type"
    )
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("The logo is too large: at most 1 MB, please. Please choose a smaller file."), code="logo_size"
        )
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("The logo is too large: at most 1 MB, please. Please choose a smaller file."), code="logo_size"
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in LOGO_FORMATS:
                raise bad
            if probe.width * probe.height > LOGO_MAX_PIXELS:
                raise forms.ValidationError(
                    _("The logo has too many pixels. Please choose a smaller image."), code="logo_pixels"
                )
            probe.verify()
        # verify() leaves the image unusable: open it again to decode it.
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            image.load()
            converted = image.convert("RGBA" if _has_transparency(image) else "RGB")
    except forms.ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise bad from error
    converted.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    # A fresh image carries no EXIF, ICC or text chunks: nothing but the pixels is written.
    clean = Image.new(converted.mode, converted.size)
    clean.paste(converted)
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)


class JointLetterForm(ActionForm):
    """Sign as an organisation or (if the page allows) as an individual."""

    sign_as = forms.ChoiceField(
        label=_("Sign as"),
        choices=Signature.SignerType.choices,
        widget=forms.RadioSelect,
        initial=Signature.SignerType.ORGANISATION,
        error_messages={"required": _("Please choose whether you sign for an organisation or yourself.")},
    )

    org_name = _text(
        _("Name of the organisation"), 200, help_text=_("As it should be printed on the letter.")
    )
    org_type = forms.ChoiceField(label=_("Type of organisation"), required=False)
    org_country = forms.ChoiceField(label=_("Country"), required=False, widget=CountrySelect)
    org_city = _text(_("City (optional)"), 120)
    org_website = forms.URLField(
        label=_("Website (optional)"),
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Please give a web address such as https://example.org."), **TOO_LONG},
    )
    org_logo = forms.FileField(
        label=_("Logo (optional)"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 1 MB. Shown next to your name if you choose to be listed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    contact_name = _text(
        _("Contact person"), 200, help_text=_("Not published: for our questions about the signature.")
    )
    contact_email = forms.EmailField(
        label=_("Contact email address"),
        max_length=254,
        required=False,
        help_text=_("Not published. We send the confirmation link here."),
    )

    ind_name = _text(_("Your name"), 200, help_text=_("As it should be printed on the letter."))
    ind_role = _text(
        _("Role or affiliation (optional)"),
        200,
        help_text=_("For example “researcher, Chiang Mai University”."),
    )
    ind_country = forms.ChoiceField(label=_("Country"), required=False, widget=CountrySelect)
    ind_email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        required=False,
        help_text=_("Not published. We send the confirmation link here."),
    )

    consent = forms.BooleanField(
        label=_(
            "I agree that the name (and organisation) as written above is printed on the letter "
            "delivered to its recipient, and that the contact details are kept, encrypted, to "
            "confirm and review the signature."
        ),
        error_messages={"required": _("Please agree so that we can add your signature to the letter.")},
    )
    show_publicly = forms.BooleanField(
        label=_("Show our signature on this website"),
        help_text=_("Optional. Once approved, the name, city, website and logo appear in the public list."),
        required=False,
    )
    updates = forms.BooleanField(label=_("Send us updates about this campaign (optional)"), required=False)

    def __init__(self, *args: Any, individuals: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.individuals = individuals
        countries = [("", _("Choose a country")), *country_choices()]
        for name in ("org_country", "ind_country"):
            cast(forms.ChoiceField, self.fields[name]).choices = countries
        cast(forms.ChoiceField, self.fields["org_type"]).choices = [
            ("", _("Choose a type")),
            *Signature.OrganisationType.choices,
        ]
        autocomplete = {
            "org_name": "organization",
            "contact_name": "name",
            "contact_email": "email",
            "ind_name": "name",
            "ind_email": "email",
            "org_website": "url",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        if not individuals:
            for name in INDIVIDUAL_FIELDS:
                del self.fields[name]
            self.fields["sign_as"].widget = forms.HiddenInput()
            self.initial["sign_as"] = Signature.SignerType.ORGANISATION

    @classmethod
    def for_page(cls, page: Any, *args: Any, **kwargs: Any) -> JointLetterForm:
        return cls(*args, individuals=bool(page.joint_letter_individuals), **kwargs)

    def organisation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ORGANISATION_FIELDS]

    def individual_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in INDIVIDUAL_FIELDS if name in self.fields]

    def common_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("consent", "show_publicly", "updates")]

    def clean_sign_as(self) -> str:
        value = str(self.cleaned_data["sign_as"])
        if value == Signature.SignerType.INDIVIDUAL and not self.individuals:
            raise forms.ValidationError(
                _("This letter can be signed by organisations only."), code="individual"
            )
        return value

    def clean_org_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("org_logo")
        if not upload or self.data.get("sign_as") != Signature.SignerType.ORGANISATION:
            return None
        return clean_logo(upload)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = " ".join(value.split()) if name not in {"form_token"} else value
        signs_as = data.get("sign_as")
        required: tuple[str, ...]
        if signs_as == Signature.SignerType.ORGANISATION:
            required = ORGANISATION_REQUIRED
        elif signs_as == Signature.SignerType.INDIVIDUAL:
            required = INDIVIDUAL_REQUIRED
        else:
            return data
        for name in required:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.ValidationError(REQUIRED, code="required"))
        if self.errors and self.files.get("org_logo") and "org_logo" not in self.errors:
            # Browsers do not keep a chosen file when the page comes back with errors.
            self.add_error(
                "org_logo",
                forms.ValidationError(_("Please choose the logo again."), code="logo_again"),
            )
        return data

    def sign_on(self, request: Any) -> SignOn:
        """The signature as the services take it (call after is_valid())."""
        data = self.cleaned_data
        submission_key = self.submission_key
        show_publicly = bool(data.get("show_publicly"))
        updates = bool(data.get("updates"))
        signals = self.signals(request)
        if data["sign_as"] == Signature.SignerType.ORGANISATION:
            return SignOn(
                signer_type=Signature.SignerType.ORGANISATION,
                name=data["org_name"],
                organisation_type=data["org_type"],
                country=data["org_country"],
                city=data.get("org_city") or "",
                website=data.get("org_website") or "",
                logo=data.get("org_logo"),
                contact_name=data["contact_name"],
                email=data["contact_email"],
                submission_key=submission_key,
                show_publicly=show_publicly,
                updates=updates,
                signals=signals,
            )
        return SignOn(
            signer_type=Signature.SignerType.INDIVIDUAL,
            name=data["ind_name"],
            role=data.get("ind_role") or "",
            country=data["ind_country"],
            contact_name=data["ind_name"],
            email=data["ind_email"],
            submission_key=submission_key,
            show_publicly=show_publicly,
            updates=updates,
            signals=signals,
        )
