from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tallies", "0002_dashboards"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tally",
            name="kind",
            field=models.CharField(
                choices=[
                    ("block", "Block"),
                    ("county", "County"),
                    ("dash", "Dash"),
                    ("slice", "Slice"),
                ],
                max_length=8,
            ),
        ),
    ]
