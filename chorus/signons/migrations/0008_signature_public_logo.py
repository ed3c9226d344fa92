"""Approved, listed signatures get a public copy of their logo (the uploaded file stays private).

Migration 0006 moved every logo out of public media; from now on the public list shows
`public_logo`, a copy `services.approve` makes. This copies the logos of signatures approved
before, for those that are to be listed. Pending and rejected logos stay private.
"""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, models

import chorus.jointletters.storage


def publish_approved_logos(apps, schema_editor):
    Signature = apps.get_model("signons", "Signature")
    private, public = chorus.jointletters.storage.logo_storage(), storages["default"]
    approved = Signature.objects.filter(review="approved", show_publicly=True, public_logo="").exclude(
        logo=""
    )
    for signature in approved.only("pk", "logo"):
        try:
            with private.open(signature.logo.name, "rb") as file:
                content = file.read()
        except FileNotFoundError:
            continue
        name = public.save(f"signons/logos/{secrets.token_hex(12)}.png", ContentFile(content))
        Signature.objects.filter(pk=signature.pk).update(public_logo=name)


def unpublish_logos(apps, schema_editor):
    Signature = apps.get_model("signons", "Signature")
    public = storages["default"]
    for name in Signature.objects.exclude(public_logo="").values_list("public_logo", flat=True):
        public.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("signons", "0007_signature_kept_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="public_logo",
            field=models.ImageField(blank=True, upload_to="signons/logos/", verbose_name="public logo"),
        ),
        migrations.RunPython(publish_approved_logos, unpublish_logos),
    ]
