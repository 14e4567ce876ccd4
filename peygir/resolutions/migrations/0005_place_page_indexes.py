from django.db import migrations, models

# The links' place index holds no resolution id: reading a county's 20 000 links went to
# the table row by row. With both columns the links are read off the index alone.
LINK_INDEX = "resolution_places_place_res"


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0004_list_order_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["visibility", "id", "public_rating", "status", "deadline"],
                name="resolution_public_counts",
            ),
        ),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["visibility", "deadline", "id"], name="resolution_public_deadline"
            ),
        ),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["source", "visibility", "deadline", "id"],
                name="resolution_source_public",
            ),
        ),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["responsible_body", "visibility", "deadline", "id"],
                name="resolution_body_public",
            ),
        ),
        migrations.RunSQL(
            f"CREATE INDEX {LINK_INDEX} ON resolutions_resolution_places (place_id, resolution_id)",
            f"DROP INDEX {LINK_INDEX}",
        ),
    ]
