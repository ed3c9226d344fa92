"""Actions for results tests: real ones through the form, or many at once for the budgets."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from chorus.actions import counters
from chorus.actions.models import Action, ActionRollup


def rollup_sums(page_id: int, period: str = ActionRollup.Period.ALL) -> dict[tuple[str, str, str], int]:
    """(language, country, state) → n of one period's rows, zero rows left out."""
    rows = (
        ActionRollup.objects.filter(page_id=page_id, period=period)
        .exclude(language=counters.ANY)
        .values_list("language", "country", "state")
        .annotate(total=Sum("n"))
    )
    return {(language, country, state): n for language, country, state, n in rows if n}


def any_sums(page_id: int, period: str) -> dict[str, int]:
    """state → n of one period's rows for every language and country (the charts' rows)."""
    rows = (
        ActionRollup.objects.filter(
            page_id=page_id, period=period, language=counters.ANY, country=counters.ANY
        )
        .values_list("state")
        .annotate(total=Sum("n"))
    )
    return {state: n for state, n in rows if n}


def bulk_actions(page: Any, count: int, *, start: int = 0, days: int = 60) -> None:
    """`count` actions spread over the last `days` days, six languages, a few countries and
    every state, made in bulk (as a large campaign's would be), then rolled up."""
    languages = ["en", "th", "zh-hans", "zh-hant", "ko", "km"]
    countries = ["TH", "AU", "KH", "KR", "TW", ""]
    states = [Action.State.CONFIRMED, Action.State.PENDING, Action.State.CONFIRMED, Action.State.FLAGGED]
    now = timezone.now()
    keep = now + datetime.timedelta(days=180)
    rows = [
        Action(
            page_id=page.pk,
            kind=Action.Kind.PETITION,
            state=states[n % len(states)],
            language=languages[n % len(languages)],
            country=countries[n % len(countries)],
            submission_key=f"bulk-{start + n}",
            retain_until=keep,
        )
        for n in range(count)
    ]
    made = Action.objects.bulk_create(rows, batch_size=2000)
    # created_at is auto_now_add: spread the rows over the period afterwards.
    spread = max(1, count)
    for n, action in enumerate(made):
        action.created_at = now - datetime.timedelta(seconds=days * 86400 * n / spread)
    Action.objects.bulk_update(made, ["created_at"], batch_size=2000)
    counters.rebuild_rollups(page.pk)
