from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "chorus.letters"
    label = "letters"
    verbose_name = "Letters to targets"

    def ready(self) -> None:
        from chorus.actions.confirmed import register_follow_up
        from chorus.actions.services import on_confirm

        from .services import letter_follow_ups, release_letters

        # A confirmed letter action releases its queued letters to the targets.
        on_confirm("letter", release_letters)
        # The page after confirming links to the status page of the letters we send.
        register_follow_up("letter", letter_follow_ups)
