from django.apps import AppConfig


class CallRepresentativeConfig(AppConfig):
    """A kind of action that exists only in the tests: the newcomer that proves a new kind needs
    one folder. Nothing outside this folder names it except the test settings."""

    name = "tests.kinds.call_representative"
    label = "call_representative"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chorus.actions.services import on_confirm

        from .services import note_confirmed

        on_confirm("call", note_confirmed)
