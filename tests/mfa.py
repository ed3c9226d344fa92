"""Logging staff into the test client the way the admin now requires: with a second factor."""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def log_in_with_totp(client: Client, user: AbstractBaseUser) -> Client:
    """`force_login`, plus the record allauth keeps in the session after the code was given.

    The admin refuses sessions that have not passed a second factor
    (`core.middleware.StaffMFAMiddleware`); tests of admin pages start from a session that
    has, as a member of staff's would. The real login-with-code flow is tested in
    tests/core/test_admin_mfa.py and tests/browser/test_accounts.py.
    """
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, TEST_TOTP_SECRET).instance
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": authenticator.type}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client
