"""Agencies (cơ quan, đơn vị), who works where, and the plans they issue."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> AgencyQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def within(self, agency: Agency) -> AgencyQuerySet:
        """The agency and everything under it. The tree is at most three levels deep
        (province → department/commune → sub-unit), so two joins reach every descendant."""
        return self.filter(Q(pk=agency.pk) | Q(parent=agency) | Q(parent__parent=agency))


class Agency(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("UBND tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE = "commune", _("Xã, phường")
        SUBUNIT = "subunit", _("Phòng, đơn vị trực thuộc")

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản (dòng đầu văn bản)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: UBND TỈNH HÀ TĨNH. In ở góc trái đầu văn bản."),
    )
    doc_abbreviation = models.CharField(
        _("chữ viết tắt trong số văn bản"),
        max_length=30,
        blank=True,
        help_text=_("Ví dụ: SNgV trong “12/KH-SNgV”."),
    )
    place_name = models.CharField(
        _("địa danh ghi ngày văn bản"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Hà Tĩnh trong “Hà Tĩnh, ngày 06 tháng 9 năm 2021”."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Sau sáp nhập, đổi tên hoặc chuyển giao nhiệm vụ."),
    )
    hosts_committee = models.BooleanField(
        _("là cơ quan thường trực Ban VSTBPN tỉnh"),
        default=False,
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="agency_valid_range",
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
            ),
            models.CheckConstraint(
                name="agency_province_has_no_parent",
                condition=~Q(kind="province") | Q(parent__isnull=True),
            ),
            models.CheckConstraint(
                name="agency_non_province_has_parent",
                condition=Q(kind="province") | Q(parent__isnull=False),
            ),
            # One standing office per province: the host is a direct child of the province.
            models.UniqueConstraint(
                fields=["parent"],
                condition=Q(hosts_committee=True),
                name="agency_one_committee_host_per_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    @property
    def province(self) -> Agency:
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("Chuyên viên")
        LEADER = "leader", _("Lãnh đạo")
        COMMITTEE = "committee", _("Ban VSTBPN tỉnh")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân công người dùng")
        verbose_name_plural = _("phân công người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.display_short}"


class Plan(models.Model):
    """Kế hoạch: a province's, department's or commune's plan, as issued on paper."""

    class Kind(models.TextChoices):
        MULTI_YEAR = "multi_year", _("Kế hoạch giai đoạn")
        ANNUAL = "annual", _("Kế hoạch năm")
        CAMPAIGN = "campaign", _("Kế hoạch đợt, chiến dịch")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        ARCHIVED = "archived", _("Lưu trữ")

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(_("loại kế hoạch"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    number = models.PositiveIntegerField(
        _("số"), null=True, blank=True, help_text=_("Để trống nếu văn bản chưa có số.")
    )
    symbol = models.CharField(
        _("ký hiệu"), max_length=40, blank=True, help_text=_("Ví dụ: KH-UBND, KH-SNgV.")
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(
        _("trích yếu"), help_text=_("Dòng dưới chữ KẾ HOẠCH, ví dụ: Thực hiện Chiến lược …")
    )
    period_start = models.PositiveSmallIntegerField(_("từ năm"))
    period_end = models.PositiveSmallIntegerField(_("đến năm"))
    campaign_start = models.DateField(_("đợt từ ngày"), null=True, blank=True)
    campaign_end = models.DateField(_("đợt đến ngày"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện kế hoạch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    parent_reference = models.TextField(
        _("căn cứ / thực hiện văn bản"),
        blank=True,
        help_text=_("Câu mở đầu “Căn cứ …/Thực hiện …” đúng như văn bản gốc."),
    )
    legal_bases = models.TextField(
        _("các căn cứ pháp lý"), blank=True, help_text=_("Mỗi căn cứ một dòng.")
    )
    purpose = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    general_objective = models.TextField(_("mục tiêu tổng quát"), blank=True)
    closing = models.TextField(_("câu kết"), blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng, dòng cuối “Lưu: VT, …”.")
    )
    signer_authority = models.CharField(
        _("quyền hạn ký"), max_length=60, blank=True, help_text=_("Ví dụ: KT. GIÁM ĐỐC")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=100, blank=True, help_text=_("Ví dụ: PHÓ GIÁM ĐỐC")
    )
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-period_start", "agency__code", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                name="plan_period_order", condition=Q(period_end__gte=models.F("period_start"))
            ),
            models.CheckConstraint(
                name="plan_campaign_dates_order",
                condition=Q(campaign_start__isnull=True)
                | Q(campaign_end__isnull=True)
                | Q(campaign_end__gte=models.F("campaign_start")),
            ),
            models.UniqueConstraint(
                fields=["agency", "symbol", "number", "issued_on"],
                condition=Q(number__isnull=False),
                name="plan_unique_number_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('Kế hoạch (chưa có số)')} — {self.title[:80]}"

    @property
    def reference(self) -> str:
        """Số và ký hiệu, e.g. "298/KH-UBND"."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}" if self.symbol else f"{self.number:02d}"

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.CAMPAIGN and self.campaign_start and self.campaign_end:
            return f"{self.campaign_start:%d/%m/%Y} – {self.campaign_end:%d/%m/%Y}"
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start} – {self.period_end}"


class PlanSection(models.Model):
    """A numbered part of the plan's body as the document has it ("II.", "2.1.", "a)"):
    kept so the plan reads like its original; tasks hang off sections."""

    class Part(models.TextChoices):
        PURPOSE = "purpose", _("Mục đích, yêu cầu")
        OBJECTIVES = "objectives", _("Mục tiêu")
        CONTENT = "content", _("Nội dung, nhiệm vụ")
        SOLUTIONS = "solutions", _("Giải pháp")
        ORGANIZATION = "organization", _("Tổ chức thực hiện")
        OTHER = "other", _("Khác")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    part = models.CharField(_("phần"), max_length=20, choices=Part.choices, default=Part.CONTENT)
    number = models.CharField(
        _("số mục"), max_length=20, blank=True, help_text=_("Ví dụ: II, 2.1, a")
    )
    heading = models.TextField(_("tiêu đề mục"))
    body = models.TextField(_("nội dung"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.heading[:60]}".strip()


class Target(models.Model):
    """Chỉ tiêu: one line of an objective, with its original wording and, where measurable,
    a structured reading that `plans.evaluation` can score against reported values."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", _("Ngưỡng (≥, >, ≤, <, =)")
        RANGE = "range", _("Khoảng (từ … đến …)")
        ALL = "all", _("100% một nhóm")
        FREQUENCY = "frequency", _("Ít nhất N lần mỗi kỳ")
        ZERO = "zero", _("Không có trường hợp nào")
        QUALITATIVE = "qualitative", _("Định tính (báo cáo bằng lời)")

    class Comparator(models.TextChoices):
        GE = "ge", "≥"
        GT = "gt", ">"
        LE = "le", "≤"
        LT = "lt", "<"
        EQ = "eq", "="
        RANGE = "range", _("từ … đến …")

    class Period(models.TextChoices):
        YEAR = "year", _("mỗi năm")
        HALF_YEAR = "half_year", _("mỗi 6 tháng")
        QUARTER = "quarter", _("mỗi quý")
        MONTH = "month", _("mỗi tháng")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    domain = models.ForeignKey(
        "indicators.Domain",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    wording = models.TextField(_("nguyên văn"), help_text=_("Câu chỉ tiêu đúng như trong văn bản."))
    kind = models.CharField(_("dạng chỉ tiêu"), max_length=20, choices=Kind.choices)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("đo bằng chỉ tiêu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )
    comparator = models.CharField(
        _("so sánh"), max_length=10, choices=Comparator.choices, blank=True
    )
    unit = models.CharField(_("đơn vị"), max_length=30, blank=True, default="%")
    per_period = models.CharField(
        _("mỗi kỳ"),
        max_length=20,
        choices=Period.choices,
        blank=True,
        help_text=_("Cho chỉ tiêu tần suất: ít nhất N hoạt động mỗi năm/tháng."),
    )
    maintain_until = models.PositiveSmallIntegerField(
        _("duy trì đến năm"),
        null=True,
        blank=True,
        help_text=_("“… đến năm 2025 và duy trì đến năm 2030”: 2030."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("năm cơ sở"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("giá trị cơ sở"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "domain__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="target_measurable_has_comparator",
                condition=Q(kind="qualitative") | ~Q(comparator=""),
            ),
            models.CheckConstraint(
                name="target_range_comparator",
                condition=~Q(kind="range") | Q(comparator="range"),
            ),
            models.CheckConstraint(
                name="target_frequency_has_period",
                condition=~Q(kind="frequency") | ~Q(per_period=""),
            ),
        ]

    def __str__(self) -> str:
        return self.wording[:100]


class Milestone(models.Model):
    """The value a target asks for, by year. `year` empty means every year of the plan
    ("100% nữ CBCCVC …" with no date). A range keeps its upper bound in `value_high`."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    value_high = models.DecimalField(
        _("giá trị cận trên"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mốc chỉ tiêu")
        verbose_name_plural = _("mốc chỉ tiêu")
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="milestone_one_per_year"),
            models.UniqueConstraint(
                fields=["target"], condition=Q(year__isnull=True), name="milestone_one_every_year"
            ),
            models.CheckConstraint(
                name="milestone_range_order",
                condition=Q(value_high__isnull=True) | Q(value_high__gte=models.F("value")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year or '—'}: {self.value}"


class Task(models.Model):
    """Nhiệm vụ, giải pháp: what is to be done, by whom, when."""

    class Recurrence(models.TextChoices):
        ONCE = "once", _("Một lần (theo hạn)")
        YEARLY = "yearly", _("Hằng năm")
        HALF_YEARLY = "half_yearly", _("6 tháng một lần")
        QUARTERLY = "quarterly", _("Hằng quý")
        MONTHLY = "monthly", _("Hằng tháng")
        DATED = "dated", _("Vào ngày, dịp cố định (08/3, 20/10, 15/11–15/12)")
        ONGOING = "ongoing", _("Thường xuyên")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        PlanSection,
        verbose_name=_("thuộc mục"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    description = models.TextField(_("nội dung nhiệm vụ"))
    lead_unit = models.CharField(_("đơn vị chủ trì"), max_length=255, blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị chủ trì (trong hệ thống)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_tasks",
    )
    cooperating_units = models.TextField(_("đơn vị phối hợp"), blank=True)
    recurrence = models.CharField(
        _("thời hạn, tần suất"),
        max_length=20,
        choices=Recurrence.choices,
        default=Recurrence.ONGOING,
    )
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    schedule = models.CharField(
        _("thời gian cụ thể"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: 08/3; 20/10; 15/11–15/12; trước 10/12."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.description[:100]


class ReportingDuty(models.Model):
    """Chế độ báo cáo: which report is due when, and to whom."""

    class Kind(models.TextChoices):
        MID_YEAR = "mid_year", _("Báo cáo sơ kết 6 tháng")
        ANNUAL = "annual", _("Báo cáo tổng kết năm")
        FINAL = "final", _("Báo cáo kết thúc kế hoạch, đợt")
        OTHER = "other", _("Báo cáo khác")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_duties")
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices)
    deadline_day = models.PositiveSmallIntegerField(_("hạn: ngày"), null=True, blank=True)
    deadline_month = models.PositiveSmallIntegerField(_("hạn: tháng"), null=True, blank=True)
    recipient = models.CharField(_("gửi tới"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["plan", "deadline_month", "deadline_day"]
        constraints = [
            models.CheckConstraint(
                name="duty_deadline_valid",
                condition=(
                    Q(deadline_day__isnull=True) | Q(deadline_day__gte=1, deadline_day__lte=31)
                )
                & (
                    Q(deadline_month__isnull=True)
                    | Q(deadline_month__gte=1, deadline_month__lte=12)
                ),
            ),
        ]

    def __str__(self) -> str:
        when = (
            f"{self.deadline_day:02d}/{self.deadline_month:02d}"
            if self.deadline_day and self.deadline_month
            else "—"
        )
        return f"{self.get_kind_display()} ({when})"
