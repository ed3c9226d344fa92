"""Races on purpose: threads released together at a barrier, and the canary that proves a lock matters.

Each concurrency test runs twice (`LOCKED`): with the protection, where the race must not show,
and with the protection taken out, where it must (the canary: without it the test could pass
because the threads never collided). The canary runs on PostgreSQL only: SQLite lets one writer
at a time, so the race it would look for cannot happen there at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection

# A canary that did not see the race in one round tries again, up to this many rounds (each a
# fresh collision): it fails only if the race never showed, so a lucky schedule cannot flake it.
CANARY_ROUNDS = 4

LOCKED = pytest.mark.parametrize(
    "locked",
    [
        pytest.param(True, id="locked"),
        pytest.param(
            False,
            id="canary-unlocked",
            marks=pytest.mark.skipif(
                connection.vendor != "postgresql",
                reason="SQLite serialises writers: without the lock there is still no race to see",
            ),
        ),
    ],
)


@dataclass
class Collision:
    results: list[Any] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def collide(count: int, work: Callable[[int], Any], *, close_connections: bool = True) -> Collision:
    """Run work(0) … work(count - 1) in threads released together; their results, and what they raised."""
    barrier = threading.Barrier(count)
    collision = Collision()

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            collision.results.append(work(number))
        except BaseException as error:  # the test reports it
            collision.errors.append(error)
        finally:
            if close_connections:
                connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread is still running"
    return collision


def rounds(locked: bool) -> range:
    """One round with the lock (a race there is a failure at once); several for the canary."""
    return range(1 if locked else CANARY_ROUNDS)
