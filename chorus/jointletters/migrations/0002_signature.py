"""Joint letter signatures move here from the signons app. Their table keeps its name
(`db_table`), so only the model state moves, and the content type is renamed."""

import chorus.jointletters.storage
import django.db.models.deletion
from django.conf import settings
from chorus.core.migrating import move_content_types
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signons', '0010_petitionsignature_to_petitions'),
        ('actions', '0003_trend_reports'),
        ('jointletters', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Signature',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('signer_type', models.CharField(choices=[('organisation', 'organisation'), ('individual', 'individual')], max_length=12, verbose_name='signs as')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('organisation_type', models.CharField(blank=True, choices=[('community', 'community group'), ('ngo', 'NGO'), ('union', 'union'), ('network', 'network or coalition'), ('academic', 'academic institution'), ('faith', 'faith-based organisation'), ('service', 'health or service provider'), ('other', 'other')], max_length=12, verbose_name='type of organisation')),
                        ('role', models.CharField(blank=True, max_length=200, verbose_name='role or affiliation')),
                        ('country', models.CharField(max_length=2, verbose_name='country')),
                        ('city', models.CharField(blank=True, max_length=120, verbose_name='city')),
                        ('website', models.URLField(blank=True, max_length=300, verbose_name='website')),
                        ('logo', models.ImageField(blank=True, storage=chorus.jointletters.storage.logo_storage, upload_to='signons/logos/', verbose_name='logo')),
                        ('public_logo', models.ImageField(blank=True, upload_to='signons/logos/', verbose_name='public logo')),
                        ('show_publicly', models.BooleanField(default=False, verbose_name='shown on the website')),
                        ('language', models.CharField(max_length=12)),
                        ('review', models.CharField(choices=[('pending', 'waiting for review'), ('approved', 'approved'), ('rejected', 'rejected')], default='pending', max_length=10)),
                        ('reject_reason', models.CharField(blank=True, max_length=500, verbose_name='reason')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('encrypted_contact', models.BinaryField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('kept_at', models.DateTimeField(blank=True, null=True)),
                        ('action', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='signature', to='actions.action')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'joint letter signature',
                        'verbose_name_plural': 'joint letter signatures',
                        'db_table': 'signons_signature',
                        'indexes': [models.Index(fields=['page', 'review'], name='signons_sig_page_id_9eb83e_idx'), models.Index(fields=['page', 'country', 'signer_type'], name='signons_sig_page_id_a2f369_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('signons', 'jointletters', ['signature']),
    ]
