"""Demo reporting rounds for Hà Tĩnh: annual 2022–2024 and 2025, a 2025 mid-year round with
a realistic mix (accepted, returned, late, missing, in draft) and the current 2026 annual
round, open. Figures are plausible and consistent (women ≤ total, slow trends), drawn
from a generator seeded by agency and year so every run gives the same numbers.

Everything goes through the services, as a clerk, a director and the committee would do
it; only the timestamps are moved back afterwards so the history reads as it happened."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from indicators.models import DataElement
from plans.models import Agency, Membership
from reports import services
from reports.models import ReportingRound, Submission, SubmissionEvent

F = services.FigureInput
PROVINCE_ONLY = {
    "dai-bieu-quoc-hoi", "dai-bieu-hdnd", "lao-dong-co-viec-lam", "lao-dong-huong-luong",
    "lao-dong-nong-nghiep", "chu-doanh-nghiep",
}  # fmt: skip

NARRATIVE = {
    "results": (
        "Cơ quan đã quán triệt Luật Bình đẳng giới và Chiến lược quốc gia về bình đẳng giới "
        "đến toàn thể cán bộ, công chức, viên chức; tổ chức các hoạt động nhân ngày Quốc tế "
        "Phụ nữ 08/3, ngày Phụ nữ Việt Nam 20/10 và Tháng hành động vì bình đẳng giới."
    ),
    "shortcomings": "Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý chưa đạt chỉ tiêu kế hoạch.",
    "causes": "Nguồn cán bộ nữ trong diện quy hoạch còn mỏng; một số vị trí đặc thù.",
    "directions": "Tiếp tục đào tạo, bồi dưỡng, tạo nguồn cán bộ nữ trong quy hoạch.",
    "proposals": "Đề nghị Ban VSTBPN tỉnh tổ chức lớp tập huấn kỹ năng lồng ghép giới.",
}


def _figures(agency: Agency, year: int, half: bool, elements: list[DataElement]) -> dict[str, F]:
    rng = random.Random(f"{agency.code}-{year}-{half}")
    base = random.Random(agency.code)  # the agency's size does not jump from year to year
    staff = base.randint(28, 140) + (year - 2022) * base.randint(0, 2)
    women_share = base.uniform(0.35, 0.62)
    staff_w = round(staff * women_share)
    lead = max(4, round(staff * 0.18))
    lead_share = min(0.6, base.uniform(0.18, 0.34) + (year - 2022) * 0.015)
    out: dict[str, F] = {}

    def sex(code: str, total: int, share: float) -> None:
        total = max(total, 0)
        out[code] = F(total=str(total), women=str(min(total, max(0, round(total * share)))))

    for el in elements:
        c = el.code
        if c in PROVINCE_ONLY and not agency.hosts_committee:
            continue
        match c:
            case "cbccvc":
                out[c] = F(total=str(staff), women=str(staff_w))
            case "lanh-dao-quan-ly":
                sex(c, lead, lead_share)
            case "quy-hoach-lanh-dao":
                sex(c, round(lead * 1.4), lead_share + 0.08)
            case "cap-uy-vien":
                sex(c, base.randint(5, 9), lead_share)
            case "dang-vien":
                sex(c, round(staff * 0.62), women_share - 0.03)
            case "ket-nap-dang":
                sex(c, rng.randint(1, 4), 0.5)
            case "co-quan-lanh-dao-nu":
                out[c] = F(value="Có" if base.random() < 0.45 else "Không")
            case "don-vi-truc-thuoc":
                sex(c, base.randint(2, 7), 0.3)
            case "bo-tri-phu-hop":
                out[c] = F(total=str(staff), women=str(staff_w))
            case "tuyen-dung":
                sex(c, rng.randint(1, 6), 0.5)
            case "chuyen-vien-chinh":
                sex(c, round(staff * 0.3), women_share - 0.05)
            case "vu-bao-luc-gia-dinh":
                out[c] = F(value="0" if rng.random() < 0.9 else "1")
            case "kham-suc-khoe":
                out[c] = F(
                    total=str(staff - rng.randint(0, 3)), women=str(staff_w - rng.randint(0, 2))
                )
            case "kham-thai":
                births = rng.randint(0, 3)
                out[c] = F(total=str(births), women=str(births))
            case "nao-pha-thai":
                out[c] = F(value="0")
            case "boi-duong":
                sex(c, round(staff * rng.uniform(0.3, 0.6)), women_share)
            case "ngoai-ngu":
                sex(c, round(staff * 0.35), women_share)
            case "tap-huan-binh-dang-gioi":
                sex(c, round(staff * rng.uniform(0.2, 0.5)), women_share + 0.05)
            case "hoat-dong-truyen-thong":
                out[c] = F(value=str(rng.randint(1, 4) if half else rng.randint(2, 8)))
            case "bai-viet":
                out[c] = F(value=str(rng.randint(0, 5) if half else rng.randint(2, 12)))
            case "dai-bieu-quoc-hoi":
                sex(c, 7, 0.43)
            case "dai-bieu-hdnd":
                sex(c, 56, 0.27 + (year - 2022) * 0.01)
            case "lao-dong-co-viec-lam":
                sex(c, 680_000, 0.48)
            case "lao-dong-huong-luong":
                sex(c, 210_000, 0.41)
            case "lao-dong-nong-nghiep":
                sex(c, 300_000, 0.52)
            case "chu-doanh-nghiep":
                sex(c, 4_100, 0.24)
    return out


def _explain_big_changes(sub: Submission, actor) -> None:
    """Add a reason wherever the figure moved more than half against last round."""
    flagged = {p.field for p in services.submission_problems(sub) if "quá 50%" in p.message}
    if not flagged:
        return
    figs = {f.element.code: f for f in sub.figures.select_related("element")}
    changes = {
        code: F(
            total=figs[code].total,
            women=figs[code].women,
            value=figs[code].value,
            explanation="Biến động do sắp xếp tổ chức bộ máy và tuyển dụng mới trong năm.",
        )
        for code in flagged
    }
    sub.refresh_from_db()
    services.submission_save_draft(
        submission=sub,
        actor=actor,
        base_version=sub.version,
        changes=services.DraftChanges(figures=changes),
    )


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _backdate(sub: Submission, sent_on: datetime.date | None) -> None:
    """Make the workflow timestamps read as if it happened around the round's deadline."""
    if sent_on is None:
        return
    events = list(sub.events.order_by("at", "pk"))
    for offset, event in enumerate(events):
        SubmissionEvent.objects.filter(pk=event.pk).update(
            at=_at(sent_on + datetime.timedelta(days=offset * 2))
        )
    Submission.objects.filter(pk=sub.pk).update(
        first_submitted_at=_at(sent_on),
        submitted_at=_at(sent_on),
        approved_at=_at(sent_on + datetime.timedelta(days=2)) if sub.approved_at else None,
        accepted_at=_at(sent_on + datetime.timedelta(days=4)) if sub.accepted_at else None,
    )


