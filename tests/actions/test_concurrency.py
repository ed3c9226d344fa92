"""Fifty people pressing "Sign" at once with one address (and its variants) count once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from chorus.actions import counters
from chorus.actions.models import Action
from chorus.supporters.models import Supporter

from .helpers import petition_data

VARIANTS = ["malee.sri@gmail.com", "Malee.Sri@gmail.com", "maleesri+x@googlemail.com", " MALEESRI@GMAIL.COM "]


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_identical_submissions_give_one_counted_action(light_campaign, org_key) -> None:
    campaign = light_campaign
    url = campaign.url + "sign/"
    barrier = threading.Barrier(50)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def submit(n: int) -> None:
        client = Client()
        data = petition_data(email=VARIANTS[n % len(VARIANTS)])  # each its own form token: 50 separate forms
        try:
            barrier.wait(timeout=30)
            response = client.post(url, data, REMOTE_ADDR=f"198.51.100.{n}")
            statuses.append(response.status_code)
        except BaseException as error:  # the test reports it below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert statuses == [302] * 50
    assert Supporter.objects.count() == 1
    assert Action.objects.count() == 1
    assert Action.objects.get().state == Action.State.PENDING
    assert counters.reconcile_counts(campaign.pk).total == 1
    assert counters.read(campaign.pk).total == 1
