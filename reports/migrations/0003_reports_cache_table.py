"""The table of Django's database cache, when settings.REPORTS_CACHE is "db" (the default):
made here so that `migrate` — what `make demo`, the tests and a deployment already run —
leaves nothing else to do. `createcachetable` skips a table that already exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_documents")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
