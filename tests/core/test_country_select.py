"""The country <select> made once per language: the same HTML as Django's own Select."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils import translation

from chorus.core.countries import CountrySelect, country_choices

ATTRS = {"id": "id_country", "required": True, "aria-describedby": "country-help", "disabled": False}


def _same_markup(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant", "th", "ko", "km"])
@pytest.mark.parametrize("value", ["", "TH", None, ["KH"], '"><script>'])
def test_it_renders_what_djangos_select_renders(language: str, value: object) -> None:
    with translation.override(language):
        choices = [("", "Prefer <not> to say"), *country_choices()]
        expected = forms.Select(choices=choices).render("country", value, dict(ATTRS))
        made = CountrySelect(choices=choices).render("country", value, dict(ATTRS))
    assert _same_markup(made) == _same_markup(expected)
    assert made.count("<option") == len(choices)
    # None is shown as the empty choice, as Django does; an unknown value selects nothing.
    assert made.count(" selected") == (0 if value == '"><script>' else 1)


def test_a_chosen_country_is_kept_when_the_form_comes_back_with_errors() -> None:
    from chorus.petitions.forms import PetitionForm

    with translation.override("th"):
        form = PetitionForm(data={"country": "KH", "name": "", "email": "not an address"})
        assert not form.is_valid()
        html = str(form["country"])
    assert '<option value="KH" selected>กัมพูชา</option>' in html
    assert html.count(" selected") == 1
