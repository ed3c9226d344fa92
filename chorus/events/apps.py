from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "chorus.events"
    label = "events"
    verbose_name = "Days of action"