def _people(agency: Agency, admin):
    staff = Membership.objects.filter(agency=agency, role=Membership.Role.STAFF).first()
    leader = Membership.objects.filter(agency=agency, role=Membership.Role.LEADER).first()
    return (staff.user if staff else admin), (leader.user if leader else admin)


# outcome codes: A accepted · P approved (waiting for the committee) · S submitted (waiting
# for the director) · R returned · D draft, partly filled · M missing (nothing entered)
def _outcome(agency: Agency, rnd: ReportingRound) -> tuple[str, int]:
    """What happened to this agency's report, and how many days after the deadline it
    was sent (negative: before)."""
    rng = random.Random(f"outcome-{agency.code}-{rnd.year}-{rnd.kind}")
    if rnd.status == ReportingRound.Status.OPEN:  # the current round: work in progress
        if agency.code == "HT-SNGV":
            return "D", 0  # chị Lan's report: the journey starts here
        return rng.choice("DDDMSSPA"), rng.randint(-12, -2)
    if agency.code == "HT-SNGV":  # the journeys' agency has a complete history to compare with
        return "A", -2
    if rnd.kind == ReportingRound.Kind.MID_YEAR:
        return rng.choice("AAAAAAPRRSDMM"), rng.choice([-5, -3, -1, 0, 2, 5, 9])
    return rng.choice("AAAAAAAAAM" if rnd.year == 2022 else "AAAAAAAAAAAR"), rng.choice(
        [-6, -4, -2, -1, 0, 1, 3]
    )


