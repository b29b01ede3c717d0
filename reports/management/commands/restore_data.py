"""`manage.py restore_data BACKUP_DIR`: put a `backup_data` backup back into an EMPTY,
migrated database and an empty MEDIA_ROOT.

Order, so that a bad backup never half-restores:
1. verify the manifest: database.json and every file must have the recorded SHA-256 and
   size, and the database must have every migration the backup was taken at (run
   `manage.py migrate` first);
2. refuse a database that already holds users, agencies, plans or reports, and a
   MEDIA_ROOT that already holds files (nothing is ever merged or overwritten);
3. empty the tables (this removes only what the migrations loaded, such as the indicator
   catalogue, which the backup carries as it was) and load database.json, in one
   transaction: it fails as a whole;
4. copy the files into MEDIA_ROOT (each written to a temporary name, then renamed) and
   check every copy's SHA-256 again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from reports.management.commands.backup_data import FORMAT, sha256_of

# Rows of these mean the database is in use: a restore never merges into it.
USER_DATA = ["auth.User", "plans.Agency", "plans.Plan", "reports.ReportingRound"]


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu của backup_data vào cơ sở dữ liệu và thư mục tệp còn trống."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup_dir")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, backup_dir: str, database: str, **options) -> None:
        src = Path(backup_dir)
        manifest = self._verified_manifest(src)
        connection = connections[database]

        applied = {
            (app, name)
            for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name")
        }
        missing = [m for m in map(tuple, manifest["migrations"]) if m not in applied]
        if missing:
            raise CommandError(
                f"Cơ sở dữ liệu chưa có {len(missing)} migration của bản sao lưu "
                f"(ví dụ {missing[0][0]}.{missing[0][1]}): chạy `manage.py migrate` trước."
            )
        for label in USER_DATA:
            if apps.get_model(label).objects.using(database).exists():
                raise CommandError(
                    "Cơ sở dữ liệu đích đã có dữ liệu (người dùng, cơ quan, kế hoạch hoặc báo "
                    "cáo). Chỉ khôi phục vào cơ sở dữ liệu trống vừa migrate."
                )
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
            raise CommandError(f"Thư mục tệp {media_root} đã có tệp; cần một thư mục trống.")

        # The audit rows come from the backup: loading must not write new ones (a round's
        # elements would otherwise get a fresh history row that takes a restored row's id).
        with transaction.atomic(using=database), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("flush", interactive=False, database=database, verbosity=0)
            call_command(
                "loaddata",
                str(src / manifest["database"]["file"]),
                database=database,
                verbosity=0,
            )

        for rel, meta in manifest["files"].items():
            target = media_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            os.close(fd)
            try:
                shutil.copyfile(src / "media" / rel, tmp)
                if sha256_of(Path(tmp)) != meta["sha256"]:
                    raise CommandError(f"Tệp {rel} bị sai khi chép (SHA-256 khác).")
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        self.stdout.write(
            f"Đã khôi phục {manifest['database']['rows']} dòng dữ liệu và "
            f"{len(manifest['files'])} tệp từ {src}."
        )

    def _verified_manifest(self, src: Path) -> dict:
        try:
            manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được {src / 'manifest.json'}: {exc}") from exc
        if manifest.get("format") != FORMAT:
            raise CommandError("Bản sao lưu có định dạng không hỗ trợ.")
        entries = {manifest["database"]["file"]: manifest["database"]}
        entries |= {f"media/{rel}": meta for rel, meta in manifest["files"].items()}
        bad = []
        for rel, meta in entries.items():
            path = src / rel
            if not path.is_file():
                bad.append(f"{rel} (thiếu)")
            elif path.stat().st_size != meta["size"] or sha256_of(path) != meta["sha256"]:
                bad.append(f"{rel} (SHA-256 khác)")
        if bad:
            raise CommandError(
                f"Bản sao lưu bị hỏng, không khôi phục gì: {len(bad)} tệp không khớp "
                f"manifest, ví dụ {', '.join(bad[:5])}."
            )
        return manifest
