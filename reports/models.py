"""Reporting rounds and what each agency reports in them.

A round (kỳ báo cáo) is opened by the province's committee; opening it creates one draft
Submission per required agency. Staff fill figures, activities, task progress, narrative
and evidence; the leader approves; the committee accepts (locks) or returns with reasons.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import DataElement
from plans.models import Agency, Task


class ReportingRound(models.Model):
    class Kind(models.TextChoices):
        MID_YEAR = "mid_year", _("Sơ kết 6 tháng")
        ANNUAL = "annual", _("Tổng kết năm")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận báo cáo")
        CLOSED = "closed", _("Đã đóng")

    province = models.ForeignKey(
        Agency,
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="rounds",
        limit_choices_to={"kind": Agency.Kind.PROVINCE},
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=Kind.choices)
    window_start = models.DateField(_("số liệu từ ngày"))
    window_end = models.DateField(_("số liệu đến ngày"))
    deadline = models.DateField(_("hạn nộp"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    elements = models.ManyToManyField(
        DataElement, verbose_name=_("số liệu yêu cầu"), related_name="rounds"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    opened_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[elements])

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "-kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "kind"], name="round_unique_per_province"
            ),
            models.CheckConstraint(
                name="round_window_order", condition=Q(window_end__gte=F("window_start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    @staticmethod
    def default_window(year: int, kind: str) -> tuple[datetime.date, datetime.date]:
        """The reporting regime's data window: a year's figures run 15/12 of the year
        before to 14/12; a half-year's from 15/12 to 14/6."""
        start = datetime.date(year - 1, 12, 15)
        if kind == ReportingRound.Kind.MID_YEAR:
            return start, datetime.date(year, 6, 14)
        return start, datetime.date(year, 12, 14)

    @staticmethod
    def default_deadline(year: int, kind: str) -> datetime.date:
        # Seeds: "trước 10/6 đối với báo cáo sơ kết và trước 10/12 đối với báo cáo tổng kết".
        return datetime.date(year, 6 if kind == ReportingRound.Kind.MID_YEAR else 12, 10)


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ lãnh đạo duyệt")
        APPROVED = "approved", _("Lãnh đạo đã duyệt, chờ Ban tiếp nhận")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    # Staff may change content only in these states; everything else is read-only.
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="submissions"
    )
    # The agency's name as filed: agencies merge and rename, old reports keep their name.
    agency_name = models.CharField(_("tên cơ quan khi báo cáo"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic lock: every content save bumps it; a save based on an older version
    # is refused so two people never silently overwrite each other.
    version = models.PositiveIntegerField(default=1)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lần gần nhất"), null=True, blank=True)
    approved_at = models.DateTimeField(_("lãnh đạo duyệt"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("Ban tiếp nhận"), null=True, blank=True)
    results = models.TextField(_("Kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("Tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("Nguyên nhân"), blank=True)
    directions = models.TextField(_("Phương hướng, nhiệm vụ thời gian tới"), blank=True)
    proposals = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    NARRATIVE_FIELDS = ("results", "shortcomings", "causes", "directions", "proposals")

    class Meta:
        verbose_name = _("báo cáo của cơ quan")
        verbose_name_plural = _("báo cáo của cơ quan")
        ordering = ["round", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="submission_one_per_round"),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.agency_name} — {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_late(self) -> bool:
        """Late when first sent after the deadline day (Vietnam time)."""
        if self.first_submitted_at is None:
            return False
        sent_day = timezone.localtime(self.first_submitted_at).date()
        return sent_day > self.round.deadline


class FigureValue(models.Model):
    """One reported figure. Sex-disaggregated elements use total and women (men is
    derived); counts use value; yes/no uses value 1/0."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="figures")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    women = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(
        _("giải trình"),
        blank=True,
        help_text=_("Bắt buộc khi số liệu thay đổi quá 50% so với kỳ trước."),
    )
    changed_in_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "element"], name="figure_one_per_element"
            ),
            models.CheckConstraint(
                name="figure_women_le_total",
                condition=Q(women__isnull=True) | Q(total__isnull=True) | Q(women__lte=F("total")),
            ),
            models.CheckConstraint(
                name="figure_non_negative",
                condition=(Q(total__isnull=True) | Q(total__gte=0))
                & (Q(women__isnull=True) | Q(women__gte=0))
                & (Q(value__isnull=True) | Q(value__gte=0)),
            ),
        ]
        indexes = [models.Index(fields=["element", "submission"])]

    def __str__(self) -> str:
        return f"{self.element.code}: {self.total}/{self.women}/{self.value}"

    @property
    def men(self) -> Decimal | None:
        if self.total is None or self.women is None:
            return None
        return self.total - self.women


class Activity(models.Model):
    class Kind(models.TextChoices):
        COMMUNICATION = "communication", _("Truyền thông")
        TRAINING = "training", _("Tập huấn")
        EVENT = "event", _("Sự kiện")
        OTHER = "other", _("Khác")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField(_("ngày tổ chức"))
    held_until = models.DateField(_("đến ngày"), null=True, blank=True)
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    participants_total = models.PositiveIntegerField(_("số người tham gia"), default=0)
    participants_women = models.PositiveIntegerField(_("trong đó nữ"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hoạt động đã tổ chức")
        verbose_name_plural = _("hoạt động đã tổ chức")
        ordering = ["submission", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="activity_women_le_total",
                condition=Q(participants_women__lte=F("participants_total")),
            ),
            models.CheckConstraint(
                name="activity_dates_order",
                condition=Q(held_until__isnull=True) | Q(held_until__gte=F("held_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        NOT_APPLICABLE = "na", _("Không áp dụng")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="task_progress"
    )
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        _("tiến độ"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ")
        verbose_name_plural = _("tiến độ nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="progress_one_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.get_status_display()}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Never trust the uploaded name for the path: a random name under the submission.
    return f"evidence/{instance.submission_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["submission", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class SubmissionEvent(models.Model):
    """One workflow transition: who, when, from, to, why. On a return it also keeps a
    snapshot of the content, so the resubmission can show what changed since."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Submission.Status.choices)
    to_status = models.CharField(max_length=20, choices=Submission.Status.choices)
    note = models.TextField(blank=True)
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class FieldComment(models.Model):
    """The committee's comment on one field, shown to staff next to that field.
    `field` is an element code, or a narrative field name."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    event = models.ForeignKey(
        SubmissionEvent, on_delete=models.CASCADE, related_name="comments", null=True
    )
    field = models.CharField(max_length=60)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ý kiến theo trường")
        verbose_name_plural = _("ý kiến theo trường")
        ordering = ["submission", "created_at"]

    def __str__(self) -> str:
        return f"{self.field}: {self.text[:60]}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", _("Báo cáo bị trả lại")
        ACCEPTED = "accepted", _("Báo cáo đã được tiếp nhận")
        SUBMITTED = "submitted", _("Báo cáo chờ duyệt")
        APPROVED = "approved", _("Báo cáo đã được lãnh đạo duyệt")
        DEADLINE = "deadline", _("Sắp đến hạn nộp")
        ROUND_OPENED = "round_opened", _("Mở kỳ báo cáo")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [
            # The deadline reminder goes out once per submission and user.
            models.UniqueConstraint(
                fields=["user", "submission", "kind"],
                condition=Q(kind="deadline"),
                name="notification_one_deadline_reminder",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:80]


# --------------------------------------------------------------------------------------
# Official documents (PDF) and the certificates they are signed with
# --------------------------------------------------------------------------------------
def document_path(instance: Document, filename: str) -> str:
    # Under MEDIA_ROOT, which this app never serves: files go out through views that check
    # access. The name is random so it says nothing about the agency or the content.
    return f"private/documents/{instance.year}/{uuid.uuid4().hex}.pdf"


def credential_path(instance: SigningCredential, filename: str) -> str:
    return f"private/signing/{instance.agency_id}/{uuid.uuid4().hex}.p12"


def credential_image_path(instance: SigningCredential, filename: str) -> str:
    return f"private/signing/{instance.agency_id}/{uuid.uuid4().hex}.png"


class Document(models.Model):
    """A rendered PDF in the official layout: a plan (KH), an agency's report (BC) or the
    province's consolidated report (BC). Rendered once from `snapshot`, a frozen copy of
    the data it shows; downloading it again returns the stored file, never a new render."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        SUBMISSION = "submission", _("Báo cáo của cơ quan")
        ROUND = "round", _("Báo cáo tổng hợp của tỉnh")

    class Status(models.TextChoices):
        RENDERING = "rendering", _("Đang tạo tệp PDF")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi khi tạo tệp")

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm ban hành"))
    type_code = models.CharField(_("mã loại văn bản"), max_length=4)  # KH, BC
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    # True when this system reserved the number (reports); a plan's PDF carries the number
    # the plan was issued with, or none for a draft.
    number_reserved = models.BooleanField(default=False)
    symbol = models.CharField(_("ký hiệu"), max_length=40)  # "BC-SNgV"
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    snapshot = models.JSONField(_("dữ liệu đã chốt"))
    # Hash of the snapshot without number and date: asking again for the same data
    # returns this document instead of reserving a new number.
    source_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.RENDERING
    )
    error = models.TextField(_("lỗi"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    render_started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    file = models.FileField(upload_to=document_path, max_length=255, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # Where the signature goes, in PDF points: {"page": 0, "box": [x1, y1, x2, y2]}.
    signature_box = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    signed_file = models.FileField(upload_to=document_path, max_length=255, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    signer_subject = models.CharField(_("chứng thư ký"), max_length=500, blank=True)
    signer_name = models.CharField(_("người/cơ quan ký"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_externally = models.BooleanField(_("ký bằng phần mềm khác"), default=False)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="document_one_source",
                condition=(
                    Q(kind="plan", plan__isnull=False, submission__isnull=True, round__isnull=True)
                    | Q(
                        kind="submission",
                        plan__isnull=True,
                        submission__isnull=False,
                        round__isnull=True,
                    )
                    | Q(
                        kind="round",
                        plan__isnull=True,
                        submission__isnull=True,
                        round__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="document_reserved_has_number",
                condition=Q(number_reserved=False) | Q(number__isnull=False),
            ),
            models.CheckConstraint(
                name="document_ready_has_file",
                condition=~Q(status="ready") | ~Q(sha256=""),
            ),
            # Numbers run from 01 each year per agency and type: 01/BC-SNgV, 02/BC-SNgV …
            models.UniqueConstraint(
                fields=["agency", "year", "type_code", "number"],
                condition=Q(number_reserved=True),
                name="document_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title[:80]}"

    @property
    def reference(self) -> str:
        """ "03/BC-SNgV", or "…/KH-SNgV" for a draft without a number."""
        if self.number is None:
            return f"…/{self.symbol}"
        return f"{self.number:02d}/{self.symbol}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_file)


class SigningCredential(models.Model):
    """An agency's certificate and key (PKCS#12), uploaded by the administrator.

    The file lives under MEDIA_ROOT/private, which is never served; the passphrase is kept
    only encrypted with a key derived from SECRET_KEY (reports/signing.py)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    label = models.CharField(_("tên gợi nhớ"), max_length=255, blank=True)
    pkcs12 = models.FileField(_("tệp chứng thư số (.p12, .pfx)"), upload_to=credential_path)
    passphrase_encrypted = models.TextField(_("mật khẩu (đã mã hóa)"), editable=False)
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=500, blank=True)
    certificate_issuer = models.CharField(_("tổ chức cấp"), max_length=500, blank=True)
    certificate_serial = models.CharField(_("số hiệu"), max_length=100, blank=True)
    not_valid_before = models.DateTimeField(_("hiệu lực từ"), null=True, blank=True)
    not_valid_after = models.DateTimeField(_("hiệu lực đến"), null=True, blank=True)
    signature_image = models.FileField(
        _("ảnh chữ ký (màu xanh, nền trong suốt)"),
        upload_to=credential_image_path,
        blank=True,
    )
    seal_image = models.FileField(
        _("ảnh con dấu (màu đỏ, nền trong suốt)"), upload_to=credential_image_path, blank=True
    )
    is_demo = models.BooleanField(
        _("chứng thư DEMO"),
        default=False,
        help_text=_("Chứng thư mẫu do seed_demo tạo; bị từ chối khi DEBUG tắt."),
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("chứng thư số của cơ quan")
        verbose_name_plural = _("chứng thư số của cơ quan")
        ordering = ["agency__code", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(active=True),
                name="signing_credential_one_active_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.certificate_subject or f"{self.agency} #{self.pk}"
