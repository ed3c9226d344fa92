from django.apps import AppConfig


class SignonsConfig(AppConfig):
    name = "chorus.signons"
    label = "signons"
    verbose_name = "Joint letters and public signatures"

    def ready(self) -> None:
        from chorus.campaigns.models import on_campaign_context

        from .views import deliveries_context

        # Every campaign page, whatever its kind, shows its delivery records.
        on_campaign_context(deliveries_context)
