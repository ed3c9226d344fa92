from __future__ import annotations

import os
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from nacl.public import PrivateKey
from wagtail.models import Locale

from chorus.news.demo import DEMO_USERS, load_demo_content, load_demo_users
from chorus.news.models import HomePage

# Hypothesis, once for every run: no per-example deadline and no health check that measures the
# machine's speed (`too_slow`), so a shared, loaded CI machine cannot fail a property that holds.
# The checks that find faults in a test's strategies stay on. HYPOTHESIS_PROFILE=dev picks
# Hypothesis's own defaults instead, to see timings while writing a property.
hypothesis_settings.register_profile(
    "chorus", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.register_profile("dev", hypothesis_settings.get_profile("default"))
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "chorus"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the demo organisation once per test database (it takes seconds through Wagtail).

    Tests using `db` see it and roll back their own changes. pytest-django runs tests that
    flush the database (`transactional_db`, `live_server`) after those, and they build what
    they need themselves (`demo_site` reloads it; `light_campaign` is quicker).
    """
    with django_db_blocker.unblock():
        load_demo_content()
        load_demo_users()


def _default_home() -> HomePage | None:
    return HomePage.objects.filter(locale=Locale.get_default()).first()


@pytest.fixture
def demo_site(db: None) -> HomePage:
    """The demo organisation's pages in every language, as `chorus demo` makes them."""
    return _default_home() or load_demo_content()


@pytest.fixture
def demo_accounts(demo_site: HomePage) -> dict[str, AbstractUser]:
    """The demo's accounts, and its pages: the admin they log in to needs a page tree (a test
    that flushed the database before this one leaves none)."""
    from django.contrib.auth import get_user_model

    load_demo_users()
    users = get_user_model().objects.filter(email__in=[demo.email for demo in DEMO_USERS])
    keys = {account.email: account.key for account in DEMO_USERS}
    return {keys[user.email]: user for user in users}


@pytest.fixture
def staff_password() -> str:
    return next(demo.password for demo in DEMO_USERS if demo.is_staff)


@pytest.fixture
def member_password() -> str:
    return next(demo.password for demo in DEMO_USERS if not demo.is_staff)


@pytest.fixture
def org_key(db: None) -> PrivateKey:
    """An active organisation key pair; the test keeps the private half, as the organisation would offline."""
    from chorus.core.crypto import key_fingerprint
    from chorus.supporters.models import OrganisationKey

    private = PrivateKey.generate()
    public = bytes(private.public_key)
    OrganisationKey.objects.filter(active=True).update(active=False)
    OrganisationKey.objects.create(public_key=public, fingerprint=key_fingerprint(public), active=True)
    return private


@pytest.fixture
def campaign(demo_site: HomePage) -> Any:
    """The demo petition campaign (no signatures)."""
    from chorus.petitions.demo import load_demo_campaign

    return load_demo_campaign(demo_site)


@pytest.fixture
def light_campaign(transactional_db: None) -> Any:
    """The demo petition on a bare home page, for tests that flush the database (seconds faster)."""
    from wagtail.models import Collection, Page, Site

    from chorus.core.locales import ensure_locales
    from chorus.petitions.demo import load_demo_campaign

    ensure_locales()
    # A flush removes the root collection the migrations made; images need one.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = _default_home()
    if home is None:
        default = Locale.get_default()
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=default)
        home = HomePage(title="Riverlight Collective", slug="home", locale=default)
        root.add_child(instance=home)
        home.save_revision().publish()
        for locale in Locale.objects.exclude(pk=default.pk):
            home.copy_for_translation(locale).save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    return load_demo_campaign(home)


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """A request through the test client leaves its language active in the thread (LocaleMiddleware
    activates it and nothing resets it): start each test in the default language, as a worker would."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Caches outlive a test's rolled-back transaction; start each test with an empty one."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """pytest-django's exact query count, with the running server's five-second caches (the
    counts, the pause flag, the active key) kept for the whole test: a budget test warms them and
    then counts, and on a loaded machine those two can be more than five seconds apart."""
    from chorus.actions import counters
    from chorus.actions import services as actions
    from chorus.supporters import services as supporters

    monkeypatch.setattr(counters, "CACHE_SECONDS", 3600)
    monkeypatch.setattr(actions, "PAUSE_CACHE_SECONDS", 3600)
    monkeypatch.setattr(supporters, "ACTIVE_KEY_CACHE_SECONDS", 3600)
    return django_assert_num_queries


@pytest.fixture
def page_cache_on(settings: Any) -> None:
    """Turn the anonymous page cache on (tests run with a dummy one) with a fresh memory cache."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-tests"},
    }
    from django.core.cache import caches

    caches["pages"].clear()
