"""The shredder registry: every app's shredders, found at start-up and run by one orchestrator.

Each app that holds personal data has a `shredders.py` module with `SHREDDERS`, a tuple of
`chorus.core.shredding.Shredder`. `discover()` (from PrivacyConfig.ready) imports those
modules in the reverse order of INSTALLED_APPS: an app's rows point at the rows of the apps
listed before it (an outbox mail at its action, an action at its supporter), so dependent
data is shredded before what it depends on. `register` adds one more (tests use it).

`shred` runs every registered shredder, in that order, inside the caller's transaction: the
retention purge (`chorus.privacy.retention`) and a supporter's request
(`chorus.privacy.services.forget_supporter`) both go through it.
"""

from __future__ import annotations

from collections import Counter
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from chorus.core.shredding import Purge, Reason, Shredder

__all__ = ["Purge", "Reason", "Shredder", "discover", "register", "registered", "shred", "unregister"]

MODULE = "shredders"

_registry: list[Shredder] = []


def register(shredder: Shredder) -> None:
    """Add a shredder after those registered so far (again: nothing; a taken name: an error)."""
    if any(known.name == shredder.name for known in _registry):
        if shredder in _registry:
            return
        raise ValueError(f"A shredder named {shredder.name!r} is registered already.")
    _registry.append(shredder)


def unregister(name: str) -> None:
    _registry[:] = [shredder for shredder in _registry if shredder.name != name]


def registered() -> tuple[Shredder, ...]:
    return tuple(_registry)


def discover() -> None:
    """Register the SHREDDERS of every installed app's `shredders` module (reverse app order)."""
    for app_config in reversed(list(apps.get_app_configs())):
        if app_config.module is None or not module_has_submodule(app_config.module, MODULE):
            continue
        module = import_module(f"{app_config.name}.{MODULE}")
        for shredder in getattr(module, "SHREDDERS", ()):
            register(shredder)


def shred(purge: Purge) -> Counter[str]:
    """Run every registered shredder on `purge`, in order; returns the summed counts.

    Must run inside the transaction that locked the purge's actions: a shredder that fails
    undoes the whole purge.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("shred() must run inside the purge's transaction")
    counts: Counter[str] = Counter()
    for shredder in _registry:
        counts.update(shredder.purge(purge))
    return counts
