import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Lead routing now lives in leads.LeadSettings (copied by leads 0006), and
    every notice has a clinic (home 0006)."""

    dependencies = [
        ("home", "0006_own_notices_and_default_groups"),
        ("leads", "0006_lead_settings"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="clinicsettings",
            name="from_email",
        ),
        migrations.RemoveField(
            model_name="clinicsettings",
            name="lead_email_full_details",
        ),
        migrations.RemoveField(
            model_name="clinicsettings",
            name="lead_inboxes",
        ),
        migrations.RemoveField(
            model_name="clinicsettings",
            name="lead_retention_days",
        ),
        migrations.RemoveField(
            model_name="clinicsettings",
            name="recaptcha_secret_key",
        ),
        migrations.RemoveField(
            model_name="clinicsettings",
            name="recaptcha_site_key",
        ),
        migrations.AlterField(
            model_name="notice",
            name="site",
            field=models.ForeignKey(
                help_text="Only this clinic's settings and pages can show it.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="clinic site",
            ),
        ),
    ]
