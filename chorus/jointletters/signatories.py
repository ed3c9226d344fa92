"""What the campaign page shows of a joint letter: the counts and the public list of signatories.

Only approved signatures of confirmed, unpurged actions count; only those that also opted in
to be shown are listed. Two queries, whatever the number of signatures, and no decryption: a
listed line is stored readable once it is public (see `Signature`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils import translation

from chorus.actions.models import Action
from chorus.campaigns.review import Review
from chorus.core.countries import country_choices

from .signatures import Signature

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from chorus.campaigns.models import CampaignPage

ORGANISATION = Signature.SignerType.ORGANISATION
INDIVIDUAL = Signature.SignerType.INDIVIDUAL


def on_the_letter() -> Q:
    """Approved, of a confirmed action that is not purged — or an organisation's line kept with
    the letter when its action's retention ended (`Signature.kept_at`)."""
    return Q(review=Review.APPROVED, action__state=Action.State.CONFIRMED) & (
        Q(action__purged_at__isnull=True) | Q(kept_at__isnull=False)
    )


def counted(page_id: int) -> QuerySet[Signature]:
    """Signatures that are on the letter (see `on_the_letter`)."""
    return Signature.objects.filter(on_the_letter(), page_id=page_id)


@dataclass
class TypeCount:
    label: str
    count: int


@dataclass
class SignatoryCounts:
    organisations: int = 0
    individuals: int = 0
    listed: int = 0
    by_type: list[TypeCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.organisations + self.individuals

    @property
    def unlisted(self) -> int:
        return self.total - self.listed


@dataclass
class Group:
    """Signatories of one type (an organisation type, or individuals) in one country."""

    label: str
    signer_type: str
    signatures: list[Signature]


@dataclass
class CountryGroup:
    code: str
    name: str
    groups: list[Group]


def signatory_counts(page_id: int) -> SignatoryCounts:
    rows = (
        counted(page_id)
        .values("signer_type", "organisation_type", "show_publicly")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = SignatoryCounts()
    per_type: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["signer_type"] == ORGANISATION:
            counts.organisations += row["n"]
            per_type[row["organisation_type"] or Signature.OrganisationType.OTHER] += row["n"]
        else:
            counts.individuals += row["n"]
        if row["show_publicly"]:
            counts.listed += row["n"]
    counts.by_type = [
        TypeCount(str(label), per_type[value])
        for value, label in Signature.OrganisationType.choices
        if per_type.get(value)
    ]
    return counts


def public_list(page_id: int, language: str | None = None) -> list[CountryGroup]:
    """Listed signatories grouped by country (by name in the reader's language), then by type."""
    language = language or translation.get_language() or "en"
    signatures = list(
        counted(page_id)
        .filter(show_publicly=True)
        .only(
            "pk",
            "signer_type",
            "name",
            "organisation_type",
            "role",
            "country",
            "city",
            "website",
            "public_logo",
            "encrypted_line",
        )
        .order_by("pk")
    )
    for signature in signatures:
        # A listed line is stored readable once it is public (Signature); one still encrypted
        # (approved and confirmed in a way no hook saw) is read for this page, never saved here.
        signature.publish_line()
    names = country_choices(language)
    position = {code: index for index, (code, _name) in enumerate(names)}
    country_names = dict(names)
    type_order = {value: index for index, (value, _label) in enumerate(Signature.OrganisationType.choices)}
    type_labels = dict(Signature.OrganisationType.choices)
    by_country: dict[str, dict[tuple[int, str], list[Signature]]] = defaultdict(lambda: defaultdict(list))
    for signature in signatures:
        if signature.signer_type == ORGANISATION:
            kind = signature.organisation_type or Signature.OrganisationType.OTHER
            key = (type_order.get(kind, len(type_order)), kind)
        else:
            key = (len(type_order) + 1, INDIVIDUAL)
        by_country[signature.country][key].append(signature)
    result = []
    for code in sorted(by_country, key=lambda code: (position.get(code, len(position)), code)):
        groups = []
        for (_order, kind), members in sorted(by_country[code].items()):
            label = type_labels.get(kind) if kind != INDIVIDUAL else Signature.SignerType.INDIVIDUAL.label
            members.sort(key=lambda signature: signature.name.casefold())
            groups.append(
                Group(
                    label=str(label),
                    signer_type=INDIVIDUAL if kind == INDIVIDUAL else ORGANISATION,
                    signatures=members,
                )
            )
        result.append(CountryGroup(code=code, name=country_names.get(code, code), groups=groups))
    return result


def public_context(page: CampaignPage) -> dict[str, Any]:
    """The letter's counts and public list for the campaign page."""
    page_id = page.action_page_id
    return {
        "signatory_counts": signatory_counts(page_id),
        "signatory_list": public_list(page_id),
    }
