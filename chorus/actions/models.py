"""Actions: one row per signature, letter, sign-on or RSVP, and the counters over them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.Model):
    class Kind(models.TextChoices):
        PETITION = "petition", _("petition signature")
        LETTER = "letter", _("letter")
        JOINT_LETTER = "joint_letter", _("joint letter signature")
        RSVP = "rsvp", _("RSVP")

    class State(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        FLAGGED = "flagged", _("flagged")
        INVALIDATED = "invalidated", _("invalidated")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    supporter = models.ForeignKey(
        "supporters.Supporter", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    flag_reason = models.CharField(max_length=32, blank=True)
    # Which counter bucket this action is in now ("" when it is not counted); keeps counts exact.
    counted_as = models.CharField(max_length=12, blank=True)
    language = models.CharField(max_length=12)
    country = models.CharField(max_length=2, blank=True)
    sealed_details = models.BinaryField(null=True, blank=True)
    sealed_with = models.ForeignKey(
        "supporters.OrganisationKey", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A random token carried by the form: a replayed POST finds the action it already made.
    submission_key = models.CharField(max_length=64)
    confirmation_mails = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    retain_until = models.DateTimeField(db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "supporter"],
                condition=models.Q(supporter__isnull=False),
                name="one_action_per_supporter_per_page",
            ),
            models.UniqueConstraint(fields=["page", "submission_key"], name="one_action_per_submission"),
        ]
        indexes = [models.Index(fields=["page", "state"])]
        permissions = [("view_results", "Can see results and download their tables")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.state})"


class ActionCount(models.Model):
    """Sharded counters: increments spread over rows, so no single row is hot.

    A count is the sum of a page's shards in one bucket: at most SHARDS rows, whatever
    the number of actions.
    """

    class Bucket(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        UNCONFIRMED = "unconfirmed", _("unconfirmed")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    bucket = models.CharField(max_length=12, choices=Bucket.choices)
    shard = models.PositiveSmallIntegerField()
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "bucket", "shard"], name="one_counter_shard")]

    def __str__(self) -> str:
        return f"{self.page_id}/{self.bucket}/{self.shard}: {self.value}"


class ActionLog(models.Model):
    """What happened to an action and who did it. Holds no personal data of supporters."""

    class Event(models.TextChoices):
        RECORDED = "recorded", _("recorded")
        CONFIRMED = "confirmed", _("confirmed")
        FLAGGED = "flagged", _("flagged")
        UNFLAGGED = "unflagged", _("flag reversed")
        INVALIDATED = "invalidated", _("invalidated")
        PURGED = "purged", _("personal data purged")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="log")
    event = models.CharField(max_length=16, choices=Event.choices)
    detail = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Indexed: the rollup reconciliation asks which actions changed in the last few minutes.
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.event} {self.action_id}"


class ActionRollup(models.Model):
    """How many of a page's actions are in one state, per hour, language and country given.

    Written with the counters, in the action's transaction (`counters.roll`): a new action
    adds one, a confirmation, flag or invalidation moves one between states. Each action is
    counted in three rows: its hour (UTC), its day (in TIME_ZONE) and all time, so a
    dashboard reads at most 48 hours, 90 days or one set of totals of rows, whatever the
    number of actions. `counters.reconcile_rollups` rewrites recent hours from the action
    rows. Aggregates only: no row names a supporter.
    """

    class Period(models.TextChoices):
        HOUR = "h", _("hour")
        DAY = "d", _("day")
        ALL = "a", _("all time")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=1, choices=Period.choices)
    # The hour's or the day's start; a fixed date for the all-time rows.
    start = models.DateTimeField()
    language = models.CharField(max_length=12)
    country = models.CharField(max_length=2, blank=True)
    state = models.CharField(max_length=12, choices=Action.State.choices)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "period", "start", "language", "country", "state"], name="one_rollup_row"
            )
        ]
        indexes = [models.Index(fields=["period", "start"], name="rollup_period_start")]

    def __str__(self) -> str:
        return f"{self.page_id}/{self.period}/{self.start:%Y-%m-%d %H}/{self.language}/{self.state}: {self.n}"


class IntakePause(models.Model):
    """Staff's switch to stop an action taking submissions, effective within seconds."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    paused = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.page_id}: {'paused' if self.paused else 'open'}"


class TrendReport(models.Model):
    """One address or email domain producing an unusual share of a campaign's recent actions.

    A report for staff to look at, not a verdict: the actions it covers are counted as usual.
    The address itself is never stored (only that there was one); a domain is named, since
    staff need it to decide whether to block it, and reports are deleted after REPORT_DAYS.
    """

    REPORT_DAYS = 30

    class Source(models.TextChoices):
        ADDRESS = "address", _("one internet address")
        DOMAIN = "domain", _("one email domain")

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    domain = models.CharField(max_length=255, blank=True)
    # The highest counts seen while the trend lasted: its actions, out of the campaign's, per hour.
    actions = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("trend report")

    def __str__(self) -> str:
        return f"{self.page_id}/{self.source}: {self.actions} of {self.total}"

    @property
    def share(self) -> int:
        return round(100 * self.actions / self.total) if self.total else 100
