"""What a joint letter's delivery bundle prints (see chorus.campaigns.bundling): the joint
letter, then the approved signatures of confirmed signers, country by country."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chorus.campaigns.bundling import BundlePlan, join_line
from chorus.core.countries import country_name

from .signatories import counted
from .signatures import Signature


def _rows(page_id: int, language: str) -> Iterator[list[str]]:
    """Country by country (in the order of their names in `language`); in each, organisations
    by type, then individuals; names in alphabetical order within a group."""
    signatures = counted(page_id)
    codes = sorted(
        set(signatures.values_list("country", flat=True)), key=lambda code: country_name(code, language)
    )
    type_order = Case(
        *[
            When(organisation_type=value, then=Value(i))
            for i, value in enumerate(Signature.OrganisationType.values)
        ],
        default=Value(len(Signature.OrganisationType.values)),
        output_field=IntegerField(),
    )
    signer_order = Case(
        When(signer_type=Signature.SignerType.ORGANISATION, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    for code in codes:
        yield ["country", country_name(code, language)]
        group = None
        rows = (
            signatures.filter(country=code)
            .order_by(signer_order, type_order, "name", "pk")
            .values_list("signer_type", "organisation_type", "name", "role", "city", "website")
            .iterator(chunk_size=500)
        )
        for signer_type, organisation_type, name, role, city, website in rows:
            if signer_type == Signature.SignerType.ORGANISATION:
                heading = str(Signature.OrganisationType(organisation_type or "other").label)
                detail = join_line(city, website)
            else:
                heading = _("Individuals")
                detail = join_line(role, city)
            if heading != group:
                group = heading
                yield ["group", heading]
            yield ["signer", name, detail]


def bundle_plan(page_id: int, language: str, letter_html: str, recipient: str) -> BundlePlan:
    """The plan for the campaign whose actions belong to `page_id`; call with `language` active."""
    signatures = counted(page_id)
    organisations = signatures.filter(signer_type=Signature.SignerType.ORGANISATION).count()
    individuals = signatures.filter(signer_type=Signature.SignerType.INDIVIDUAL).count()
    countries = signatures.values("country").distinct().count()
    summary = join_line(
        ngettext("%(count)s organisation", "%(count)s organisations", organisations)
        % {"count": organisations},
        ngettext("%(count)s individual", "%(count)s individuals", individuals) % {"count": individuals},
        ngettext("%(count)s country", "%(count)s countries", countries) % {"count": countries},
    )
    return BundlePlan(letter_html, recipient, summary, organisations + individuals, _rows(page_id, language))
