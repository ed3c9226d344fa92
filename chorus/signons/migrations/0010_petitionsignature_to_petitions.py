"""The public part of petition signatures moved to the petitions app (petitions 0002), table
and all: here it only leaves the signons app's model state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('signons', '0009_delivery_announcement_translations'),
        ('petitions', '0002_petitionsignature'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name='petitionsignature',
                    name='signons_pet_page_id_c3c57d_idx',
                ),
                migrations.DeleteModel(
                    name='PetitionSignature',
                ),
            ],
            database_operations=[],
        ),
    ]
