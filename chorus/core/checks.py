"""System checks for how Chorus is run (`chorus check --deploy`; `chorus serve` runs them too)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# Caches that live inside one process: each web worker would count, limit and pause on its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register("chorus", deploy=True)
def shared_cache_when_several_processes_serve(**kwargs: Any) -> list[checks.CheckMessage]:
    """Rate limits, the intake pause and the cached counts live in the default cache. With more
    than one web process, a per-process cache multiplies every limit by the number of processes
    (and a restart resets it), so the server refuses to start that way."""
    processes = settings.CHORUS_WEB_WORKERS * settings.CHORUS_WEB_NODES
    backend = settings.CACHES["default"]["BACKEND"]
    if processes > 1 and backend in PER_PROCESS_CACHES:
        return [
            checks.Error(
                f"{processes} web processes would each keep their own rate limits, intake pause and "
                f"counts: the default cache ({backend.rsplit('.', 1)[-1]}) is not shared between them.",
                hint=(
                    "Set CHORUS_REDIS_URL (for example redis://127.0.0.1:6379/0) so every process "
                    "shares one cache, or serve with CHORUS_WEB_WORKERS=1 on a single machine."
                ),
                id="chorus.E001",
            )
        ]
    return []
