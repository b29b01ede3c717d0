"""Admin for the indicator catalogue: the administrator keeps domains, data elements and
indicators up to date here after the data migration has loaded them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from genderplan.history_admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin
from indicators.models import DataElement, Domain, Indicator


class CodeLockedAfterCreate:
    """Codes are referenced from code (indicators.catalogue) and from saved targets'
    structured readings: renaming one would silently detach them, so it is set once."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        base = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return (*base, "code") if obj is not None else base


class DataElementInline(admin.TabularInline):
    model = DataElement
    fields = ["order", "code", "name", "kind", "unit", "required", "active"]
    readonly_fields = ["code", "name", "kind", "unit", "required", "active"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("số liệu thuộc lĩnh vực")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # New elements are added on their own page, where the help text can be written.
        return False


@admin.register(Domain)
class DomainAdmin(CodeLockedAfterCreate, admin.ModelAdmin):
    # Domain has no history model (the six domains are fixed by the strategy), so the
    # plain ModelAdmin: SimpleHistoryAdmin's history view would have nothing to show.
    list_display = ["number", "code", "name"]
    list_display_links = ["number", "name"]
    search_fields = ["code", "name"]
    ordering = ["number"]
    inlines = [DataElementInline]


@admin.register(DataElement)
class DataElementAdmin(CodeLockedAfterCreate, SimpleHistoryAdmin):
    list_display = ["code", "name", "domain", "kind", "unit", "order", "required", "active"]
    list_display_links = ["code", "name"]
    list_editable = ["order", "required", "active"]
    list_filter = ["domain", "kind", "required", "active"]
    search_fields = ["code", "name", "help_text", "total_label", "part_label"]
    list_select_related = ["domain"]
    ordering = ["domain__number", "order", "code"]
    fieldsets = [
        (None, {"fields": ["code", "domain", "name", "kind", "unit", "order"]}),
        (_("Hướng dẫn nhập"), {"fields": ["help_text", "total_label", "part_label"]}),
        (_("Sử dụng"), {"fields": ["required", "active"]}),
    ]


@admin.register(Indicator)
class IndicatorAdmin(CodeLockedAfterCreate, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "domain",
        "kind",
        "numerator",
        "numerator_part",
        "denominator",
        "denominator_part",
        "direction",
        "unit",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["domain", "kind", "direction"]
    search_fields = ["code", "name", "help_text", "numerator__name", "denominator__name"]
    list_select_related = ["domain", "numerator", "denominator"]
    autocomplete_fields = ["numerator", "denominator"]
    ordering = ["domain__number", "order", "code"]
    fieldsets = [
        (None, {"fields": ["code", "domain", "name", "kind", "direction", "unit", "order"]}),
        (
            _("Cách tính"),
            {
                "fields": ["numerator", "numerator_part", "denominator", "denominator_part"],
                "description": _(
                    "Tỷ lệ = tử số / mẫu số × 100. Khi cộng nhiều cơ quan, cộng tử số và mẫu "
                    "số rồi mới chia, không lấy trung bình các tỷ lệ."
                ),
            },
        ),
        (_("Giải thích"), {"fields": ["help_text"]}),
    ]
