"""The contract every kind of action keeps, run on every kind (specs.py), the test-only
newcomer `call_representative` included.

Each kind: renders its page within its exact query budget; records a POST once and answers a
replay with the same action, and another person's POST of the same form token as an action
of its own; refuses while paused, recording nothing; runs its confirmation
hook; leaves no personal data after the retention purge or a supporter's request (checked on
every model the shredder registry covers); shows its count on the staff intake page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chorus.actions import counters
from chorus.actions.models import Action
from chorus.actions.services import confirm_action, set_paused
from chorus.actions.tokens import confirm_token
from tests.helpers import default_home
from tests.mfa import log_in_with_totp

from .specs import SPECS, KindSpec

pytestmark = pytest.mark.django_db

EMAIL = "contract.supporter@example.org"
OTHER_EMAIL = "another.supporter@example.net"


@pytest.fixture(params=SPECS, ids=[spec.name for spec in SPECS])
def spec(request: Any) -> KindSpec:
    return request.param


@pytest.fixture
def page(spec: KindSpec, org_key: Any) -> Any:
    return spec.make(default_home())


def post(spec: KindSpec, page: Any, data: dict[str, Any]) -> Any:
    return Client().post(page.url + spec.route, data, REMOTE_ADDR="203.0.113.40")


def actions_of(page: Any) -> models.QuerySet[Action]:
    return Action.objects.filter(page_id=page.action_page_id)


def test_the_page_renders_within_its_query_budget(spec: KindSpec, page: Any) -> None:
    cache.clear()
    Client().get(page.url)  # the first request of a process warms Wagtail's site and locale caches
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(page.url)
    assert response.status_code == 200
    assert len(queries) == spec.queries, "\n".join(query["sql"] for query in queries.captured_queries)


def test_a_post_records_one_action_and_a_replay_the_same(spec: KindSpec, page: Any) -> None:
    data = spec.data(EMAIL)
    first = post(spec, page, data)
    assert first.status_code in {200, 302}, first.content.decode()[:2000]
    (action,) = actions_of(page)
    assert action.kind == spec.kind and action.state == Action.State.PENDING
    again = post(spec, page, data)
    assert again.status_code in {200, 302}
    assert list(actions_of(page)) == [action]
    assert counters.read(page.action_page_id).total == 1


def test_two_people_posting_one_form_token_make_two_actions(spec: KindSpec, page: Any) -> None:
    """A page served from a shared cache hands every visitor the same form token: the second
    person's action must be recorded, not answered as a replay of the first's."""
    first_person = spec.data(EMAIL)
    second_person = {**spec.data(OTHER_EMAIL), "form_token": first_person["form_token"]}
    first = post(spec, page, first_person)
    second = post(spec, page, second_person)
    assert first.status_code in {200, 302} and second.status_code in {200, 302}
    assert actions_of(page).count() == 2
    assert counters.read(page.action_page_id).total == 2
    # Each person's own replay (a reload, a double click) is still one action.
    post(spec, page, second_person)
    assert actions_of(page).count() == 2


def test_a_paused_page_refuses_and_records_nothing(spec: KindSpec, page: Any) -> None:
    set_paused(page.action_page_id, True)
    cache.clear()
    response = post(spec, page, spec.data(EMAIL))
    assert response.status_code == 200
    assert "This action is paused at the moment." in response.content.decode()
    assert not actions_of(page).exists()


def test_confirming_runs_the_kinds_hook_and_counts_it_confirmed(spec: KindSpec, page: Any) -> None:
    post(spec, page, spec.data(EMAIL))
    (action,) = actions_of(page)
    confirm_action(confirm_token(action))
    action.refresh_from_db()
    assert action.state == Action.State.CONFIRMED
    assert counters.read(page.action_page_id).confirmed == 1
    if spec.confirmed is not None:
        assert spec.confirmed(action)


def _personal_rows(action_ids: list[int]) -> list[str]:
    """Rows of every model a registered shredder covers that still hold personal data of these
    actions: a sealed or encrypted value, an email address or a file. (What stays, like the
    action's log entry that it was purged, holds none.)"""
    from chorus.privacy.shredders import registered

    left = []
    for shredder in registered():
        for model in shredder.models:
            links = [
                field.name
                for field in model._meta.get_fields()
                if isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is Action
            ]
            personal = [
                field.name
                for field in model._meta.get_fields()
                if isinstance(field, models.BinaryField | models.EmailField | models.FileField)
            ]
            for link in links:
                rows = model._default_manager.filter(**{f"{link}__in": action_ids})
                for row in rows:
                    held = [name for name in personal if getattr(row, name)]
                    if held:
                        left.append(f"{shredder.name}: {model._meta.label} {row.pk} {held}")
    return left


def test_the_retention_purge_leaves_no_personal_data(spec: KindSpec, page: Any) -> None:
    from chorus.privacy.retention import purge_expired

    post(spec, page, spec.data(EMAIL))
    action_ids = list(actions_of(page).values_list("pk", flat=True))
    actions_of(page).update(retain_until=timezone.now() - timedelta(minutes=1))
    purge_expired()
    action = Action.objects.get(pk__in=action_ids)
    assert action.sealed_details is None and action.supporter_id is None
    assert _personal_rows(action_ids) == []
    assert counters.read(page.action_page_id).total == 1  # the count stays


def test_a_supporters_request_leaves_no_personal_data(spec: KindSpec, page: Any) -> None:
    from chorus.privacy.services import forget_supporter

    post(spec, page, spec.data(EMAIL))
    (action,) = actions_of(page)
    assert action.supporter_id is not None
    forget_supporter(action.supporter_id)
    action.refresh_from_db()
    assert action.sealed_details is None and action.supporter_id is None
    assert _personal_rows([action.pk]) == []


def test_staff_see_its_count_on_the_intake_page(spec: KindSpec, page: Any, demo_accounts: Any) -> None:
    post(spec, page, spec.data(EMAIL))
    staff = log_in_with_totp(Client(), demo_accounts["staff"])
    html = staff.get("/admin/actions/").content.decode()
    assert page.title in html


def test_every_model_of_the_kind_with_personal_data_has_a_shredder(spec: KindSpec, page: Any) -> None:
    from chorus.privacy.shredders import registered
    from tests.privacy.test_shredders import uncovered

    app = type(page)._meta.app_config
    assert app is not None
    assert uncovered(app.get_models(), registered()) == []
