"""The shredder registry: every model that can hold personal data is covered by a shredder,
each shredder is named in docs/privacy.md, and the orchestrator runs every registered shredder
(one registered by a test too) for the retention purge and for a supporter's request."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone
from nacl.public import PrivateKey

from chorus.actions.models import Action
from chorus.actions.services import ConsentGiven, Submission, record_action
from chorus.campaigns.models import CampaignPage
from chorus.privacy import shredders
from chorus.privacy.retention import purge_expired
from chorus.privacy.services import forget_supporter
from chorus.privacy.shredders import Purge, Reason, Shredder
from chorus.supporters.models import Consent, Supporter

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"

# A field of one of these types holds what a person gave, sealed, encrypted or as a file.
PERSONAL_FIELDS: tuple[type[models.Field[object, object]], ...] = (
    models.BinaryField,
    models.EmailField,
    models.FileField,  # ImageField too
)
# A row that points at one of these is about a person.
PERSONAL_TARGETS = {"supporters.Supporter", "actions.Action"}
# Models that hold personal data without a field the rule above recognises.
PERSONAL_MODELS = {
    # Its blind index is a keyed fingerprint of the person's email address.
    "supporters.Supporter",
}
# Models that match the rule but hold nobody's personal data. Each entry says why.
NOT_PERSONAL = {
    # `public_key` is the organisation's public key (BinaryField), not a person's data.
    "supporters.OrganisationKey",
    # A target is a public office (an MP, a ministry): its email is the published address
    # letters are sent to, not a supporter's.
    "letters.Target",
}


def matches_rule(model: type[models.Model]) -> bool:
    if model._meta.label in PERSONAL_MODELS:
        return True
    for field in model._meta.concrete_fields:
        if isinstance(field, PERSONAL_FIELDS):
            return True
        related = field.related_model if field.is_relation else None
        # A model defined outside the app registry (in a test) names its target as a string.
        label = related if isinstance(related, str) else related._meta.label if related else None
        if label in PERSONAL_TARGETS:
            return True
    return False


def uncovered(candidates: Iterable[type[models.Model]], registered: Iterable[Shredder]) -> list[str]:
    """The labels of models that can hold personal data and no shredder covers."""
    covered = {model._meta.label for shredder in registered for model in shredder.models}
    return sorted(
        model._meta.label
        for model in candidates
        if matches_rule(model) and model._meta.label not in covered | NOT_PERSONAL
    )


def chorus_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("chorus.")
        for model in config.get_models(include_auto_created=True)
    ]


def test_every_model_that_can_hold_personal_data_has_a_shredder() -> None:
    assert uncovered(chorus_models(), shredders.registered()) == []


def test_the_exceptions_are_real_models_that_match_the_rule() -> None:
    """An exception for a model that was renamed, removed or changed is a stale hole in the rule."""
    by_label = {model._meta.label: model for model in chorus_models()}
    for label in NOT_PERSONAL:
        assert label in by_label and matches_rule(by_label[label]), label


@isolate_apps("chorus.privacy")
def test_a_new_model_with_personal_data_and_no_shredder_is_caught() -> None:
    class Throwaway(models.Model):
        class Meta:
            abstract = True
            app_label = "privacy"

        def __str__(self) -> str:
            return str(self.pk)

    class Petitioner(Throwaway):
        address = models.BinaryField()

    class Note(Throwaway):
        action = models.ForeignKey("actions.Action", on_delete=models.CASCADE)

    class Photo(Throwaway):
        picture = models.ImageField()

    class Hour(Throwaway):
        at = models.DateTimeField()

    candidates = [Petitioner, Note, Photo, Hour]
    assert uncovered(candidates, shredders.registered()) == [
        "privacy.Note",
        "privacy.Petitioner",
        "privacy.Photo",
    ]
    covering = Shredder("privacy.test", (Petitioner, Note, Photo), lambda purge: {}, "test")
    assert uncovered(candidates, [*shredders.registered(), covering]) == []


def test_the_privacy_page_names_every_shredder() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = re.search(r"^## Shredders\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section is not None, "docs/privacy.md has no '## Shredders' section"
    named = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section.group(1)))
    # Chorus's own shredders (a kind that exists only in the tests documents itself there).
    registered = {
        shredder.name
        for shredder in shredders.registered()
        if shredder.purge.__module__.startswith("chorus.")
    }
    assert registered <= named, registered - named
    # And nothing is documented that no longer exists.
    assert named <= registered, named - registered


def test_the_apps_shredders_run_dependents_first() -> None:
    """Reverse app order: what points at an action or a supporter goes before them."""
    order = [shredder.name for shredder in shredders.registered()]
    assert order.index("jointletters.signatures") < order.index("actions.details")
    assert (
        order.index("delivery.outbox") < order.index("actions.details") < order.index("supporters.consents")
    )


# --- a shredder registered by a test runs for both kinds of purge ------------------------------


class CountryShredder:
    """A real shredder for a test: the action's country stands in for what an app holds."""

    def __init__(self) -> None:
        self.seen: list[tuple[Reason, list[int], list[int]]] = []

    def purge(self, purge: Purge) -> Mapping[str, int]:
        self.seen.append((purge.reason, sorted(purge.action_ids), list(purge.supporter_ids)))
        return {"countries": Action.objects.filter(pk__in=purge.action_ids).update(country="")}


