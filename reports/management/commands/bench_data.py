"""Fill a PostgreSQL database with national-scale benchmark data (see reports/bench.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/genderplan_bench \\
        python manage.py bench_data --provinces 34 --agencies-per-province 150 --years 10
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports import bench


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu thử tải cấp quốc gia (tỉnh, cơ quan, kế hoạch, kỳ báo cáo, số liệu) trong "
        "một CSDL PostgreSQL riêng. Chỉ chạy khi CSDL chưa có kỳ báo cáo, hoặc với --reset."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--provinces", type=int, default=34)
        parser.add_argument("--agencies-per-province", type=int, default=150)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--last-year", type=int, default=2025)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--extra-elements",
            type=int,
            default=bench.Spec.extra_elements,
            help="số liệu bổ sung ngoài 26 số liệu của danh mục "
            f"(tối đa {len(bench.EXTRA_ELEMENTS)})",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xóa mọi cơ quan, kế hoạch, báo cáo, văn bản và người dùng bench_* trước",
        )
        parser.add_argument("--json", action="store_true", help="in số liệu thống kê dạng JSON")

    def handle(self, *args, **opts) -> None:
        spec = bench.Spec(
            provinces=opts["provinces"],
            agencies_per_province=opts["agencies_per_province"],
            years=opts["years"],
            last_year=opts["last_year"],
            seed=opts["seed"],
            extra_elements=opts["extra_elements"],
        )
        if min(spec.provinces, spec.agencies_per_province, spec.years) < 1:
            raise CommandError("--provinces, --agencies-per-province and --years must be ≥ 1")
        try:
            existing = bench.check_database(reset=opts["reset"])
        except bench.Refused as exc:
            raise CommandError(str(exc)) from exc
        expected = bench.expected_rows(spec)
        self.stdout.write(
            f"Database {bench.database_name()!r}: "
            + (f"delete {existing} rounds and every agency, plan and report, then " if existing
               else "")
            + f"create {spec.provinces} provinces × {spec.agencies_per_province} reporting units, "
            f"{spec.years} years ({spec.last_year - spec.years + 1}–{spec.last_year}) × 2 rounds: "
            f"{expected['submissions']:,} submissions, up to "
            f"{expected['figure_values_at_most']:,} figure rows (COPY, one transaction)."
        )  # fmt: skip
        t0 = time.perf_counter()
        with transaction.atomic():
            if opts["reset"]:
                bench.reset_data()
            stats = bench.generate(spec, log=self.stdout.write)
        elapsed = time.perf_counter() - t0
        stats.seconds["with_commit"] = round(elapsed, 2)
        if opts["json"]:
            self.stdout.write(json.dumps(stats.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {elapsed:.1f} s: {stats.provinces} provinces, {stats.agencies:,} "
                f"agencies ({stats.reporting_agencies:,} reporting), {stats.users} users, "
                f"{stats.plans:,} plans, {stats.targets:,} targets, {stats.rounds:,} rounds, "
                f"{stats.submissions:,} submissions ({stats.accepted:,} accepted), "
                f"{stats.figure_values:,} FigureValue rows ({stats.data_values:,} numbers), "
                f"{stats.events:,} events, {stats.activities:,} activities."
            )
        )
        self.stdout.write(f"Phases (s): {stats.seconds}")
