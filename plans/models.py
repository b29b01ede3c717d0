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