@pytest.fixture
def country_shredder() -> Iterator[CountryShredder]:
    shredder = CountryShredder()
    shredders.register(Shredder("tests.countries", (Action,), shredder.purge, "countries, for a test"))
    yield shredder
    shredders.unregister("tests.countries")


def act(page: CampaignPage, name: str, email: str, *, days: int = 30) -> Action:
    submission = Submission(
        page_id=page.pk,
        kind="petition",
        language="th",
        submission_key=f"k-{name}",
        details={"name": name, "email": email},
        email=email,
        country="TH",
        consents=[ConsentGiven(Consent.Purpose.ACTION, "v1")],
        retention_days=days,
    )
    return record_action(submission).action


def countries() -> dict[int, str]:
    return dict(Action.objects.values_list("pk", "country"))


def test_a_registered_shredder_runs_in_the_retention_purge(
    petition: CampaignPage, org_key: PrivateKey, country_shredder: CountryShredder
) -> None:
    expired = act(petition, "Somchai", "somchai@example.org", days=30)
    kept = act(petition, "Chanthy", "chanthy@example.org", days=400)

    purge_expired(now=timezone.now() + timedelta(days=100))

    assert countries() == {expired.pk: "", kept.pk: "TH"}
    assert country_shredder.seen == [(Reason.RETENTION, [expired.pk], [])]
    expired.refresh_from_db()
    assert expired.sealed_details is None and expired.purged_at is not None


def test_a_registered_shredder_runs_for_a_supporters_request(
    petition: CampaignPage,
    other_petition: CampaignPage,
    org_key: PrivateKey,
    country_shredder: CountryShredder,
) -> None:
    first = act(petition, "Somchai", "somchai@example.org")
    second = act(other_petition, "Somchai again", "somchai@example.org")
    other = act(petition, "Chanthy", "chanthy@example.org")
    supporter = first.supporter
    assert supporter is not None and second.supporter == supporter

    forget_supporter(supporter.pk)

    assert countries() == {first.pk: "", second.pk: "", other.pk: "TH"}
    assert country_shredder.seen == [(Reason.REQUEST, sorted([first.pk, second.pk]), [supporter.pk])]
    assert not Supporter.objects.filter(pk=supporter.pk).exists()


def test_a_failing_shredder_undoes_the_whole_request(petition: CampaignPage, org_key: PrivateKey) -> None:
    action = act(petition, "Somchai", "somchai@example.org")
    supporter = action.supporter
    assert supporter is not None

    def refuse(purge: Purge) -> Mapping[str, int]:
        raise RuntimeError("disk full")

    shredders.register(Shredder("tests.refuse", (), refuse, "fails, for a test"))
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            forget_supporter(supporter.pk)
    finally:
        shredders.unregister("tests.refuse")

    action.refresh_from_db()
    assert action.sealed_details is not None and action.supporter == supporter
    assert Consent.objects.filter(supporter=supporter).exists()


@pytest.fixture
def other_petition(petition: CampaignPage) -> CampaignPage:
    root = petition.get_parent()
    page = CampaignPage(title="Another campaign", slug="another-campaign", goal=100)
    root.add_child(instance=page)
    return page
