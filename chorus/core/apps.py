from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "chorus.core"
    label = "core"
    verbose_name = "Chorus core"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from . import checks  # noqa: F401 - registers the system checks
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
