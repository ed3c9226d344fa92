"""Django's own form error messages that supporters can meet, kept in our catalogue.

Django's catalogues have no Khmer for most of them, and its Thai lacks some ("Null characters are
not allowed." came out in English on a Thai petition). Like `allauth_strings`, the msgids Django's
form fields and validators use are listed here with `gettext_noop` so they land in
`chorus/locale`, which is in LOCALE_PATHS and therefore wins over Django's catalogues at run time.
Our own forms give friendlier messages where they can (`TOO_LONG`, `REQUIRED`); these cover
every other field, allauth's forms included. Nothing imports this module.

`tests/core/test_form_messages.py` submits every supporter-facing form with every kind of bad
value in every language and fails on any message that is not in that language's catalogue.
Each msgid must match Django's character for character; after upgrading Django, compare them
with django/forms/fields.py, django/forms/forms.py and django/core/validators.py.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_STRINGS = (
    # Every field (django/forms/fields.py Field.default_error_messages).
    gettext_noop("This field is required."),
    # CharField: max_length / min_length (django/core/validators.py).
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # Every CharField refuses NUL bytes (ProhibitNullCharactersValidator).
    gettext_noop("Null characters are not allowed."),
    # EmailField, URLField, ChoiceField.
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    # FileField (the joint letter's logo).
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),
    # An error on a hidden field is shown at the top of the form (django/forms/forms.py).
    gettext_noop("(Hidden field %(name)s) %(error)s"),
)
