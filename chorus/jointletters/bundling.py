"""What a joint letter's delivery bundle prints (see chorus.campaigns.bundling): the joint
letter, then the approved signatures of confirmed signers, country by country. Individuals who
are not on the public list have their lines encrypted with the server key (see `Signature`):
the bundle decrypts them as it prints them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chorus.campaigns.bundling import BundlePlan, join_line
from chorus.core.countries import country_name

from .signatories import counted
from .signatures import PrintedLine, Signature

if TYPE_CHECKING:
    from django.db.models import QuerySet


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
    for code in codes:
        yield ["country", country_name(code, language)]
        group = None
        rows = (
            signatures.filter(country=code, signer_type=Signature.SignerType.ORGANISATION)
            .order_by(type_order, "name", "pk")
            .values_list("organisation_type", "name", "city", "website")
            .iterator(chunk_size=500)
        )
        for organisation_type, name, city, website in rows:
            heading = str(Signature.OrganisationType(organisation_type or "other").label)
            if heading != group:
                group = heading
                yield ["group", heading]
            yield ["signer", name, join_line(city, website)]
        people = _individuals(signatures.filter(country=code, signer_type=Signature.SignerType.INDIVIDUAL))
        if people:
            yield ["group", _("Individuals")]
            for line in people:
                yield ["signer", line.name, join_line(line.role, line.city)]


def _individuals(signatures: QuerySet[Signature]) -> list[PrintedLine]:
    """Individuals' lines, decrypted where they are not public (`Signature`), sorted by name:
    the database cannot sort what it cannot read, so one country's individuals are sorted here."""
    rows = signatures.only("pk", "signer_type", "name", "role", "city", "encrypted_line").order_by("pk")
    lines = [(signature.printed_line(), signature.pk) for signature in rows.iterator(chunk_size=500)]
    lines.sort(key=lambda item: (item[0].name.casefold(), item[1]))
    return [line for line, _pk in lines]


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
