"""The benchmark's data generator and command (issue 8). Nothing here reads a clock: the
benchmark prints times, the tests check rows, JSON keys and SQL query counts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext

from plans.models import Agency
from reports import bench
from reports.management.commands.bench import page_urls
from reports.models import FigureValue, ReportingRound, Submission

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bench_data uses PostgreSQL COPY"
)


@postgres_only
@pytest.mark.django_db
def test_bench_data_creates_consistent_rows() -> None:
    out = io.StringIO()
    call_command(
        "bench_data", provinces=2, agencies_per_province=6, years=2, last_year=2025, stdout=out
    )
    assert "Done in" in out.getvalue()
    rounds = ReportingRound.objects.all()
    assert rounds.count() == 2 * 2 * 2  # provinces × years × (mid-year, annual)
    assert Submission.objects.count() == 2 * 6 * 2 * 2
    # One submission per agency per round, and every agency of the province in every round.
    per_pair = Submission.objects.values("round_id", "agency_id").annotate(n=Count("pk"))
    assert {row["n"] for row in per_pair} == {1}
    for rnd in rounds:
        assert rnd.submissions.count() == 6
        assert {s.agency.parent_id for s in rnd.submissions.select_related("agency")} == {
            rnd.province_id
        }
    figures = FigureValue.objects.all()
    assert figures.exists()
    assert not figures.filter(women__gt=F("total")).exists()
    assert not figures.filter(Q(total__lt=0) | Q(women__lt=0) | Q(value__lt=0)).exists()
    # Accepted reports carry figures; sex-disaggregated ones both parts.
    accepted = Submission.objects.filter(status=Submission.Status.ACCEPTED)
    assert not accepted.filter(figures__isnull=True).exists()
    assert not figures.filter(element__kind="sex", women__isnull=True).exists()
    # A province-only figure is entered by the committee's office only.
    assert not figures.filter(
        element__code="lao-dong-co-viec-lam", submission__agency__hosts_committee=False
    ).exists()
    # The national catalogue's extra figures: an ordinary accepted report carries the 20
    # figures of the seeds' catalogue an agency enters, plus the 8 extra ones, so about 50
    # numbers (the "about fifty figures each").
    extra = bench.EXTRA_ELEMENTS[: bench.Spec.extra_elements]
    assert set(
        FigureValue.objects.filter(element__code__startswith="bench-")
        .values_list("element__code", flat=True)
        .distinct()
    ) == {f"bench-{code}" for code, _name in extra}
    ordinary = accepted.filter(agency__hosts_committee=False, version=3).first()
    numbers = sum(
        (f.total is not None) + (f.women is not None) + (f.value is not None)
        for f in ordinary.figures.all()
    )
    assert 45 <= numbers <= 52, numbers


@postgres_only
@pytest.mark.django_db
def test_bench_data_refuses_a_database_with_rounds() -> None:
    call_command("bench_data", provinces=1, agencies_per_province=2, years=1, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--reset"):
        call_command(
            "bench_data", provinces=1, agencies_per_province=2, years=1, stdout=io.StringIO()
        )
    # With --reset it starts again from nothing.
    call_command(
        "bench_data", provinces=1, agencies_per_province=3, years=1, reset=True,
        stdout=io.StringIO(),
    )  # fmt: skip
    assert Submission.objects.count() == 3 * 2


@pytest.mark.django_db
def test_bench_never_touches_a_production_like_database(monkeypatch) -> None:
    monkeypatch.setattr(bench, "database_name", lambda: "genderplan_production")
    with pytest.raises(bench.Refused, match="production"):
        bench.check_database(reset=True, require_postgres=False)


@pytest.mark.django_db
def test_bench_data_needs_postgresql() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("this database is PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench_data", provinces=1, stdout=io.StringIO())


def _tiny_world(agencies: int = 4) -> None:
    bench.generate(bench.Spec(provinces=2, agencies_per_province=agencies, years=2))


@pytest.mark.django_db(transaction=False)
def test_bench_quick_prints_json_with_every_key(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    _tiny_world()
    out = io.StringIO()
    call_command("bench", "--json", "--quick", stdout=out, stderr=io.StringIO())
    data = json.loads(out.getvalue())
    assert set(data) == {"meta", "rollup", "queries", "pages", "pdf", "targets"}
    assert data["meta"]["quick"] is True and data["meta"]["runs"] == 1
    for key in (
        "province_rollup",
        "province_grid",
        "province_dashboard",
        "national_one_indicator",
        "national_all_indicators",
    ):
        figure = data["rollup"][key]
        assert set(figure) >= {"seconds", "floor_seconds", "ratio", "seconds_cached"}, key
    assert data["rollup"]["national_provinces"] == 2
    queries = data["queries"]
    assert queries["agencies"] == [10, 40]
    for page in ("committee_dashboard", "agency_dashboard", "data_entry", "round_page"):
        assert len(queries[page]) == 2 and all(n > 0 for n in queries[page]), page
    assert queries["equal"] is True
    assert "skipped" in data["pages"]
    for doc in ("agency_report", "province_report"):
        figure = data["pdf"][doc]
        assert figure["pages"] >= 1 and figure["floor_pages"] >= 1
        assert set(figure) >= {"render_seconds", "floor_seconds", "ratio", "pages_per_second"}
    assert data["pdf"]["agency_report"]["sign_seconds"] is not None
    assert set(data["targets"]) >= {
        "rollup_national_le_2x_floor",
        "queries_equal_small_large",
        "dashboard_p95_lt_300ms_at_50_off",
        "dashboard_p95_lt_300ms_at_50_db",
        "pdf_agency_le_1_3x_floor",
        "agency_report_under_3s",
    }
    # Everything the command built for itself was rolled back.
    assert not Agency.objects.filter(code__startswith=("Q")).exists()
    assert not Agency.objects.filter(code__startswith=("R")).exists()


def _province(agencies: int) -> Agency:
    prefix = f"T{agencies}-"
    bench.generate(
        bench.Spec(
            provinces=1,
            agencies_per_province=agencies,
            years=2,
            code_prefix=prefix,
            with_events=True,
            with_activities=False,
        )
    )
    return Agency.objects.get(code=f"{prefix}00")


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_page_queries_do_not_grow_from_10_to_1000_agencies(django_assert_max_num_queries):
    small, large = _province(10), _province(1000)
    assert Submission.objects.filter(agency__parent=large).count() == 1000 * 2 * 2
    small_urls, large_urls = page_urls(small), page_urls(large)
    for page in ("committee_dashboard", "agency_dashboard", "data_entry", "round_page"):
        user, url = small_urls[page]
        client = _client(user)
        assert client.get(url).status_code == 200  # warm: content types, templates
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        budget = len(ctx.captured_queries)
        user, url = large_urls[page]
        client = _client(user)
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(budget) as large_ctx:
            assert client.get(url).status_code == 200
        assert len(large_ctx.captured_queries) == budget, page
