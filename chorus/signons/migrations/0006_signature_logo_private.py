"""Joint letter logos move out of public media into private storage (migration 0008 publishes
copies of approved, listed ones)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import chorus.jointletters.storage


def move_logos(apps, schema_editor):
    Signature = apps.get_model("signons", "Signature")
    public, private = Path(settings.MEDIA_ROOT), Path(settings.CHORUS_PRIVATE_MEDIA_DIR)
    for name in Signature.objects.exclude(logo="").values_list("logo", flat=True):
        source, target = public / name, private / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Migration(migrations.Migration):
    dependencies = [
        ("signons", "0005_deliverybundle_run"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signature",
            name="logo",
            field=models.ImageField(
                blank=True,
                storage=chorus.jointletters.storage.logo_storage,
                upload_to="signons/logos/",
                verbose_name="logo",
            ),
        ),
        migrations.RunPython(move_logos, migrations.RunPython.noop),
    ]
