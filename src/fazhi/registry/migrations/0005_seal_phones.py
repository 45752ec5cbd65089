"""Seal the phone numbers stored before encryption (the field reads plain values until then)."""

from django.db import migrations


def seal(apps, schema_editor):
    from fazhi.core import keys

    keys.rotate(
        [
            ("registry_officer", "id", "phone", "registry.officer.phone"),
            ("registry_enterprisecontact", "id", "phone", "registry.enterprisecontact.phone"),
            ("supervision_complaint", "id", "contact_phone", "supervision.complaint.contact_phone"),
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_encrypt_phones"), ("supervision", "0007_encrypt_phones")]
    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
