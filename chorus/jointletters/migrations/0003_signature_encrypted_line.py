"""An individual's printed line (name, role, city) is encrypted with the server key until it is
on the public list (see `chorus.jointletters.signatures.Signature`).

This adds `encrypted_line` and encrypts the lines of individuals stored readable before: every
individual's signature that is not approved, listed and of a confirmed, unpurged action. Lines
already public stay readable; organisations' lines are not touched. With rows to encrypt (or,
going back, to decrypt) the migration needs `CHORUS_SERVER_KEY`, as the server does; on a
database without any it does not read the key.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models
from django.db.models import Q

from chorus.core import crypto

INDIVIDUAL = "individual"
PUBLIC = Q(
    review="approved",
    show_publicly=True,
    action__state="confirmed",
    action__purged_at__isnull=True,
)


def _needs_key(error: ImproperlyConfigured) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"{error} Migration jointletters 0003 encrypts (or, going back, decrypts) the printed lines "
        "of individual joint letter signers: run it with the server's CHORUS_SERVER_KEY."
    )


def encrypt_private_lines(apps, schema_editor):
    Signature = apps.get_model("jointletters", "Signature")
    private = (
        Signature.objects.filter(signer_type=INDIVIDUAL, encrypted_line__isnull=True)
        .exclude(PUBLIC)
        .exclude(name="", role="", city="")
    )
    rows = private.values_list("pk", "name", "role", "city").order_by("pk")
    for pk, name, role, city in rows.iterator(chunk_size=500):
        try:
            token = crypto.server_encrypt({"name": name, "role": role, "city": city})
        except ImproperlyConfigured as error:
            raise _needs_key(error) from error
        Signature.objects.filter(pk=pk).update(encrypted_line=token, name="", role="", city="")


def decrypt_lines(apps, schema_editor):
    Signature = apps.get_model("jointletters", "Signature")
    rows = Signature.objects.filter(encrypted_line__isnull=False).values_list("pk", "encrypted_line")
    for pk, token in rows.order_by("pk").iterator(chunk_size=500):
        try:
            line = crypto.server_decrypt(bytes(token))
        except ImproperlyConfigured as error:
            raise _needs_key(error) from error
        Signature.objects.filter(pk=pk).update(
            name=str(line.get("name", "")),
            role=str(line.get("role", "")),
            city=str(line.get("city", "")),
            encrypted_line=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jointletters", "0002_signature"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="encrypted_line",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.RunPython(encrypt_private_lines, decrypt_lines),
    ]
