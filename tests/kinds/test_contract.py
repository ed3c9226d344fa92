"""The contract every kind of action keeps, run on every kind (specs.py), the test-only
newcomer `call_representative` included.

Each kind: renders its page within its exact query budget, the same for every anonymous
visitor (no CSRF token), so that it is served from the page cache; takes its form's POST at
the plain URL `/<lang>/act/<page id>/` only from a page of the site, and at its old address
too; records a POST once and answers a replay with the same action, and another person's POST
of the same form token as an action of its own; refuses while paused, recording nothing (and
the cached page shows the pause at once); runs its confirmation
hook; leaves no personal data after the retention purge or a supporter's request (checked on
every model the shredder registry covers); shows its count on the staff intake page.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chorus.actions import anti_abuse, counters
from chorus.actions.forms import new_form_token
from chorus.actions.models import Action
from chorus.actions.services import confirm_action, set_paused
from chorus.actions.tokens import confirm_token
from tests.budgets import DATABASE_TASKS, one_transaction, warm_counters, within_one_hour
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


ORIGIN = "http://testserver"


def act_url(page: Any) -> str:
    return f"/{page.locale.language_code}/act/{page.pk}/"


def post(spec: KindSpec, page: Any, data: dict[str, Any], **headers: Any) -> Any:
    """The form's POST as a browser sends it: to the plain intake URL, from a page of the site."""
    headers.setdefault("HTTP_ORIGIN", ORIGIN)
    return Client().post(act_url(page), data, REMOTE_ADDR="203.0.113.40", **headers)


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


def test_a_new_action_is_one_short_transaction_within_its_exact_budget(
    spec: KindSpec, page: Any, settings: Any, page_cache_on: None, django_assert_num_queries: Any
) -> None:
    """Surge intake: the action, its supporter, consents, counters, rollups, mail and the mail's
    send task in one transaction with no savepoint, and no statement the kind does not need."""
    settings.TASKS = DATABASE_TASKS
    within_one_hour()
    warm_counters(page.action_page_id)
    post(spec, page, spec.data("warm@example.org"))  # caches, the page kept, this hour's rollups
    # The test's own transaction shows the action's BEGIN and COMMIT as SAVEPOINT and RELEASE.
    with django_assert_num_queries(spec.intake + 2) as captured:
        response = post(spec, page, spec.data(EMAIL))
    assert response.status_code in {200, 302}
    one_transaction(captured)
    assert actions_of(page).count() == 2


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


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://attacker.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": None, "HTTP_REFERER": "https://attacker.example/petition/"},
        {"HTTP_ORIGIN": None},
    ],
    ids=["other-origin", "null-origin", "other-referer", "no-origin"],
)
def test_a_post_from_elsewhere_is_refused_and_records_nothing(
    spec: KindSpec, page: Any, headers: dict[str, Any]
) -> None:
    sent = {name: value for name, value in headers.items() if value is not None}
    response = Client().post(act_url(page), spec.data(EMAIL), REMOTE_ADDR="203.0.113.40", **sent)
    assert response.status_code == 403
    assert "reload" in response.content.decode().lower()
    assert not actions_of(page).exists()


def test_a_post_with_our_referer_but_no_origin_is_taken(spec: KindSpec, page: Any) -> None:
    post(spec, page, spec.data(EMAIL), HTTP_ORIGIN=None, HTTP_REFERER=f"{ORIGIN}{page.url}")
    assert actions_of(page).count() == 1


def test_the_old_address_of_the_form_still_takes_it(spec: KindSpec, page: Any) -> None:
    """A form rendered before the plain URL existed posts to the page's own route."""
    response = Client().post(page.url + spec.route, spec.data(EMAIL), REMOTE_ADDR="203.0.113.41")
    assert response.status_code in {200, 302}
    assert actions_of(page).count() == 1


