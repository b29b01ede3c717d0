"""How fast the app is, against the floor beneath each figure (issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/genderplan_bench \\
        python manage.py bench --json [--runs 5] [--only rollup,queries,pages,pdf] [--quick]

Prints ONE JSON object (see docs/performance.md for what each figure means):

- rollup: the committee dashboard's selectors for one province and one round (`rollup`,
  `agency_grid`, the whole `province_dashboard`) and the national roll-up (one indicator,
  and every indicator, across all provinces), each against the same aggregate written by
  hand as one SQL statement (the floor). The numbers must be equal, else "mismatch" and
  exit status 1.
- queries: SQL queries of four pages with a small and a large province (10 and 1,000
  agencies, built on the fly in a transaction that is rolled back).
- pages: gunicorn (2 workers, DEBUG off) on 127.0.0.1 under wrk at 20 and 50 connections:
  requests/s, p50/p95 of the committee dashboard and the data entry page against /healthz.
- pdf: an agency report and a 30-agency province report (reports/documents.py) against
  WeasyPrint rendering plain HTML with as many pages and tables; signing time.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from indicators.catalogue import IC
from indicators.models import Indicator
from plans.models import Agency, Membership
from reports import bench
from reports import dashboard as dash
from reports.models import ReportingRound, Submission
from reports.selectors import (
    OFFICIAL_STATUSES,
    agency_grid,
    rollup,
    values_by_round,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SECTIONS = ("rollup", "queries", "pages", "pdf")
BENCH_CACHE = "bench-rollup"
# Values of REPORTS_CACHE (genderplan/settings.py) the pages are served with.
PAGE_CONFIGS = ("off", "locmem", "db")
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


class Mismatch(Exception):
    pass


class Command(BaseCommand):
    help = "Đo tốc độ các đường nóng (tổng hợp, trang, PDF) so với mức sàn; in một đối tượng JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print only the JSON object")
        parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (median)")
        parser.add_argument(
            "--quick",
            action="store_true",
            help="tiny and fast: 1 run, no gunicorn/load, small provinces (for tests)",
        )
        parser.add_argument("--only", default="", help=f"comma-separated subset of {SECTIONS}")
        parser.add_argument("--province", default="", help="province agency code (default: first)")
        parser.add_argument("--small", type=int, default=10, help="agencies, small province")
        parser.add_argument("--large", type=int, default=1000, help="agencies, large province")
        parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
        parser.add_argument(
            "--max-requests", type=int, default=100000, help="requests per load run at most"
        )
        parser.add_argument("--page-runs", type=int, default=3, help="load runs per figure")
        parser.add_argument(
            "--page-configs",
            default="off,db",
            help="values of REPORTS_CACHE to serve with: off (every request computes), "
            "db (as shipped: Django's database cache, shared by the workers), locmem",
        )
        parser.add_argument(
            "--concurrency", default="20,50", help="comma-separated concurrent connections"
        )
        parser.add_argument(
            "--think-ms",
            type=int,
            default=5000,
            help="mean think time of the 'users' load run (0: skip that run)",
        )

    # ------------------------------------------------------------------------------ main
    def handle(self, *args, **opts) -> None:
        quick = opts["quick"]
        self.runs = 1 if quick else max(1, opts["runs"])
        only = {s.strip() for s in opts["only"].split(",") if s.strip()} or set(SECTIONS)
        unknown = only - set(SECTIONS)
        if unknown:
            raise CommandError(f"unknown sections: {sorted(unknown)}")
        self.verbose = not opts["json"]
        province = self._province(opts["province"])
        t0 = time.perf_counter()
        out: dict = {"meta": self._meta(province, quick)}
        out["rollup"] = out["queries"] = out["pages"] = out["pdf"] = None
        small, large = (opts["small"], 40) if quick else (opts["small"], opts["large"])
        steps = {
            "rollup": lambda: self._rollup(province),
            "queries": lambda: self._queries(small, large),
            "pages": (
                (lambda: {"skipped": "--quick: no gunicorn/load"})
                if quick
                else (lambda: self._pages(province, opts))
            ),
            # A document is built once: its roll-up is timed cold, without the cache.
            "pdf": lambda: self._uncached(lambda: self._pdf(province, quick)),
        }
        try:
            for name in SECTIONS:
                if name not in only:
                    continue
                try:
                    out[name] = steps[name]()
                except (Mismatch, KeyboardInterrupt):
                    raise
                except Exception as exc:  # one broken section must not lose the others
                    if quick:
                        raise
                    self.stderr.write(f"{name} failed: {type(exc).__name__}: {exc}")
                    out[name] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
        except Mismatch as exc:
            self.stdout.write(json.dumps({"mismatch": str(exc)}, ensure_ascii=False))
            self.stderr.write(f"mismatch: {exc}")
            sys.exit(1)
        out["targets"] = targets(out)
        out["meta"]["seconds"] = round(time.perf_counter() - t0, 1)
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1, default=str))

    @staticmethod
    def _uncached(fn):
        with override_settings(REPORTS_ROLLUP_CACHE=None, REPORTS_DASHBOARD_CACHE=None):
            return fn()

    def log(self, message: str) -> None:
        if self.verbose:
            self.stderr.write(message)

    def _province(self, code: str) -> Agency:
        qs = Agency.objects.filter(kind=Agency.Kind.PROVINCE, rounds__isnull=False).distinct()
        if code:
            qs = qs.filter(code=code)
        province = qs.order_by("code").first()
        if province is None:
            raise CommandError("no province with reporting rounds: run bench_data first")
        return province

    def _meta(self, province: Agency, quick: bool) -> dict:
        from reports.models import FigureValue

        meta = {
            "database": bench.database_name(),
            "vendor": connection.vendor,
            "runs": self.runs,
            "quick": quick,
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()],
            "at": timezone.now().isoformat(timespec="seconds"),
            "province": f"{province.code} {province.name}",
            "rows": {
                "provinces": Agency.objects.filter(kind=Agency.Kind.PROVINCE).count(),
                "agencies": Agency.objects.count(),
                "rounds": ReportingRound.objects.count(),
                "submissions": Submission.objects.count(),
                "figure_values": FigureValue.objects.count(),
            },
        }
        try:
            with open("/proc/meminfo") as fh:
                meta["memory_gb"] = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
        except OSError:
            pass
        if connection.vendor == "postgresql":
            meta["postgresql"] = bench.run_sql("SHOW server_version", [])[0][0]
            meta["db_size"] = bench.run_sql(
                "SELECT pg_size_pretty(pg_database_size(current_database()))", []
            )[0][0]
        return meta

    # ---------------------------------------------------------------------------- roll-up
    def _rollup(self, province: Agency) -> dict:
        runs = self.runs
        rounds = list(dash.province_rounds(province))
        rnd = dash.default_round(rounds)
        indicators = dash.dashboard_indicators()
        statuses = list(OFFICIAL_STATUSES)
        out: dict = {
            "round": f"{rnd.get_kind_display()} {rnd.year} ({rnd.pk})",
            "indicators": len(indicators),
            "agencies": rnd.submissions.count(),
        }
        no_cache = override_settings(REPORTS_ROLLUP_CACHE=None)
        with_cache = override_settings(
            CACHES={**settings.CACHES, BENCH_CACHE: {"BACKEND": LOCMEM}},
            REPORTS_ROLLUP_CACHE=BENCH_CACHE,
        )

        def measure(name, selector, floor_sql, check) -> None:
            self.log(f"roll-up: {name}")
            with no_cache:
                cold_s, result = bench.timed(selector, runs)
            with with_cache:
                warm_s, cached = bench.timed(selector, runs)
            floor_s, rows = bench.timed(lambda: bench.run_sql(*floor_sql), runs)
            check(result, rows)
            check(cached, rows)
            out[name] = {
                "seconds": round(cold_s, 4),
                "seconds_cached": round(warm_s, 4),
                "floor_seconds": round(floor_s, 4),
                "ratio": bench.ratio(cold_s, floor_s),
                "ratio_cached": bench.ratio(warm_s, floor_s),
            }

        measure(
            "province_rollup",
            lambda: rollup(rnd, indicators),
            bench.floor_rollup_sql([rnd.pk], indicators, statuses),
            lambda result, rows: check_totals({rnd.pk: result}, rows, indicators),
        )
        measure(
            "province_grid",
            lambda: agency_grid(rnd, indicators),
            bench.floor_grid_sql(rnd.pk, indicators, statuses),
            lambda result, rows: check_grid(result, rows, indicators),
        )
        history = dash.trend_rounds(rnd)
        measure(
            "province_dashboard",
            lambda: dash.province_dashboard(rnd),
            bench.floor_dashboard_sql(rnd.pk, [r.pk for r in history], indicators, statuses),
            lambda result, rows: check_dashboard(result, rows, indicators, rnd),
        )
        national = list(ReportingRound.objects.filter(year=rnd.year, kind=rnd.kind))
        one = [i for i in indicators if i.code == IC.TY_LE_NU_LANH_DAO] or indicators[:1]
        measure(
            "national_one_indicator",
            lambda: values_by_round(national, one),
            bench.floor_rollup_sql([r.pk for r in national], one, statuses),
            lambda result, rows: check_totals(result, rows, one),
        )
        measure(
            "national_all_indicators",
            lambda: values_by_round(national, indicators),
            bench.floor_rollup_sql([r.pk for r in national], indicators, statuses),
            lambda result, rows: check_totals(result, rows, indicators),
        )
        out["national_provinces"] = len(national)
        total = values_by_round(national, one)
        n = sum((v[one[0].pk].numerator or 0) for v in total.values() if v)
        d = sum((v[one[0].pk].denominator or 0) for v in total.values() if v)
        out["national_value"] = {
            "indicator": one[0].code,
            "numerator": str(n),
            "denominator": str(d),
            "percent": str((Decimal(n) * 100 / d).quantize(Decimal("0.1"))) if d else None,
        }
        return out

    # ---------------------------------------------------------------------------- queries
    def _queries(self, small: int, large: int) -> dict:
        pages = ("committee_dashboard", "agency_dashboard", "data_entry", "round_page")
        counts: dict[str, list[int]] = {p: [] for p in pages}
        client_s: dict[str, list[float]] = {p: [] for p in pages}
        # Caches off: every request computes its page (what a cache miss costs).
        with (
            transaction.atomic(),
            override_settings(
                ALLOWED_HOSTS=["*"], REPORTS_ROLLUP_CACHE=None, REPORTS_DASHBOARD_CACHE=None
            ),
        ):
            for n in (small, large):
                self.log(f"queries: building a province with {n} agencies")
                spec = bench.Spec(
                    provinces=1,
                    agencies_per_province=n,
                    years=3,
                    code_prefix=f"Q{n}-",
                    with_activities=False,
                )
                bench.generate(spec)
                province = Agency.objects.get(code=f"Q{n}-00")
                urls = page_urls(province)
                for page in pages:
                    user, url = urls[page]
                    client = Client()
                    client.force_login(user, backend=MODEL_BACKEND)
                    response = client.get(url)  # warm: content types, templates
                    assert response.status_code == 200, (page, n, response.status_code)
                    with CaptureQueriesContext(connection) as ctx:
                        t = time.perf_counter()
                        response = client.get(url)
                        client_s[page].append(round(time.perf_counter() - t, 3))
                    if response.status_code != 200:
                        raise CommandError(f"{page} ({n} agencies): HTTP {response.status_code}")
                    counts[page].append(len(ctx.captured_queries))
            transaction.set_rollback(True)
        return {
            "agencies": [small, large],
            **{p: counts[p] for p in pages},
            "equal": all(c[0] == c[1] for c in counts.values()),
            "caches": "off (every request computes; a cache hit issues fewer)",
            "client_seconds": client_s,
        }

    # ------------------------------------------------------------------------------ pages
    def _pages(self, province: Agency, opts) -> dict:
        if shutil.which("wrk") is None:
            return {"skipped": "wrk not installed (apt-get install -y wrk)"}
        secret = secrets.token_urlsafe(50)
        urls = page_urls(province)
        committee, dashboard_url = urls["committee_dashboard"]
        staff, entry_url = urls["data_entry"]
        with override_settings(SECRET_KEY=secret):
            cookies = {
                "committee": [make_session(committee) for _ in range(50)],
                "staff": [make_session(staff) for _ in range(50)],
            }
        targets = {
            "healthz": ("/healthz", cookies["committee"]),
            "committee_dashboard": (dashboard_url, cookies["committee"]),
            "data_entry": (entry_url, cookies["staff"]),
        }
        workdir = Path(tempfile.mkdtemp(prefix="gp-bench-"))
        env = os.environ.copy()
        env.update(
            DEBUG="false",
            SECRET_KEY=secret,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=str(Path(tempfile.gettempdir()) / "genderplan-bench-static"),
            LOG_LEVEL="ERROR",
            PYTHONUNBUFFERED="1",
        )
        base = Path(settings.BASE_DIR)
        self.log("pages: collectstatic (production storage)")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=base,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result: dict = {
            "server": "gunicorn -w 2 (sync), DEBUG=false, on 127.0.0.1",
            "closed_loop": "wrk -t2, no think time; rps and p50/p95 at each connection count",
            "accept_encoding": f"{ACCEPT_ENCODING} (as browsers send it)",
            "duration_s": opts["duration"],
            "max_requests": opts["max_requests"],
            "runs": opts["page_runs"],
            "dashboard_html_bytes": None,
            "dashboard_gzip_bytes": None,
        }
        configs = [c.strip() for c in opts["page_configs"].split(",") if c.strip()]
        try:
            for config in configs:
                if config not in PAGE_CONFIGS:
                    raise CommandError(f"--page-configs: {config!r} is not one of {PAGE_CONFIGS}")
                result[config] = self._serve(config, env, base, workdir, targets, opts)
                result["dashboard_html_bytes"] = result[config].pop("dashboard_html_bytes")
                result["dashboard_gzip_bytes"] = result[config].pop("dashboard_gzip_bytes")
        finally:
            from django.contrib.sessions.models import Session

            Session.objects.filter(
                session_key__in=[c for jar in cookies.values() for c in jar]
            ).delete()
            shutil.rmtree(workdir, ignore_errors=True)
        return result

    def _serve(self, config, env, base, workdir, targets, opts) -> dict:
        env = {**env, "DJANGO_SETTINGS_MODULE": "genderplan.settings", "REPORTS_CACHE": config}
        if config == "db":
            subprocess.run(
                [sys.executable, "manage.py", "createcachetable"],
                cwd=base,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,  # stdout carries the JSON only
            )
            # Start cold: entries of an earlier run would be served as hits.
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM gp_cache")
        port = free_port()
        log_path = workdir / f"gunicorn-{config}.log"
        self.log(f"pages [{config}]: gunicorn -w 2 on 127.0.0.1:{port} (REPORTS_CACHE={config})")
        with open(log_path, "wb") as log_file:
            server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                [sys.executable, "-m", "gunicorn", "genderplan.wsgi:application", "-w", "2",
                 "-b", f"127.0.0.1:{port}", "--timeout", "120"],
                cwd=base,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            root = f"http://127.0.0.1:{port}"
            wait_for(f"{root}/healthz", server, log_path)
            out: dict = {"settings": f"genderplan.settings, REPORTS_CACHE={config}"}
            for name, (path, jar) in targets.items():
                status, size = http_get(root + path, jar[0])
                if status != 200:
                    raise CommandError(f"{name}: HTTP {status} at {path}; see {log_path}")
                if name == "committee_dashboard":
                    out["dashboard_html_bytes"] = size
                    out["dashboard_gzip_bytes"] = http_get(
                        root + path, jar[0], encoding=ACCEPT_ENCODING
                    )[1]
            for name, (path, jar) in targets.items():
                self.log(f"pages [{config}]: warm {name}")
                run_wrk(workdir, root, path, jar, 4, 3, 200)
            levels = [int(c) for c in opts["concurrency"].split(",") if c.strip()]
            for level in levels:
                row: dict = {}
                for name, (path, jar) in targets.items():
                    self.log(f"pages [{config}]: {name} at {level} connections")
                    samples = [
                        run_wrk(workdir, root, path, jar, level, opts["duration"],
                                opts["max_requests"])
                        for _ in range(opts["page_runs"])
                    ]  # fmt: skip
                    row[name] = median_run(samples)
                for name in ("committee_dashboard", "data_entry"):
                    page, floor = row[name], row["healthz"]
                    page["ratio_p50"] = bench.ratio(page["p50_ms"], floor["p50_ms"])
                    page["ratio_p95"] = bench.ratio(page["p95_ms"], floor["p95_ms"])
                    page["ratio_rps"] = bench.ratio(floor["rps"], page["rps"])
                out[f"c{level}"] = row
            think = opts["think_ms"]
            if think > 0:
                level = max(levels)
                row = {
                    "users": level,
                    "think_ms_mean": think,
                    "load": "Python threads (http.client), one connection per request",
                }
                for name, (path, jar) in targets.items():
                    self.log(f"pages [{config}]: {name}, {level} users thinking {think} ms")
                    samples = [
                        run_users(root, path, jar, level, opts["duration"] * 2,
                                  opts["max_requests"], think)
                        for _ in range(opts["page_runs"])
                    ]  # fmt: skip
                    row[name] = median_run(samples)
                out["users_with_think_time"] = row
            return out
        finally:
            stop(server)

    # -------------------------------------------------------------------------------- pdf
    def _pdf(self, province: Agency, quick: bool) -> dict:
        from reports import documents

        runs = self.runs
        out: dict = {}
        # The agency report: the department with staff in the bench (plan, targets,
        # activities), its latest accepted annual report.
        staff_agency = (
            Membership.objects.filter(role=Membership.Role.STAFF, agency__parent=province)
            .select_related("agency")
            .first()
        )
        subs = Submission.objects.filter(
            status=Submission.Status.ACCEPTED, round__province=province
        )
        if staff_agency is not None:
            subs = subs.filter(agency=staff_agency.agency)
        sub = subs.order_by("-round__year", "-round__kind").first()
        if sub is None:
            raise CommandError("no accepted submission to render")
        self.log("pdf: agency report")
        out["agency_report"] = self._render(
            documents.build_submission, sub, Agency.objects.get(pk=sub.agency_id), runs
        )
        # The province report of a 30-agency province (built here, rolled back).
        n = 5 if quick else 30
        with transaction.atomic():
            self.log(f"pdf: building a province with {n} agencies")
            bench.generate(
                bench.Spec(
                    provinces=1,
                    agencies_per_province=n,
                    years=5,
                    code_prefix=f"R{n}-",
                    open_last_round=False,
                    with_events=False,
                )
            )
            rnd = (
                ReportingRound.objects.filter(province__code=f"R{n}-00", kind="annual")
                .order_by("-year")
                .first()
            )
            self.log("pdf: province report")
            out["province_report"] = self._render(documents.build_round, rnd, None, runs)
            out["province_report"]["agencies"] = n
            transaction.set_rollback(True)
        return out

    def _render(self, build, source, signer_agency: Agency | None, runs: int) -> dict:
        from reports import documents

        build_s, built = bench.timed(lambda: build(source), runs, warmup=1)
        kind = "submission" if build is documents.build_submission else "round"
        today = timezone.localdate()
        snapshot = {
            "schema": documents.SCHEMA,
            "kind": kind,
            "header": documents._header(built, 1, today, today.year),
            "content": built["content"],
            "data": built["data"],
        }
        # Round-trip through JSON like the stored snapshot.
        snapshot = json.loads(json.dumps(snapshot, default=str))
        render_s, rendered = bench.timed(lambda: documents.render_pdf(snapshot), runs, warmup=1)
        tables = count_tables(snapshot["content"])
        floor_html = plain_html(snapshot["content"], rendered.pages)
        floor_s, floor_pages = bench.timed(lambda: render_plain(floor_html), runs, warmup=1)
        result = {
            "pages": rendered.pages,
            "tables": len(tables),
            "table_rows": sum(r for r, _c in tables),
            "build_seconds": round(build_s, 3),
            "render_seconds": round(render_s, 3),
            "pages_per_second": round(rendered.pages / render_s, 2) if render_s else None,
            "floor_seconds": round(floor_s, 3),
            "floor_pages": floor_pages,
            "ratio": bench.ratio(render_s, floor_s),
            "total_seconds": round(build_s + render_s, 3),
        }
        if signer_agency is not None:
            result["sign_seconds"] = self._sign(rendered, signer_agency, runs)
        return result

    def _sign(self, rendered, agency: Agency, runs: int) -> float | None:
        from reports.pki_demo import seed_demo_pki
        from reports.signing import sign_pdf

        box = rendered.signature_box
        if not box:
            return None
        media = tempfile.mkdtemp(prefix="gp-bench-media-")
        try:
            with transaction.atomic(), override_settings(DEBUG=True, MEDIA_ROOT=media):
                credential = seed_demo_pki([agency])[0]
                seconds, _pdf = bench.timed(
                    lambda: sign_pdf(
                        rendered.pdf,
                        credential=credential,
                        page=box["page"],
                        box=tuple(box["box"]),
                        agency_name=agency.name,
                    ),
                    runs,
                )
                transaction.set_rollback(True)
        finally:
            shutil.rmtree(media, ignore_errors=True)
        return round(seconds, 3)


# ------------------------------------------------------------------------------ checks
def _expect(what: str, got, want) -> None:
    if bench.dec(got) != bench.dec(want):
        raise Mismatch(f"{what}: selector {got!r} ≠ hand-written SQL {want!r}")


def check_totals(result: dict, rows: list[tuple], indicators: list[Indicator]) -> None:
    """`values_by_round` output against floor_rollup_sql rows."""
    seen = set()
    for row in rows:
        round_id, values = row[0], list(row[1:])
        seen.add(round_id)
        got = result.get(round_id, {})
        for ind in indicators:
            sn = values.pop(0)
            sd = values.pop(0) if bench._is_ratio(ind) else None
            c = values.pop(0)
            v = got.get(ind.pk)
            if v is None:
                if c:
                    raise Mismatch(f"round {round_id} {ind.code}: selector has no value")
                continue
            _expect(f"round {round_id} {ind.code} numerator", v.numerator, sn)
            _expect(f"round {round_id} {ind.code} denominator", v.denominator, sd)
            _expect(f"round {round_id} {ind.code} agencies", v.agencies, c)
    for round_id, got in result.items():
        if round_id not in seen and any(v.agencies for v in got.values()):
            raise Mismatch(f"round {round_id}: selector has values, SQL has none")


def check_grid(result: dict, rows: list[tuple], indicators: list[Indicator]) -> None:
    if len(result) != len(rows):
        raise Mismatch(f"grid: {len(result)} agencies from the selector, {len(rows)} from SQL")
    for row in rows:
        agency_id, values = row[0], list(row[1:])
        cells = result.get(agency_id)
        if cells is None:
            raise Mismatch(f"grid: agency {agency_id} missing")
        for ind in indicators:
            n = values.pop(0)
            d = values.pop(0) if bench._is_ratio(ind) else None
            both = n is not None and (d is not None or not bench._is_ratio(ind))
            v = cells[ind.pk]
            _expect(f"grid {agency_id} {ind.code} numerator", v.numerator, n if both else None)
            _expect(f"grid {agency_id} {ind.code} denominator", v.denominator, d if both else None)


def check_dashboard(data, rows: list[tuple], indicators: list[Indicator], rnd) -> None:
    """The dashboard's grid cells and its province values (the round and every trend
    point) against floor_dashboard_sql rows."""
    totals: dict[int, dict[int, tuple]] = {}
    grid: dict[int, dict[int, tuple]] = {}
    for row in rows:
        values, parsed = list(row[2:]), {}
        for ind in indicators:
            n = values.pop(0)
            d = values.pop(0) if bench._is_ratio(ind) else None
            c = values.pop(0)
            parsed[ind.pk] = (n, d, c)
        if row[1] is None:
            totals[row[0]] = parsed
        else:
            grid[row[1]] = parsed
    by_agency = {row.agency.pk: row for row in data.grid}
    if set(grid) - set(by_agency):
        raise Mismatch(f"dashboard: agencies {sorted(set(grid) - set(by_agency))} missing")
    for agency_id, cells in grid.items():
        for cell in by_agency[agency_id].cells:
            n, d, _c = cells[cell.indicator.pk]
            both = n is not None and (d is not None or not bench._is_ratio(cell.indicator))
            got = cell.value.numerator if cell.value else None
            _expect(f"dashboard cell {agency_id} {cell.indicator.code}", got, n if both else None)
    history = {r.year: r.pk for r in dash.trend_rounds(rnd)}
    for row in data.rows:
        sn, sd, c = totals.get(rnd.pk, {}).get(row.indicator.pk, (None, None, 0))
        _expect(f"dashboard total {row.indicator.code}", row.value.numerator, sn)
        _expect(f"dashboard total {row.indicator.code} denominator", row.value.denominator, sd)
        _expect(f"dashboard total {row.indicator.code} agencies", row.value.agencies, c)
        for point in row.trend:
            sn, _sd, _c = totals.get(history[point.year], {}).get(row.indicator.pk, (None,) * 3)
            got = point.value.numerator if point.value is not None else None
            _expect(f"dashboard trend {row.indicator.code} {point.year}", got, sn)


# ------------------------------------------------------------------------------ helpers
def page_urls(province: Agency) -> dict[str, tuple]:
    """(user, url) of each measured page, for the bench personas of `province`."""
    committee = (
        Membership.objects.filter(role=Membership.Role.COMMITTEE, agency__parent=province)
        .select_related("user")
        .first()
        .user
    )
    staff_m = (
        Membership.objects.filter(role=Membership.Role.STAFF, agency__parent=province)
        .select_related("user", "agency")
        .first()
    )
    rnd = ReportingRound.objects.filter(province=province).order_by("-year", "kind").first()
    entry = Submission.objects.get(round=rnd, agency=staff_m.agency)
    return {
        "committee_dashboard": (committee, reverse("dashboard")),
        "agency_dashboard": (staff_m.user, reverse("agency_dashboard", args=[staff_m.agency_id])),
        "data_entry": (staff_m.user, reverse("submission_entry", args=[entry.pk])),
        "round_page": (committee, reverse("round_detail", args=[rnd.pk])),
    }


def make_session(user) -> str:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer {url} within {timeout} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Every load request asks for a compressed answer, as every browser does.
ACCEPT_ENCODING = "gzip, deflate"


def http_get(url: str, session_key: str, *, encoding: str = "identity") -> tuple[int, int]:
    """(status, body bytes as sent) of a GET with the session cookie, no redirects."""
    # Loopback http only: the URL is built by this command from 127.0.0.1 and a port.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Cookie": f"sessionid={session_key}", "Accept-Encoding": encoding}
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def http_status(url: str, session_key: str) -> int:
    return http_get(url, session_key)[0]


def drain(root: str, session_key: str, timeout: float = 300) -> None:
    """Wait until the server answers /healthz at once: requests a previous load run left
    queued in gunicorn's backlog must not be counted against the next figure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t = time.perf_counter()
        http_status(f"{root}/healthz", session_key)
        if time.perf_counter() - t < 0.2:
            return
    raise CommandError(f"the server stayed busy for {timeout} s")


def stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn we started (its own process group: master and workers)."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(timeout=10)


WRK_SCRIPT = r"""
local cookies = {%(cookies)s}
local path = "%(path)s"
local per_thread = %(per_thread)d
local threads = {}
local n = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  done_here = 0
  math.randomseed(os.time() + #cookies)
end

function request()
  n = n + 1
  return wrk.format("GET", path, {["Cookie"] = "sessionid=" .. cookies[(n %% #cookies) + 1],
                                  ["Accept-Encoding"] = "gzip, deflate"})
end

function response(status, headers, body)
  done_here = done_here + 1
  if done_here >= per_thread then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "mean_us": %%d, "non2xx": %%d, "socket_errors": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.status,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
end
"""


def run_wrk(
    workdir: Path,
    root: str,
    path: str,
    cookies: list[str],
    connections: int,
    duration: int,
    max_requests: int,
) -> dict:
    threads = 2 if connections >= 2 else 1
    script = workdir / "load.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "cookies": ", ".join(f'"{c}"' for c in cookies),
            "path": path,
            "per_thread": max(1, max_requests // threads),
        }
    )
    drain(root, cookies[0])
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "60s",
        "-s", str(script), root + path,
    ]  # fmt: skip
    proc = subprocess.run(  # noqa: S603 (Debian's wrk, arguments built here)
        command,
        capture_output=True,
        text=True,
        timeout=duration + 120,
    )  # fmt: skip
    line = next((x for x in proc.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise CommandError(f"wrk failed: {proc.stdout}\n{proc.stderr}")
    raw = json.loads(line[len("WRKJSON ") :])
    seconds = raw["duration_us"] / 1e6
    capped = raw["requests"] >= threads * max(1, max_requests // threads)
    if capped and raw["mean_us"]:
        # The threads stopped at the request cap before the time was up, but wrk reports
        # the whole duration: in a closed loop, throughput = connections / mean latency.
        rps = connections / (raw["mean_us"] / 1e6)
    else:
        rps = raw["requests"] / seconds if seconds else 0
    if not raw["requests"]:
        raise CommandError(f"wrk completed no request for {path}: {proc.stdout[-1500:]}")
    return {
        "requests": raw["requests"],
        "capped": capped,
        "rps": round(rps, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": raw["non2xx"] + raw["socket_errors"],
        "error_kinds": {
            k: raw[k] for k in ("non2xx", "connect", "read", "write", "timeout") if raw.get(k)
        },
    }


def run_users(
    root: str,
    path: str,
    cookies: list[str],
    users: int,
    duration: int,
    max_requests: int,
    think_ms: int,
) -> dict:
    """`users` people, each opening the page, reading it for think_ms (± 50%), opening it
    again, for `duration` seconds. Python threads, not wrk: wrk's delay() holds a connection
    open while it waits, which a sync gunicorn worker would sit on; a browser connects
    when it asks."""
    import http.client
    import random
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(root)
    drain(root, cookies[0])
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def user(i: int) -> None:
        rng = random.Random(i)
        time.sleep(rng.uniform(0, think_ms / 1000))  # users do not all start together
        while time.monotonic() < deadline and len(latencies) < max_requests:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            t = time.perf_counter()
            try:
                conn.request(
                    "GET",
                    path,
                    headers={
                        "Cookie": f"sessionid={cookies[i % len(cookies)]}",
                        "Accept-Encoding": ACCEPT_ENCODING,
                    },
                )
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                conn.close()
            elapsed = time.perf_counter() - t
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1
            time.sleep(rng.uniform(think_ms / 2000, think_ms * 1.5 / 1000))

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 120)
    seconds = time.monotonic() - started
    if not latencies:
        raise CommandError(f"no request to {path} completed")
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {
        "requests": len(latencies),
        "capped": len(latencies) >= max_requests,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "errors": errors[0],
        "error_kinds": {"failed": errors[0]} if errors[0] else {},
    }


def median_run(samples: list[dict]) -> dict:
    """The run with the median p95 (its own rps and p50 kept together), plus the spread."""
    ordered = sorted(samples, key=lambda s: s["p95_ms"])
    mid = dict(ordered[len(ordered) // 2])
    mid["rps"] = statistics.median(s["rps"] for s in samples)
    mid["p50_ms"] = statistics.median(s["p50_ms"] for s in samples)
    mid["p95_ms"] = statistics.median(s["p95_ms"] for s in samples)
    mid["p95_ms_runs"] = [s["p95_ms"] for s in samples]
    mid["errors"] = sum(s["errors"] for s in samples)
    return mid


def count_tables(content: dict) -> list[tuple[int, int]]:
    """(rows, columns) of every table of the document, in order."""
    found: list[tuple[int, int]] = []

    def walk(blocks) -> None:
        for b in blocks or []:
            if b.get("t") == "table":
                found.append((len(b["rows"]) + 1, len(b["cols"])))
            elif b.get("t") == "chart":
                walk(b.get("tables"))

    walk(content.get("opening"))
    walk(content.get("body"))
    for annex in content.get("annexes", []):
        walk(annex.get("blocks"))
    return found


def plain_html(content: dict, pages: int) -> str:
    """The document's text — its paragraphs and the same tables with the same cell texts —
    as plain HTML: one font (the bundled serif), no official layout (no two-column header
    and footer, page numbers, bold and italic faces, landscape annexes, chart). Padded
    with empty pages to as many pages as the document. What WeasyPrint needs at least to
    typeset that content (the font shrinks until it fits in as many pages)."""
    for size in (12, 11, 10, 9, 8):
        html = _plain_html(content, size)
        have = render_plain(html)
        if have <= pages:
            break
    if have < pages:
        html = html.replace("</body>", "<p class='pb'>&nbsp;</p>" * (pages - have) + "</body>")
    return html


def _plain_html(content: dict, font_size: int) -> str:
    from django.utils.html import escape

    font = (Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf").as_uri()
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"@font-face {{ font-family: F; src: url('{font}'); }}"
        "@page { size: A4; margin: 20mm }"
        f"html {{ font-family: F; font-size: {font_size}pt }}"
        "table { width: 100%; border-collapse: collapse; table-layout: fixed }"
        "td { border: 0.5pt solid #000 }"
        ".pb { break-before: page }"
        "</style></head><body>"
    ]

    def walk(blocks) -> None:
        for b in blocks or []:
            if b.get("t") == "p":
                parts.append(f"<p>{escape(b.get('text', ''))}</p>")
            elif b.get("t") == "table":
                width = len(b["cols"])
                cells = ["".join(f"<td>{escape(c['label'])}</td>" for c in b["cols"])]
                for row in b["rows"]:
                    if "group" in row:
                        cells.append(f"<td colspan='{width}'>{escape(row['group'])}</td>")
                    else:
                        cells.append("".join(f"<td>{escape(c['v'])}</td>" for c in row["cells"]))
                parts.append("<table>" + "".join(f"<tr>{r}</tr>" for r in cells) + "</table>")
            elif b.get("t") == "chart":
                walk(b.get("tables"))

    walk(content.get("opening"))
    walk(content.get("body"))
    for annex in content.get("annexes", []):
        parts.append("<p class='pb'></p>")
        walk(annex.get("blocks"))
    parts.append("</body></html>")
    return "".join(parts)


def render_plain(html: str) -> int:
    """Render the floor's HTML, with the garbage collector paused as render_pdf pauses it
    (reports/documents.py): what helps the app's render must help its floor too."""
    import gc

    from weasyprint import HTML

    gc.disable()
    try:
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        document.write_pdf()
        pages = len(document.pages)
        del document
    finally:
        gc.enable()
    gc.collect(0)
    return pages


def targets(out: dict) -> dict:
    """Which of the issue's targets the figures meet (None: not measured)."""
    r, q, p, d = (
        (v if isinstance(v, dict) and "error" not in v else None)
        for v in (out.get("rollup"), out.get("queries"), out.get("pages"), out.get("pdf"))
    )

    def rollup_ok(key: str, field: str = "ratio") -> bool | None:
        return None if not r else r[key][field] <= 2

    result = {
        "rollup_national_le_2x_floor": rollup_ok("national_one_indicator"),
        "rollup_national_all_le_2x_floor": rollup_ok("national_all_indicators"),
        "rollup_province_le_2x_floor": rollup_ok("province_rollup"),
        "grid_province_le_2x_floor": rollup_ok("province_grid"),
        "queries_equal_small_large": None if not q else q["equal"],
        "pdf_agency_le_1_3x_floor": None if not d else d["agency_report"]["ratio"] <= 1.3,
        "pdf_province_le_1_3x_floor": None if not d else d["province_report"]["ratio"] <= 1.3,
        "agency_report_under_3s": None if not d else d["agency_report"]["total_seconds"] < 3,
    }

    def p95_ok(figure: dict) -> bool | None:
        if not figure.get("requests"):
            return None  # nothing measured
        return figure["p95_ms"] < 300 and not figure["errors"]

    for config in PAGE_CONFIGS:
        result[f"dashboard_p95_lt_300ms_at_50_{config}"] = None
        result[f"dashboard_p95_lt_300ms_at_50_users_thinking_{config}"] = None
        served = (p or {}).get(config) or {}
        if "c50" in served:
            result[f"dashboard_p95_lt_300ms_at_50_{config}"] = p95_ok(
                served["c50"]["committee_dashboard"]
            )
        if "users_with_think_time" in served:
            result[f"dashboard_p95_lt_300ms_at_50_users_thinking_{config}"] = p95_ok(
                served["users_with_think_time"]["committee_dashboard"]
            )
    return result
