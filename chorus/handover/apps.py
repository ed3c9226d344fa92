from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "chorus.handover"
    label = "handover"
    verbose_name = "Handover: delivery bundles and delivery records"

    def ready(self) -> None:
        from chorus.campaigns.models import on_campaign_context

        from .views import deliveries_context

        # Every campaign page, whatever its kind, shows its delivery records.
        on_campaign_context(deliveries_context)
