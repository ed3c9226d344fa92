from django.apps import AppConfig


class JointLettersConfig(AppConfig):
    name = "chorus.jointletters"
    label = "jointletters"
    verbose_name = "Joint letters"
