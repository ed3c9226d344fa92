from django.apps import AppConfig


class SignonsConfig(AppConfig):
    name = "chorus.signons"
    label = "signons"
    verbose_name = "Joint letters and public signatures"
