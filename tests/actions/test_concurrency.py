"""Fifty people pressing "Sign" at once with one address (and its variants) count once.

The protection is the database's: the unique index `one_action_per_supporter_per_page`, which
the action's `INSERT … ON CONFLICT DO NOTHING` in `record_action` meets, so that the losers find
and are answered with the winner's action. The canary drops that index for the test and sees the
fifty become several actions.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from chorus.actions import counters
from chorus.actions.models import Action
from chorus.supporters.models import Supporter
from chorus.supporters.services import find_supporter
from tests.concurrency import LOCKED, collide, rounds

from .helpers import petition_data

PEOPLE = 50


def variants(number: int) -> list[str]:
    """One Gmail address written four ways; each round of the canary its own address."""
    local = f"malee.sri{number or ''}"
    squashed = local.replace(".", "")
    return [
        f"{local}@gmail.com",
        f"{local.capitalize()}@gmail.com",
        f"{squashed}+x@googlemail.com",
        f" {squashed.upper()}@GMAIL.COM ",
    ]


@pytest.fixture
def without_unique_action_index(transactional_db: None) -> Iterator[None]:
    """The table without its one-action-per-supporter index, restored (and the duplicates removed) after."""
    (constraint,) = [c for c in Action._meta.constraints if c.name == "one_action_per_supporter_per_page"]
    with connection.schema_editor() as editor:
        editor.remove_constraint(Action, constraint)
    try:
        yield
    finally:
        Action.objects.all().delete()  # the index would refuse the duplicates the race made
        with connection.schema_editor() as editor:
            editor.add_constraint(Action, constraint)


@LOCKED
def test_fifty_concurrent_identical_submissions_give_one_counted_action(
    request: pytest.FixtureRequest, locked: bool, light_campaign, org_key
) -> None:
    if not locked:
        request.getfixturevalue("without_unique_action_index")
    campaign = light_campaign
    url = campaign.url + "sign/"

    for number in rounds(locked):
        emails = variants(number)

        def submit(n: int, emails: list[str] = emails, number: int = number) -> int:
            data = petition_data(email=emails[n % len(emails)])  # each its own form token: 50 separate forms
            return Client().post(url, data, REMOTE_ADDR=f"198.51.{number}.{n}").status_code

        collision = collide(PEOPLE, submit)
        assert not collision.errors, collision.errors
        assert collision.results == [302] * PEOPLE
        actions = Action.objects.filter(supporter=find_supporter(emails[0]))
        if actions.count() > 1:
            break

    if not locked:
        assert actions.count() > 1, "the canary never saw the race: this test cannot tell a lock from none"
        return
    assert Supporter.objects.count() == 1
    assert Action.objects.count() == 1
    assert Action.objects.get().state == Action.State.PENDING
    assert counters.reconcile_counts(campaign.pk).total == 1
    assert counters.read(campaign.pk).total == 1
