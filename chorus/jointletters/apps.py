from django.apps import AppConfig


class JointLettersConfig(AppConfig):
    name = "chorus.jointletters"
    label = "jointletters"
    verbose_name = "Joint letters"

    def ready(self) -> None:
        from chorus.actions.services import on_confirm

        from .services import KIND, publish_confirmed_line

        # An individual approved and listed before confirming goes on the public list once they
        # confirm: their printed line is stored readable from then on (signatures.Signature).
        on_confirm(KIND, publish_confirmed_line)
