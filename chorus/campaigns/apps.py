from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "chorus.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns"

    def ready(self) -> None:
        from chorus.actions.services import on_confirm

        from .services import release_letters

        # A confirmed letter action releases its queued letters to the targets.
        on_confirm("letter", release_letters)
