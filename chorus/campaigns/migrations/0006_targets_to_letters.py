"""The target directory and queued letters moved to the letters app (letters 0002), tables
and all: here they only leave the campaigns app's model state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0005_split_kinds'),
        ('letters', '0002_targets_from_campaigns'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='campaigntarget',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='campaigntarget',
                    name='target',
                ),
                migrations.RemoveIndex(
                    model_name='queuedletter',
                    name='campaigns_q_state_3fc647_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='queuedletter',
                    name='one_queued_letter_per_target',
                ),
                migrations.AlterUniqueTogether(
                    name='target',
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='locale',
                ),
                migrations.RemoveField(
                    model_name='targetdelivery',
                    name='target',
                ),
                migrations.DeleteModel(
                    name='CampaignTarget',
                ),
                migrations.RemoveField(
                    model_name='queuedletter',
                    name='action',
                ),
                migrations.RemoveField(
                    model_name='queuedletter',
                    name='supporter',
                ),
                migrations.RemoveField(
                    model_name='queuedletter',
                    name='target',
                ),
                migrations.DeleteModel(
                    name='TargetDelivery',
                ),
                migrations.DeleteModel(
                    name='QueuedLetter',
                ),
                migrations.DeleteModel(
                    name='Target',
                ),
            ],
            database_operations=[],
        ),
    ]
