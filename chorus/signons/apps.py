from django.apps import AppConfig


class SignonsConfig(AppConfig):
    name = "chorus.signons"
    label = "signons"
    verbose_name = "Joint letters and public signatures"

    def ready(self) -> None:
        from chorus.privacy.retention import on_purge

        from .services import purge_personal_data

        # Retention and "delete my data" remove what a signer gave us beyond the sealed details.
        on_purge(purge_personal_data)
