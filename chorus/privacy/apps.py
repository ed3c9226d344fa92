from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "chorus.privacy"
    label = "privacy"
    verbose_name = "Privacy"
