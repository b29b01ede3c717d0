"""Deadline day: 200 agencies' staff save drafts and submit within one short window while
the committee reads its dashboard, against the real app server (gunicorn, 2 workers,
DEBUG off) on PostgreSQL, through real HTTP with CSRF and session login.

Afterwards: every submission stored exactly once (one "submitted" event each, even for
the staff who double-click Gửi), every figure where it belongs (each agency's numbers are
derived from its id, so a figure mixed up between agencies shows), late flags right by
construction (half the agencies report in a round whose deadline was yesterday), no 5xx.

Protection proven: the row lock in `services._lock` (select_for_update) plus the status
check made under it. Removing `.select_for_update()` from `_lock` lets two concurrent
submits of one report both pass the status check and record two "submitted" events
(the `events == 1` assertion then fails for the double-clicking agencies).

Bounded: 200 agencies × 6–7 requests plus the committee's reads, 8 client threads, all to
127.0.0.1; the load phase must finish within LOAD_BUDGET seconds or the test fails."""

from __future__ import annotations

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.utils import timezone

from indicators.models import DataElement
from plans.models import Agency, Membership
from reports import services
from reports.models import FigureValue, ReportingRound, Submission, SubmissionEvent
from tests.factories import DataElementFactory, domain
from tests.reliability.conftest import (
    WebUser,
    base_version,
    p95,
    require_postgres,
    server_env,
    start_gunicorn,
)

AGENCIES = 200
CLIENT_THREADS = 8
LOAD_BUDGET = 60.0  # seconds for the whole load phase
COMMITTEE_MAX_READS = 80
PASSWORD = "deadline-day-pw"


def _figures(agency_pk: int) -> dict[str, int]:
    """Distinct numbers per agency, derived from its id (women ≤ total)."""
    return {
        "total": 1000 + agency_pk,
        "women": 300 + agency_pk % 500,
        "count": 1 + agency_pk % 97,
    }


