"""Issue 15 item 7: notices already prepared or published named 个体工商户 in full. Their name is
redacted now by the same rule as new notices (``registry.disclosure``); the credit code already was."""

from django.db import migrations

from fazhi.registry.disclosure import public_party


def redact(apps, schema_editor):
    Publication = apps.get_model("inspections", "Publication")
    for pub in Publication.objects.select_related("record__enterprise").iterator():
        enterprise = pub.record.enterprise
        party = public_party(name=enterprise.name, uscc=enterprise.uscc)
        if not party.redacted:
            continue
        content = dict(pub.content)
        content["enterprise"], content["uscc"] = party.name, party.uscc
        title = pub.title.replace(enterprise.name, party.name)
        Publication.objects.filter(pk=pub.pk).update(content=content, title=title)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_coordination_quality")]
    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
