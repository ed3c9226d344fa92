"""What the outbox tells other apps: a mail reached its end (sent, or failed for good).

`mail_finished` is sent once per outbox row, right after the row's state became SENT or
FAILED (by the one worker whose update made it so), with `outbox_id`, `kind` and `state`.
Receivers count what they need (letters count letters sent and failed per target); they
must not raise, and they never see the mail's content.
"""

from __future__ import annotations

from django.dispatch import Signal

mail_finished = Signal()
