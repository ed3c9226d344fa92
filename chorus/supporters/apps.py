from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "chorus.supporters"
    label = "supporters"
    verbose_name = "Supporters"