def _world():
    province = Agency.objects.create(
        code="LOAD", name="Ủy ban nhân dân tỉnh Thử tải", kind=Agency.Kind.PROVINCE
    )
    host = Agency.objects.create(
        code="LOAD-SNV",
        name="Sở Nội vụ",
        kind=Agency.Kind.DEPARTMENT,
        parent=province,
        hosts_committee=True,
    )
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                code=f"LOAD-{i:03d}",
                name=f"Sở thử tải số {i}",
                short_name=f"STT{i}",
                kind=Agency.Kind.DEPARTMENT,
                parent=province,
                doc_abbreviation=f"STT{i}",
            )
            for i in range(AGENCIES)
        ]
    )
    User = get_user_model()
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(username=f"load{i:03d}", password=hashed, first_name="Chuyên viên")
            for i in range(AGENCIES)
        ]
        + [User(username="load-committee", password=hashed)]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, agency=a, role=Membership.Role.STAFF)
            for u, a in zip(users, agencies, strict=False)
        ]
        + [Membership(user=users[-1], agency=host, role=Membership.Role.COMMITTEE)]
    )
    committee = users[-1]
    staff_el = DataElementFactory(code="load-cbccvc", name="Cán bộ, công chức, viên chức")
    count_el = DataElementFactory(
        code="load-truyen-thong",
        name="Hoạt động truyền thông",
        kind=DataElement.Kind.COUNT,
        unit="hoạt động",
        domain=domain(6),
    )
    today = timezone.localdate()
    half = AGENCIES // 2
    # Late by construction: the annual round's deadline was yesterday; the mid-year
    # round's is a month away.
    late_round = services.round_open(
        province=province,
        year=today.year,
        kind=ReportingRound.Kind.ANNUAL,
        actor=committee,
        agencies=agencies[:half],
        elements=[staff_el, count_el],
        deadline=today - datetime.timedelta(days=1),
    )
    on_time_round = services.round_open(
        province=province,
        year=today.year,
        kind=ReportingRound.Kind.MID_YEAR,
        actor=committee,
        agencies=agencies[half:],
        elements=[staff_el, count_el],
        deadline=today + datetime.timedelta(days=30),
    )
    return province, agencies, late_round, on_time_round


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deadline_day(tmp_path, collected_static, settings):
    require_postgres()
    province, agencies, late_round, on_time_round = _world()
    subs = {
        s.agency_id: s for s in Submission.objects.filter(round__in=[late_round, on_time_round])
    }
    assert len(subs) == AGENCIES
    users = {a.pk: f"load{i:03d}" for i, a in enumerate(agencies)}

    server = start_gunicorn(
        server_env(tmp_path / "media", collected_static), tmp_path / "gunicorn.log"
    )
    errors: list[str] = []
    all_logs: list[list[tuple[str, str, int, float]]] = []
    logs_lock = threading.Lock()
    start = time.monotonic()
    deadline = start + LOAD_BUDGET
    staff_done = threading.Event()

    def within_budget() -> None:
        if time.monotonic() > deadline:
            raise TimeoutError("load budget exceeded")

    def agency_journey(agency: Agency, index: int) -> None:
        web = WebUser(server.port)
        try:
            within_budget()
            login = web.login(users[agency.pk], PASSWORD)
            assert login.status == 302, f"login {login.status}"
            sub = subs[agency.pk]
            entry = f"/bao-cao/{sub.pk}/nhap-lieu/"
            page = web.request("GET", entry)
            assert page.status == 200, f"entry page {page.status}"
            version = base_version(page.body)
            assert version is not None
            nums = _figures(agency.pk)
            # Autosave, one block at a time, as the page's HTMX does.
            within_budget()
            r = web.request(
                "POST",
                f"/bao-cao/{sub.pk}/nhap-lieu/so-lieu/load-cbccvc/",
                {
                    "base_version": version,
                    "fig-load-cbccvc-total": f"{nums['total']:,}",
                    "fig-load-cbccvc-women": str(nums["women"]),
                },
                htmx=True,
            )
            assert r.status == 200 and "invalid-feedback" not in r.body, f"autosave {r.status}"
            version = base_version(r.body) or version
            r = web.request(
                "POST",
                f"/bao-cao/{sub.pk}/nhap-lieu/so-lieu/load-truyen-thong/",
                {"base_version": version, "fig-load-truyen-thong-value": str(nums["count"])},
                htmx=True,
            )
            assert r.status == 200 and "invalid-feedback" not in r.body, f"autosave {r.status}"
            version = base_version(r.body) or version
            within_budget()
            form = {
                "base_version": version,
                "fig-load-cbccvc-total": f"{nums['total']:,}".replace(",", "."),
                "fig-load-cbccvc-women": str(nums["women"]),
                "fig-load-truyen-thong-value": str(nums["count"]),
                "narrative-results": f"Kết quả của {agency.code}: {nums['count']} hoạt động.",
            }
            if index % 10 == 0:
                # The double click: two submits of the same form at once.
                with ThreadPoolExecutor(2) as pair:
                    second = WebUser(server.port, cookies=dict(web.cookies))
                    outcomes = list(
                        pair.map(
                            lambda w: w.request("POST", f"{entry}gui/", form),
                            [web, second],
                        )
                    )
                web.log.extend(second.log)
                assert all(o.status in (200, 302) for o in outcomes), [o.status for o in outcomes]
            else:
                r = web.request("POST", f"{entry}gui/", form)
                assert r.status == 302, f"submit {r.status}: {r.body[:300]}"
        except Exception as exc:  # collected and asserted below, with the agency
            errors.append(f"{agency.code}: {type(exc).__name__}: {exc}")
        finally:
            with logs_lock:
                all_logs.append(web.log)

    committee_reads: list[int] = []

    def committee_reader() -> None:
        web = WebUser(server.port)
        try:
            assert web.login("load-committee", PASSWORD).status == 302
            pages = [
                f"/bang-dieu-khien/?ky={late_round.pk}",
                f"/ky-bao-cao/{late_round.pk}/",
                f"/ky-bao-cao/{on_time_round.pk}/",
            ]
            n = 0
            while not staff_done.is_set() and n < COMMITTEE_MAX_READS:
                within_budget()
                r = web.request("GET", pages[n % len(pages)])
                committee_reads.append(r.status)
                n += 1
                time.sleep(0.2)
        except Exception as exc:
            errors.append(f"committee: {type(exc).__name__}: {exc}")
        finally:
            with logs_lock:
                all_logs.append(web.log)

    reader = threading.Thread(target=committee_reader)
    try:
        reader.start()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            list(pool.map(agency_journey, agencies, range(AGENCIES)))
        staff_done.set()
        reader.join(timeout=30)
    finally:
        staff_done.set()
        server.stop()
    elapsed = time.monotonic() - start

    requests = [entry for log in all_logs for entry in log]
    server_errors = [e for e in requests if e[2] >= 500]
    latencies = [e[3] for e in requests]
    events = dict(
        SubmissionEvent.objects.filter(to_status=Submission.Status.SUBMITTED)
        .values_list("submission_id")
        .annotate(n=Count("pk"))
        .values_list("submission_id", "n")
    )
    stored = Submission.objects.filter(pk__in=[s.pk for s in subs.values()]).select_related("round")
    figures = FigureValue.objects.filter(submission__in=stored).select_related("element")
    by_sub: dict[int, dict[str, FigureValue]] = {}
    for f in figures:
        by_sub.setdefault(f.submission_id, {})[f.element.code] = f
    late = [s for s in stored if s.is_late]
    print(
        f"\ndeadline day: {len(requests)} requests in {elapsed:.1f} s "
        f"({len(requests) / max(elapsed, 0.001):.0f}/s), {AGENCIES} agencies, "
        f"{sum(1 for s in stored if s.status == Submission.Status.SUBMITTED)} submitted, "
        f"{sum(events.values())} submit events, {len(figures)} figures, "
        f"{len(late)} late, committee reads {len(committee_reads)}, "
        f"5xx {len(server_errors)}, client errors {len(errors)}, "
        f"p95 {p95(latencies) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
    )
    assert not errors, errors[:10]
    assert not server_errors, server_errors[:10]
    assert elapsed <= LOAD_BUDGET
    assert committee_reads and all(code == 200 for code in committee_reads), committee_reads
    for sub in stored:
        assert sub.status == Submission.Status.SUBMITTED, sub.agency_name
        assert events.get(sub.pk) == 1, f"{sub.agency_name}: {events.get(sub.pk)} submit events"
        nums = _figures(sub.agency_id)
        got = by_sub[sub.pk]
        assert len(got) == 2
        assert got["load-cbccvc"].total == nums["total"], sub.agency_name
        assert got["load-cbccvc"].women == nums["women"], sub.agency_name
        assert got["load-truyen-thong"].value == nums["count"], sub.agency_name
        assert sub.results.startswith(f"Kết quả của {sub.agency.code}:")
        assert sub.is_late == (sub.round_id == late_round.pk), sub.agency_name
    assert len(late) == AGENCIES // 2
    assert not Submission.objects.filter(
        Q(round__in=[late_round, on_time_round]) & ~Q(status=Submission.Status.SUBMITTED)
    ).exists()
