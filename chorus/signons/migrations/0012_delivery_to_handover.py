"""Delivery bundles and delivery records moved to the handover app (handover 0001), tables
and all: here they only leave the signons app's model state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('handover', '0001_initial'),
        ('signons', '0011_signature_to_jointletters'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='deliveryannouncement',
                    name='one_announcement_per_language',
                ),
                migrations.RemoveField(
                    model_name='deliveryphoto',
                    name='image',
                ),
                migrations.RemoveField(
                    model_name='deliveryphoto',
                    name='record',
                ),
                migrations.RemoveField(
                    model_name='deliveryrecord',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='deliveryannouncement',
                    name='newsflash',
                ),
                migrations.RemoveField(
                    model_name='deliveryannouncement',
                    name='record',
                ),
                migrations.DeleteModel(
                    name='DeliveryBundle',
                ),
                migrations.DeleteModel(
                    name='DeliveryPhoto',
                ),
                migrations.DeleteModel(
                    name='DeliveryAnnouncement',
                ),
                migrations.DeleteModel(
                    name='DeliveryRecord',
                ),
            ],
            database_operations=[],
        ),
    ]