@transaction.atomic
def seed_rounds(agencies: dict[str, Agency]) -> list[ReportingRound]:
    User = get_user_model()
    admin = User.objects.get(username="admin")
    committee = User.objects.get(username="hoa")
    province = agencies["HT"]
    elements = list(DataElement.objects.filter(active=True).order_by("domain__number", "order"))
    plan = [
        (2022, ReportingRound.Kind.ANNUAL, ReportingRound.Status.CLOSED),
        (2023, ReportingRound.Kind.ANNUAL, ReportingRound.Status.CLOSED),
        (2024, ReportingRound.Kind.ANNUAL, ReportingRound.Status.CLOSED),
        (2025, ReportingRound.Kind.MID_YEAR, ReportingRound.Status.CLOSED),
        (2025, ReportingRound.Kind.ANNUAL, ReportingRound.Status.CLOSED),
        (2026, ReportingRound.Kind.ANNUAL, ReportingRound.Status.OPEN),
    ]
    rounds = []
    for year, kind, status in plan:
        existing = ReportingRound.objects.filter(province=province, year=year, kind=kind).first()
        if existing:  # idempotent: a round once seeded is left as the user may have changed it
            rounds.append(existing)
            continue
        rnd = services.round_open(
            province=province, year=year, kind=kind, actor=committee, elements=elements
        )
        ReportingRound.objects.filter(pk=rnd.pk).update(
            status=status, opened_at=_at(rnd.window_end - datetime.timedelta(days=30))
        )
        rnd.refresh_from_db()
        for sub in rnd.submissions.select_related("agency", "round"):
            _play(sub, rnd, admin, committee, elements)
        rounds.append(rnd)
    return rounds


def _play(sub: Submission, rnd: ReportingRound, admin, committee, elements) -> None:
    outcome, days = _outcome(sub.agency, rnd)
    if outcome == "M":
        return
    staff, leader = _people(sub.agency, admin)
    half = rnd.kind == ReportingRound.Kind.MID_YEAR
    figures = _figures(sub.agency, rnd.year, half, elements)
    if outcome == "D":  # half done: the first two domains only
        figures = {k: v for i, (k, v) in enumerate(figures.items()) if i < 8}
    narrative = NARRATIVE if outcome != "D" else {"results": NARRATIVE["results"]}
    services.submission_save_draft(
        submission=sub,
        actor=staff,
        base_version=sub.version,
        changes=services.DraftChanges(figures=figures, narrative=narrative),
    )
    sub.refresh_from_db()
    services.activity_save(
        submission=sub,
        actor=staff,
        held_on=max(rnd.window_start, min(rnd.window_end, datetime.date(rnd.year, 3, 8))),
        kind="event",
        title="Gặp mặt nữ cán bộ nhân ngày Quốc tế Phụ nữ 08/3",
        participants_total=int(figures["cbccvc"].total),
        participants_women=int(figures["cbccvc"].women),
    )
    if outcome == "D":
        return
    _explain_big_changes(sub, staff)
    sub.refresh_from_db()
    services.submission_submit(submission=sub, actor=staff)
    if outcome in "APR":
        services.submission_approve(submission=sub, actor=leader)
    if outcome == "R":
        services.submission_return(
            submission=sub,
            actor=committee,
            reason="Số lãnh đạo, quản lý chưa khớp với quyết định bổ nhiệm; đề nghị kiểm tra lại.",
            comments={"lanh-dao-quan-ly": "Đối chiếu với danh sách bổ nhiệm tại ngày 14/12."},
        )
    if outcome == "A":
        services.submission_accept(submission=sub, actor=committee)
    sub.refresh_from_db()
    _backdate(sub, rnd.deadline + datetime.timedelta(days=days))


def summary(rounds: list[ReportingRound]) -> list[str]:
    lines = []
    for rnd in rounds:
        counts = {s: 0 for s in Submission.Status.values}
        for status in rnd.submissions.values_list("status", flat=True):
            counts[status] += 1
        shown = ", ".join(
            f"{Submission.Status(k).label.lower()}: {v}" for k, v in counts.items() if v
        )
        lines.append(f"  {rnd} (hạn {rnd.deadline:%d/%m/%Y}): {shown}")
    return lines
