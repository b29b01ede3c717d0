"""python manage.py verify_pdf FILE.pdf

Prints one JSON object: {"signed", "intact", "trusted", "signer", "signed_at",
"issued_by_system", "document": {"kind", "number", "agency"} | null}. Exit status 0 only
when the file is signed, intact (nothing changed since signing) and its certificate chains
to a trust root (settings.SIGNING_TRUST_ROOTS); 1 otherwise."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.signing import verify_pdf_bytes


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số của một tệp PDF (kết quả dạng JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, file: str, **options) -> None:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được {file}: {exc.strerror}") from exc
        result = verify_pdf_bytes(data)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        if not result.ok:
            sys.exit(1)
