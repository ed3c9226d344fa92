from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "chorus.core"
    label = "core"
    verbose_name = "Chorus core"

    def ready(self) -> None:
        from allauth.mfa.signals import (
            authentication_failed,
            authenticator_added,
            authenticator_removed,
            authenticator_reset,
        )
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import m2m_changed, pre_save

        from . import (
            audit,
            checks,  # noqa: F401 - registers the system checks
        )
        from .locales import ensure_locales
        from .middleware import record_enrolment_as_second_factor
        from .services import complete_administrators

        # Sent once, after the migration that creates wagtailcore's Locale table has run.
        post_migrate.connect(
            ensure_locales, sender=apps.get_app_config("wagtailcore"), dispatch_uid="chorus.ensure_locales"
        )
        # After every migrate: the Administrator group gains the permissions just made.
        post_migrate.connect(complete_administrators, dispatch_uid="chorus.complete_administrators")
        authenticator_added.connect(record_enrolment_as_second_factor, dispatch_uid="chorus.enrolment_is_mfa")
        # The audit log of account events (core/audit.py): no address, nothing typed kept.
        user_logged_in.connect(audit.log_login, dispatch_uid="chorus.audit.login")
        user_login_failed.connect(audit.log_failed_login, dispatch_uid="chorus.audit.login_failed")
        authenticator_added.connect(audit.log_mfa_added, dispatch_uid="chorus.audit.mfa_added")
        authenticator_removed.connect(audit.log_mfa_removed, dispatch_uid="chorus.audit.mfa_removed")
        authenticator_reset.connect(audit.log_mfa_reset, dispatch_uid="chorus.audit.mfa_reset")
        authentication_failed.connect(audit.log_mfa_failed, dispatch_uid="chorus.audit.mfa_failed")
        user_model = get_user_model()
        m2m_changed.connect(
            audit.log_group_membership, sender=user_model.groups.through, dispatch_uid="chorus.audit.groups"
        )
        m2m_changed.connect(
            audit.log_group_permissions, sender=Group.permissions.through, dispatch_uid="chorus.audit.perms"
        )
        pre_save.connect(audit.log_access_change, sender=user_model, dispatch_uid="chorus.audit.access")
