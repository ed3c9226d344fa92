from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "chorus.actions"
    label = "actions"
    verbose_name = "Actions"