def test_the_plain_url_is_only_for_the_page_in_its_own_language(spec: KindSpec, page: Any) -> None:
    response = Client().post(f"/th/act/{page.pk}/", spec.data(EMAIL), HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 404
    home = default_home()
    assert Client().post(f"/en/act/{home.pk}/", spec.data(EMAIL), HTTP_ORIGIN=ORIGIN).status_code == 404
    assert not actions_of(page).exists()


def test_the_page_is_the_same_for_every_visitor_and_served_from_the_cache(
    spec: KindSpec, page: Any, page_cache_on: None
) -> None:
    first = Client().get(page.url)
    assert first.status_code == 200 and first["X-Chorus-Page-Cache"] == "miss"
    html = first.content.decode()
    # No cookie at all, not even the language one: a reverse proxy keeps no response that sets one.
    assert "csrfmiddlewaretoken" not in html and not first.cookies
    assert f'action="{act_url(page)}"' in html
    assert f'data-token-url="{act_url(page)}token/"' in html
    assert "s-maxage=" in first["Cache-Control"] and "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(page.url)
    assert second["X-Chorus-Page-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]


def token_for(page: Any, cached: str, shown: str) -> str:
    response = Client().get(act_url(page) + "token/", {"from": cached, "shown": shown})
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    token: str = response.json()["token"]
    return token


def test_a_form_from_the_cache_gets_a_token_of_its_own_timed_from_when_it_was_shown(
    spec: KindSpec, page: Any
) -> None:
    made = time.time() - 600  # the page came from the cache, made ten minutes ago
    cached = new_form_token(started_at=made)
    shown_a_minute_ago = token_for(page, cached, "60")
    started = signing.loads(shown_a_minute_ago, salt="chorus.actions.form")
    assert started["k"] != signing.loads(cached, salt="chorus.actions.form")["k"]
    assert time.time() - 62 < started["t"] < time.time() - 58
    # Claiming to have waited longer than the page exists gains nothing: the page's own time.
    assert signing.loads(token_for(page, cached, "100000"), salt="chorus.actions.form")["t"] == made
    # Without a cached token of ours (or with nonsense) the clock starts now.
    for cached_value, shown in (("forged", "60"), (cached, "soon")):
        assert (
            signing.loads(token_for(page, cached_value, shown), salt="chorus.actions.form")["t"]
            > time.time() - 2
        )

    post(spec, page, {**spec.data(EMAIL), "form_token": shown_a_minute_ago})
    post(spec, page, {**spec.data(OTHER_EMAIL), "form_token": token_for(page, cached, "0")})
    person, instant = actions_of(page).order_by("pk")
    assert person.state == Action.State.PENDING
    # Sent the moment the form was shown: no person's pace.
    assert instant.state == Action.State.FLAGGED and instant.flag_reason == anti_abuse.IMPOSSIBLE_FILL


def test_the_live_counts_move_with_each_action_at_no_query_while_cached(
    spec: KindSpec, page: Any, page_cache_on: None
) -> None:
    url = act_url(page) + "counts/"
    if not page.live_counts_template:  # a kind whose counts staff approve (a joint letter)
        assert Client().get(url).status_code == 404
        return
    assert Client().get(url).json()["total"] == 0
    post(spec, page, spec.data(EMAIL))
    response = Client().get(url)
    assert response.json()["total"] == 1
    assert "thermometer" in response.json()["html"]
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).json()["total"] == 1
    assert len(queries) == 0, [query["sql"] for query in queries.captured_queries]


def test_a_paused_page_refuses_and_records_nothing(spec: KindSpec, page: Any) -> None:
    set_paused(page.action_page_id, True)
    cache.clear()
    response = post(spec, page, spec.data(EMAIL))
    assert response.status_code == 200
    assert "This action is paused at the moment." in response.content.decode()
    assert not actions_of(page).exists()


def test_pausing_drops_the_cached_page_at_once(
    spec: KindSpec, page: Any, page_cache_on: None, django_capture_on_commit_callbacks: Any
) -> None:
    Client().get(page.url)
    assert Client().get(page.url)["X-Chorus-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        set_paused(page.action_page_id, True)
    response = Client().get(page.url)
    assert response["X-Chorus-Page-Cache"] == "miss"
    assert "This action is paused at the moment." in response.content.decode()
    assert f'action="{act_url(page)}"' not in response.content.decode()


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
