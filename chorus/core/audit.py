"""The audit log: Wagtail's own log (`wagtail.log_actions`), read under Reports → Site history.

Every app registers the action types it logs from its `wagtail_hooks.py` (the
`register_log_actions` hook) with `register_types`, and logs from its services with
`wagtail.log_actions.log(instance, action, user=by, title=..., data=...)`. This module holds
the shared vocabulary and the account events (log-ins, failed log-ins, second factors),
which come from Django's and allauth's signals, connected in `CoreConfig.ready`.

What an entry may hold: who (the staff user's id), when, which object (its type, id and a
label we choose, never `str()` of a supporter's row) and what changed (counts, states, ids,
reasons staff typed). Never a supporter's name, email, comment or display name, and never an
internet address: a failed log-in names the account only when one exists, and otherwise
nothing about what was typed (it may be a supporter's address, or a typo of one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogActionRegistry, log
from wagtail.models import Site

LOGIN = "chorus.login"
LOGIN_FAILED = "chorus.login_failed"
MFA_ADDED = "chorus.mfa_add"
MFA_REMOVED = "chorus.mfa_remove"
MFA_RESET = "chorus.mfa_reset"
MFA_FAILED = "chorus.mfa_failed"
USER_GROUPS = "chorus.user_groups"
USER_ACCESS = "chorus.user_access"
GROUP_PERMISSIONS = "chorus.group_permissions"

ACCOUNT_TYPES: Mapping[str, Promise] = {
    LOGIN: _("Logged in"),
    LOGIN_FAILED: _("Failed log-in"),
    MFA_ADDED: _("Second factor added"),
    MFA_REMOVED: _("Second factor removed"),
    MFA_RESET: _("Recovery codes renewed"),
    MFA_FAILED: _("Wrong second-factor code"),
    USER_GROUPS: _("Groups of a user changed"),
    USER_ACCESS: _("Access of a user changed"),
    GROUP_PERMISSIONS: _("Permissions of a group changed"),
}

# The flags of an account that say what it may do; a change to one is logged.
ACCESS_FLAGS = ("is_active", "is_staff", "is_superuser")


def register_types(actions: LogActionRegistry, types: Mapping[str, Promise]) -> None:
    """Register action types whose label (the Site history filter) is also their message."""
    for action, label in types.items():
        actions.register_action(action, label, label)


def staff(by: Any) -> Any:
    """The acting user of an entry: a signed-in user, else None (the system, a command)."""
    return by if getattr(by, "is_authenticated", False) else None


def account_title(user: AbstractBaseUser) -> str:
    """The label of an account's entries: its id only. Members' user names can be email
    addresses, and the Site history's User column names the account while it exists."""
    return f"#{user.pk}"


def _account(user: Any) -> AbstractBaseUser | None:
    return user if isinstance(user, AbstractBaseUser) and user.pk is not None else None


def log_login(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """Django's `user_logged_in`: the account, by itself. No address, no browser."""
    account = _account(user)
    if account is not None:
        log(account, LOGIN, user=account, title=account_title(account))


def _account_named(credentials: Mapping[str, Any]) -> AbstractBaseUser | None:
    typed = str(credentials.get("email") or credentials.get("username") or "").strip()
    if not typed:
        return None
    model = get_user_model()
    found = model._default_manager.filter(
        Q(email__iexact=typed) | Q(**{f"{model.USERNAME_FIELD}__iexact": typed})
    ).order_by("pk")
    return found.first()


def log_failed_login(sender: Any, credentials: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
    """Django's `user_login_failed`: on the account when one has that address or name;
    otherwise on the site, saying only that an unknown account was tried (what was typed
    may be a supporter's address, so it is not kept in any form)."""
    account = _account_named(credentials or {})
    if account is not None:
        log(account, LOGIN_FAILED, user=None, title=account_title(account), data={"account": "known"})
        return
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is not None:
        log(site, LOGIN_FAILED, user=None, title=str(_("Unknown account")), data={"account": "unknown"})


def _authenticator_type(kwargs: Mapping[str, Any]) -> str:
    authenticator = kwargs.get("authenticator")
    return str(authenticator.type) if isinstance(authenticator, Authenticator) else ""


def _mfa_logger(action: str, *, by_self: bool = True) -> Any:
    def handler(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        account = _account(user)
        if account is None:
            return
        data = {"authenticator": _authenticator_type(kwargs)}
        log(account, action, user=account if by_self else None, title=account_title(account), data=data)

    handler.__name__ = f"log_{action.rsplit('.', 1)[-1]}"
    return handler


# allauth.mfa's signals, connected in CoreConfig.ready. A wrong code is not the account's
# own act (it may be someone else's attempt), so its entry names no acting user.
log_mfa_added = _mfa_logger(MFA_ADDED)
log_mfa_removed = _mfa_logger(MFA_REMOVED)
log_mfa_reset = _mfa_logger(MFA_RESET)
log_mfa_failed = _mfa_logger(MFA_FAILED, by_self=False)


# --- users and groups -----------------------------------------------------------------------
# Wagtail logs creating, editing and deleting users and groups (`wagtail.create`/`edit`/
# `delete`) without saying what changed; these entries say it. They take the acting user from
# the admin's log context (Wagtail sets one per admin request), or none (a command).


def log_group_membership(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    """`m2m_changed` of User.groups, either side: which groups an account joined or left."""
    if action not in {"post_add", "post_remove"} or not pk_set:
        return
    key = "added" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(users)
        users, groups = list(model._default_manager.filter(pk__in=pk_set)), [instance]
    else:
        users, groups = [instance], list(Group.objects.filter(pk__in=pk_set))
    names = sorted(group.name for group in groups)
    for account in users:
        log(account, USER_GROUPS, title=account_title(account), data={key: names})


def log_group_permissions(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """`m2m_changed` of Group.permissions: which permissions a group gained or lost."""
    if action not in {"post_add", "post_remove"} or not pk_set or reverse:
        return
    codes = sorted(
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(pk__in=pk_set).values_list(
            "content_type__app_label", "codename"
        )
    )
    log(instance, GROUP_PERMISSIONS, data={"added" if action == "post_add" else "removed": codes})


def log_access_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """`pre_save` of the user model: an account made active, staff or superuser, or no longer."""
    if instance.pk is None or kwargs.get("raw"):
        return
    fields = [flag for flag in ACCESS_FLAGS if update_fields is None or flag in update_fields]
    if not fields:  # a log-in saves only last_login: no query
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    changed = {flag: getattr(instance, flag) for flag in fields if before[flag] != getattr(instance, flag)}
    if changed:
        log(instance, USER_ACCESS, title=account_title(instance), data=changed)
