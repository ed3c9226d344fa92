"""The target directory (Target, CampaignTarget) and the letters waiting for targets
(QueuedLetter, TargetDelivery) move here from the campaigns app. Their tables keep their names
(`db_table`), so only the model state moves; the content types are renamed, which keeps every
row that points at them (wagtail-localize sources of translated targets, revisions, references)."""

import chorus.letters.targets
import django.db.models.deletion
import modelcluster.fields
import uuid
from django.db import migrations, models

MOVED = ("target", "campaigntarget", "queuedletter", "targetdelivery")


def _move(apps, source, destination):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=destination, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=destination)


def rename_content_types(apps, schema_editor):
    _move(apps, "campaigns", "letters")


def restore_content_types(apps, schema_editor):
    _move(apps, "letters", "campaigns")


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_trend_reports'),
        ('campaigns', '0005_split_kinds'),
        ('letters', '0001_initial'),
        ('supporters', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Target',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('title', models.CharField(blank=True, max_length=200, verbose_name='title or position')),
                        ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                        ('country', models.CharField(blank=True, choices=chorus.letters.targets._countries, max_length=2, verbose_name='country')),
                        ('letter_languages', models.CharField(default='en', help_text='Language codes in order of preference, e.g. “th, en”. Letters go in the first one the campaign has.', max_length=100, validators=[chorus.letters.targets.validate_language_list], verbose_name='letter languages')),
                        ('salutation', models.CharField(blank=True, help_text="In this translation's language, e.g. “Your Excellency,”. Empty: the campaign's default.", max_length=200, verbose_name='salutation')),
                        ('email', models.EmailField(blank=True, help_text="For letters sent on supporters' behalf. Never shown publicly.", max_length=254, verbose_name='email address')),
                        ('public_email', models.EmailField(blank=True, help_text='Optional. Shown to supporters for writing from their own mail program.', max_length=254, verbose_name='public email address')),
                        ('postal_address', models.TextField(blank=True, verbose_name='postal address')),
                        ('contact_url', models.URLField(blank=True, verbose_name='public contact page')),
                        ('region_code', models.CharField(blank=True, help_text='E.g. an ISO 3166-2 code such as TH-10.', max_length=32, verbose_name='region code')),
                        ('delivery', models.CharField(choices=[('each', 'each letter as its own email, spread out over time'), ('digest', "one email a day, with that day's letters attached as one PDF")], default='each', max_length=8, verbose_name='delivery')),
                        ('letters_per_hour', models.PositiveSmallIntegerField(default=30, help_text="Letters sent on supporters' behalf are spread out to at most this many an hour (0: no limit).", verbose_name='letters per hour')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                    ],
                    options={
                        'verbose_name': 'target',
                        'verbose_name_plural': 'targets',
                        'db_table': 'campaigns_target',
                        'ordering': ['name'],
                        'abstract': False,
                        'unique_together': {('translation_key', 'locale')},
                    },
                ),
                migrations.CreateModel(
                    name='TargetDelivery',
                    fields=[
                        ('target', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='letters.target')),
                        ('next_slot_at', models.DateTimeField(blank=True, null=True)),
                        ('last_digest_on', models.DateField(blank=True, null=True)),
                        ('letters_released', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'delivery to a target',
                        'db_table': 'campaigns_targetdelivery',
                    },
                ),
                migrations.CreateModel(
                    name='CampaignTarget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='campaign_targets', to='campaigns.campaignpage')),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='letters.target', verbose_name='target')),
                    ],
                    options={
                        'verbose_name': 'target',
                        'verbose_name_plural': 'targets',
                        'db_table': 'campaigns_campaigntarget',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='QueuedLetter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('waiting', "waiting for the supporter's confirmation"), ('ready', "confirmed, waiting for the target's daily digest")], default='waiting', max_length=8)),
                        ('payload', models.BinaryField()),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('ready_at', models.DateTimeField(blank=True, null=True)),
                        ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='queued_letters', to='actions.action')),
                        ('supporter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='supporters.supporter')),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='letters.target')),
                    ],
                    options={
                        'verbose_name': 'queued letter',
                        'db_table': 'campaigns_queuedletter',
                        'indexes': [models.Index(fields=['state', 'target'], name='campaigns_q_state_3fc647_idx')],
                        'constraints': [models.UniqueConstraint(fields=('action', 'target'), name='one_queued_letter_per_target')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
