"""Send the three-days-before-deadline reminders. Run daily (cron or a scheduled task);
running it twice on the same day sends nothing new."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.notifications import deadline_reminders


class Command(BaseCommand):
    help = (
        "Nhắc hạn nộp báo cáo: gửi thông báo cho các cơ quan chưa gửi báo cáo, còn 3 ngày đến hạn."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            help="Ngày coi là hôm nay, dạng YYYY-MM-DD (mặc định: hôm nay theo giờ Việt Nam).",
        )

    def handle(self, *args, **options) -> None:
        raw = options.get("today")
        if raw:
            try:
                today = datetime.date.fromisoformat(raw)
            except ValueError as exc:
                raise CommandError(
                    f"Ngày “{raw}” không đúng dạng YYYY-MM-DD, ví dụ 2025-12-07."
                ) from exc
        else:
            today = timezone.localdate()
        sent = deadline_reminders(today)
        self.stdout.write(
            self.style.SUCCESS(f"Đã gửi {sent} thông báo nhắc hạn nộp báo cáo ({today:%d/%m/%Y}).")
        )
