from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser

from chorus.news.demo import DEMO_USERS, load_demo_content, load_demo_users
from chorus.news.models import HomePage


@pytest.fixture
def demo_site(db: None) -> HomePage:
    """The demo organisation's pages in every language, as `chorus demo` makes them."""
    return load_demo_content()


@pytest.fixture
def demo_accounts(db: None) -> dict[str, AbstractUser]:
    from django.contrib.auth import get_user_model

    load_demo_users()
    users = get_user_model().objects.filter(email__in=[demo.email for demo in DEMO_USERS])
    return {"staff" if user.is_staff else "member": user for user in users}


@pytest.fixture
def staff_password() -> str:
    return next(demo.password for demo in DEMO_USERS if demo.is_staff)


@pytest.fixture
def member_password() -> str:
    return next(demo.password for demo in DEMO_USERS if not demo.is_staff)
