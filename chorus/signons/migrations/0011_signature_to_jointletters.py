"""Joint letter signatures moved to the jointletters app (jointletters 0002), table and all:
here they only leave the signons app's model state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('jointletters', '0002_signature'),
        ('signons', '0010_petitionsignature_to_petitions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name='signature',
                    name='signons_sig_page_id_9eb83e_idx',
                ),
                migrations.RemoveIndex(
                    model_name='signature',
                    name='signons_sig_page_id_a2f369_idx',
                ),
                migrations.DeleteModel(
                    name='Signature',
                ),
            ],
            database_operations=[],
        ),
    ]
