from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "chorus.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from . import shredders

        # Every app's shredders.py: what retention and "delete my data" remove, app by app.
        shredders.discover()
