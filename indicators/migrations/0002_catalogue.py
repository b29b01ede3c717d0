"""Load the indicator catalogue (indicators/catalogue.py) into the database.

A data migration rather than a fixture so that every database, including each fresh test
database, starts with the same six domains, data elements and indicators, matched by code;
the administrator edits them afterwards. Reversing keeps the rows: plans' targets point at
indicators (PROTECT), and an empty catalogue helps nobody."""

from django.db import migrations


def load(apps, schema_editor):
    from indicators.catalogue import load_catalogue

    load_catalogue(
        apps.get_model("indicators", "Domain"),
        apps.get_model("indicators", "DataElement"),
        apps.get_model("indicators", "Indicator"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
