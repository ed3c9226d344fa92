"""Delivery bundles and delivery records move here from the signons app. Their tables keep
their names (`db_table`), so only the model state moves, and the content types are renamed
(which keeps the delivery records' revisions and log entries). Queued tasks of the signons
app are pointed at their new module."""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from chorus.core.migrating import move_content_types
from django.db import migrations, models


# Task paths that moved with this app (prefixes, old -> new).
MOVED_TASKS = {
    "chorus.signons.tasks.": "chorus.handover.tasks.",
    "chorus.signons.records.mail_signers_task": "chorus.handover.tasks.mail_signers_task",
}


def _retarget_tasks(apps, moves):
    # Tasks queued (or kept as results) under an old module path still run after the move.
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    # The longest (most specific) path first: a whole module's prefix must not take it.
    for old, new in sorted(moves.items(), key=lambda move: -len(move[0])):
        for row in task_result.objects.filter(task_path__startswith=old).only("pk", "task_path"):
            row.task_path = new + row.task_path[len(old):]
            row.save(update_fields=["task_path"])


def retarget_tasks(apps, schema_editor):
    _retarget_tasks(apps, MOVED_TASKS)


def restore_tasks(apps, schema_editor):
    _retarget_tasks(apps, {new: old for old, new in MOVED_TASKS.items()})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('signons', '0011_signature_to_jointletters'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
        ('campaigns', '0006_targets_to_letters'),
        ('news', '0003_article_action_callout'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DeliveryBundle',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(max_length=12, verbose_name='language of the cover letter')),
                        ('include_comments', models.BooleanField(default=False, verbose_name='include comments')),
                        ('state', models.CharField(choices=[('queued', 'queued'), ('running', 'being prepared'), ('ready', 'ready'), ('failed', 'failed')], default='queued', max_length=8)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('run', models.PositiveIntegerField(default=0)),
                        ('file_name', models.CharField(blank=True, max_length=200)),
                        ('error', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'verbose_name': 'delivery bundle',
                        'db_table': 'signons_deliverybundle',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('delivered_at', models.DateTimeField(verbose_name='delivered on')),
                        ('place', models.CharField(max_length=200, verbose_name='where')),
                        ('delivered_by', models.CharField(max_length=200, verbose_name='delivered by')),
                        ('delivered_to', models.CharField(max_length=200, verbose_name='received by')),
                        ('mail_signers', models.BooleanField(default=False, help_text='Only confirmed signers who opted in. Each gets it once, in their language if written.', verbose_name='mail the update to signers who asked for updates')),
                        ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='published')),
                        ('mailed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='mailed to signers')),
                        ('mailing_started_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaigns.campaignpage', verbose_name='campaign')),
                    ],
                    options={
                        'verbose_name': 'delivery record',
                        'verbose_name_plural': 'delivery records',
                        'db_table': 'signons_deliveryrecord',
                        'ordering': ['-delivered_at'],
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryPhoto',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('caption', models.CharField(blank=True, max_length=300, verbose_name='caption')),
                        ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailimages.image', verbose_name='image')),
                        ('record', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='handover.deliveryrecord')),
                    ],
                    options={
                        'verbose_name': 'photo',
                        'db_table': 'signons_deliveryphoto',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryAnnouncement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('language', models.CharField(choices=[('en', 'English'), ('zh-hans', '简体中文'), ('zh-hant', '繁體中文'), ('th', 'ไทย'), ('ko', '한국어'), ('km', 'ខ្មែរ')], max_length=12, verbose_name='language')),
                        ('text', models.TextField(max_length=2000, verbose_name='update')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='where, in this language')),
                        ('delivered_by', models.CharField(blank=True, max_length=200, verbose_name='delivered by, in this language')),
                        ('delivered_to', models.CharField(blank=True, max_length=200, verbose_name='received by, in this language')),
                        ('captions', models.TextField(blank=True, help_text="One line per photo, in the order of the photos. An empty line keeps the photo's own caption.", max_length=4000, verbose_name='photo captions, in this language')),
                        ('newsflash', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='news.newsflash')),
                        ('record', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='announcements', to='handover.deliveryrecord')),
                    ],
                    options={
                        'verbose_name': 'announcement',
                        'db_table': 'signons_deliveryannouncement',
                        'ordering': ['sort_order'],
                        'abstract': False,
                        'constraints': [models.UniqueConstraint(fields=('record', 'language'), name='one_announcement_per_language')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('signons', 'handover', ['deliverybundle', 'deliveryrecord', 'deliveryannouncement', 'deliveryphoto']),
        migrations.RunPython(retarget_tasks, restore_tasks),
    ]
