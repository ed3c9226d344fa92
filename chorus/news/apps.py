from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "chorus.news"
    label = "news"
    verbose_name = "News and pages"
