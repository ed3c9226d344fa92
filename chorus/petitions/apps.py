from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "chorus.petitions"
    label = "petitions"
    verbose_name = "Petitions"
