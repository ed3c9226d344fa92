from django.apps import AppConfig


class SignonsConfig(AppConfig):
    name = "chorus.signons"
    label = "signons"
    verbose_name = "Joint letters and public signatures"

    def ready(self) -> None:
        from chorus.campaigns.models import on_campaign_context
        from chorus.supporters.retention import on_purge

        from .services import purge_personal_data
        from .views import deliveries_context

        # Every campaign page, whatever its kind, shows its delivery records.
        on_campaign_context(deliveries_context)
        # Retention and "delete my data" remove what a signer gave us beyond the sealed details.
        on_purge(purge_personal_data)
