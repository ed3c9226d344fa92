"""The public part of petition signatures moves here from the signons app. Its table keeps
its name (`db_table`), so only the model state moves, and the content type is renamed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from chorus.core.migrating import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_trend_reports'),
        ('petitions', '0001_initial'),
        ('signons', '0009_delivery_announcement_translations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PetitionSignature',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('display_name', models.CharField(blank=True, max_length=80, verbose_name='display name')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('pending_comment', models.BinaryField(blank=True, null=True)),
                        ('comment_review', models.CharField(blank=True, choices=[('pending', 'waiting for review'), ('approved', 'approved'), ('rejected', 'rejected')], max_length=10)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('language', models.CharField(max_length=12)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('action', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='petition_signature', to='actions.action')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'public part of a petition signature',
                        'db_table': 'signons_petitionsignature',
                        'indexes': [models.Index(fields=['page', 'comment_review'], name='signons_pet_page_id_c3c57d_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('signons', 'petitions', ['petitionsignature']),
    ]
