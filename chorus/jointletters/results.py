"""A joint letter's tables on the results dashboard: signatures by status, type and country.

One grouped query over the campaign's signatures (their number is what staff review by hand,
not the site's actions). Counts only: no name, role or city leaves this module.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _

from chorus.actions.results import ResultsTable
from chorus.campaigns.review import Review
from chorus.core.countries import country_name

from .signatures import Signature


def _largest_first(counts: Counter[str]) -> list[tuple[str, int]]:
    """Largest first, ties by code: the same order on every request (the grouped rows come unordered)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))


def results_tables(page_id: int) -> list[ResultsTable]:
    rows = (
        Signature.objects.filter(page_id=page_id)
        .values_list("review", "signer_type", "organisation_type", "country")
        .annotate(n=Count("pk"))
    )
    by_review: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    for review, signer_type, organisation_type, country, n in rows:
        by_review[review] += n
        individual = signer_type == Signature.SignerType.INDIVIDUAL
        by_type[Signature.SignerType.INDIVIDUAL if individual else organisation_type] += n
        by_country[country] += n
    reviews = dict(Review.choices)
    types: dict[str, str] = {
        **{code: str(label) for code, label in Signature.OrganisationType.choices},
        Signature.SignerType.INDIVIDUAL: _("individual"),
    }
    return [
        ResultsTable(
            slug="signatures-by-status",
            title=_("Joint letter signatures by status"),
            columns=[_("Status"), _("Number")],
            rows=[[reviews[review], by_review[review]] for review in Review.values],
        ),
        ResultsTable(
            slug="signatures-by-type",
            title=_("Joint letter signatures by type"),
            columns=[_("Type"), _("Number")],
            rows=[[types.get(kind, kind or _("not given")), n] for kind, n in _largest_first(by_type)],
        ),
        ResultsTable(
            slug="signatures-by-country",
            title=_("Joint letter signatures by country"),
            columns=[_("Country"), _("Number")],
            rows=[
                [country_name(code) if code else _("not given"), n] for code, n in _largest_first(by_country)
            ],
        ),
    ]
