"""Hourly rollups of actions for the results dashboards, and the permission to see them.

The backfill counts every existing action into its hour (UTC), its day (TIME_ZONE) and the
all-time rows, as `chorus.actions.counters.rebuild_rollups` does; written here again because a
migration keeps working when that code changes.
"""

import datetime
from collections import Counter

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.utils import timezone

ALL_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def backfill(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    ActionRollup = apps.get_model("actions", "ActionRollup")
    zone = timezone.get_default_timezone()
    totals = Counter()
    rows = (
        Action.objects.annotate(hour=TruncHour("created_at", tzinfo=datetime.UTC))
        .values_list("page_id", "hour", "language", "country", "state")
        .annotate(n=Count("pk"))
    )
    for page_id, hour, language, country, state, n in rows.iterator():
        hour = hour.astimezone(datetime.UTC)
        day = timezone.localtime(hour, zone).replace(hour=0, minute=0, second=0, microsecond=0)
        for period, start in (("h", hour), ("d", day), ("a", ALL_TIME)):
            totals[(page_id, period, start, language, country, state)] += n
        for period, start in (("h", hour), ("d", day)):  # every language and country ("*")
            totals[(page_id, period, start, "*", "*", state)] += n
    ActionRollup.objects.bulk_create(
        (
            ActionRollup(page_id=page_id, period=period, start=start, language=language, country=country, state=state, n=n)
            for (page_id, period, start, language, country, state), n in totals.items()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_trend_reports'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='action',
            options={'permissions': [('view_results', 'Can see results and download their tables')], 'verbose_name': 'action'},
        ),
        migrations.AlterField(
            model_name='actionlog',
            name='at',
            field=models.DateTimeField(auto_now_add=True, db_index=True),
        ),
        migrations.CreateModel(
            name='ActionRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.CharField(choices=[('h', 'hour'), ('d', 'day'), ('a', 'all time')], max_length=1)),
                ('start', models.DateTimeField()),
                ('language', models.CharField(max_length=12)),
                ('country', models.CharField(blank=True, max_length=2)),
                ('state', models.CharField(choices=[('pending', 'pending confirmation'), ('confirmed', 'confirmed'), ('flagged', 'flagged'), ('invalidated', 'invalidated')], max_length=12)),
                ('n', models.BigIntegerField(default=0)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['period', 'start'], name='rollup_period_start')],
                'constraints': [models.UniqueConstraint(fields=('page', 'period', 'start', 'language', 'country', 'state'), name='one_rollup_row')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
