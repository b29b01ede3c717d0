"""`manage.py backup_data OUT_DIR`: a consistent backup of the database and the stored files.

What it writes to OUT_DIR (which must not exist, or be empty):
- database.json — every row of every model (Django's dumpdata, foreign keys to users and
  content types by natural key), read inside ONE transaction: REPEATABLE READ, READ ONLY
  on PostgreSQL, so every table is read from the same snapshot while the app keeps
  running; on SQLite the read transaction's shared lock gives the same.
  Content types, permissions and sessions are left out: `migrate` recreates the first two
  in the target database, and sessions are only logins in progress.
- media/ — every file under MEDIA_ROOT (evidence, documents, signing credentials), except
  the temporary `.part-*` files of writes in progress (genderplan/storage.py).
- manifest.json — SHA-256 and size of database.json and of every file, the applied
  migrations, when and from which database engine.

Why dumpdata rather than pg_dump: the same backup restores into PostgreSQL or SQLite,
needs no database client tools of the server's exact version on the app machine, and is
checked row by row by `restore_data` against the manifest. pg_dump stays the right tool
for a whole-cluster backup; this one is the application's own, files included.

Files are copied after the database snapshot. Files are never changed in place (every
save writes a new random name) and a file is deleted only after the row pointing at it is
gone, so every file the snapshot refers to is still there unless it was deleted while
the backup ran; the command checks that every referenced file was copied and fails
(exit code 1, naming the files) otherwise, so a backup that succeeds is complete.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Django's JSON encoder cuts datetimes to milliseconds; a restore must give back the exact
# instants (submission and signing times), so this one writes all six digits. The file is
# plain JSON that Django's own `json` deserializer (loaddata) reads back unchanged.
SERIALIZER_FORMAT = "genderplan-json"


class _FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = _FullPrecisionEncoder


Deserializer = serializers.get_deserializer("json")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def referenced_files(rows: list[dict]) -> set[str]:
    """The names stored in every FileField of the dumped rows."""
    file_fields: dict[str, list[str]] = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
        if names:
            file_fields[model._meta.label_lower] = names
    found: set[str] = set()
    for row in rows:
        for name in file_fields.get(row["model"], []):
            value = row["fields"].get(name)
            if value:
                found.add(value)
    return found


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã lưu vào một thư mục, kèm bảng SHA-256."

    def add_arguments(self, parser) -> None:
        parser.add_argument("out_dir", help="Thư mục chứa bản sao lưu (chưa có hoặc trống).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, out_dir: str, database: str, **options) -> None:
        out = Path(out_dir)
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"Thư mục {out} đã có dữ liệu; chọn một thư mục trống.")
        out.mkdir(parents=True, exist_ok=True)
        connection = connections[database]
        dump = out / "database.json"

        with transaction.atomic(using=database):
            if connection.vendor == "postgresql":
                # Must be the transaction's first statement.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                isolation = "repeatable read, read only"
            else:
                isolation = "single read transaction"
            applied = sorted(
                [app, name]
                for app, name in MigrationRecorder(connection).migration_qs.values_list(
                    "app", "name"
                )
            )
            if SERIALIZER_FORMAT not in serializers.get_serializer_formats():
                serializers.register_serializer(SERIALIZER_FORMAT, __name__)
            call_command(
                "dumpdata",
                format=SERIALIZER_FORMAT,
                exclude=EXCLUDED,
                natural_foreign=True,
                output=str(dump),
                database=database,
                verbosity=0,
            )

        media_root = Path(settings.MEDIA_ROOT)
        files: dict[str, dict] = {}
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if not path.is_file() or path.name.startswith(".part-"):
                    continue
                rel = path.relative_to(media_root).as_posix()
                target = out / "media" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    shutil.copy2(path, target)
                except FileNotFoundError:
                    continue  # deleted meanwhile; checked against the snapshot below
                files[rel] = {"sha256": sha256_of(target), "size": target.stat().st_size}

        rows = json.loads(dump.read_text(encoding="utf-8"))
        missing = sorted(referenced_files(rows) - set(files))
        if missing:
            raise CommandError(
                "Bản sao lưu chưa đầy đủ: cơ sở dữ liệu trỏ tới tệp không còn trong "
                f"{media_root} ({len(missing)} tệp, ví dụ {', '.join(missing[:5])}). "
                "Chạy lại lệnh sao lưu."
            )

        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "isolation": isolation,
            "migrations": applied,
            "database": {
                "file": dump.name,
                "sha256": sha256_of(dump),
                "size": dump.stat().st_size,
                "rows": len(rows),
            },
            "files": files,
        }
        tmp = out / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, out / "manifest.json")
        self.stdout.write(
            f"Đã sao lưu {manifest['database']['rows']} dòng dữ liệu và {len(files)} tệp vào {out}."
        )
