from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "chorus.results"
    label = "results"
    verbose_name = "Results"
