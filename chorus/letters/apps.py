from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "chorus.letters"
    label = "letters"
    verbose_name = "Letters to targets"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from chorus.actions.confirmed import register_follow_up
        from chorus.actions.services import on_confirm
        from chorus.core import page_cache
        from chorus.delivery.signals import mail_finished

        from .audit import log_target_change
        from .counters import mail_finished as count_finished_letters
        from .services import letter_follow_ups, release_letters
        from .targets import Target

        # A confirmed letter action releases its queued letters to the targets.
        on_confirm("letter", release_letters)
        # The page after confirming links to the status page of the letters we send.
        register_follow_up("letter", letter_follow_ups)
        # The audit log names the fields of a target an edit changed (letters/audit.py).
        pre_save.connect(log_target_change, sender=Target, dispatch_uid="chorus.audit.target_change")
        # Pages show targets, and the page kept for intake holds them (letters.compose.letter_setup):
        # an edited target makes them stale.
        post_save.connect(page_cache.invalidate_all, sender=Target, dispatch_uid="letters.target_saved")
        post_delete.connect(page_cache.invalidate_all, sender=Target, dispatch_uid="letters.target_deleted")
        # Letters sent for supporters are counted per target when their mail is sent or fails.
        mail_finished.connect(count_finished_letters, dispatch_uid="chorus.letters.counters")
