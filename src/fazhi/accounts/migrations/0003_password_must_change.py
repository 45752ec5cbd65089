from django.db import migrations, models


class Migration(migrations.Migration):
    """A password set by an administrator must be changed at first login (issue 13)."""

    dependencies = [
        ("accounts", "0002_password_changed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="password_must_change",
            field=models.BooleanField(default=False, verbose_name="password set by an administrator"),
        ),
    ]
