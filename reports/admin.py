"""Admin for reporting data: for looking things up and fixing a round's deadline or status.

Submissions, figures and their workflow are read-only here: every change to them must
go through reports/services.py, which checks the rules and records who did what."""

from __future__ import annotations

from django.contrib import admin

from genderplan.history_admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin
from reports.models import (
    FieldComment,
    FigureValue,
    Notification,
    ReportingRound,
    Submission,
    SubmissionEvent,
)


class ReadOnlyMixin:
    """No adding, changing or deleting: the admin only shows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "province", "window_start", "window_end", "deadline", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["province__name"]
    # Opening a round creates submissions and notices: that is the "Mở kỳ báo cáo" page's
    # job. Here only the deadline and the status may be corrected.
    readonly_fields = [
        "province",
        "year",
        "kind",
        "window_start",
        "window_end",
        "elements",
        "opened_by",
        "opened_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FigureInline(ReadOnlyMixin, admin.TabularInline):
    model = FigureValue
    fields = ["element", "total", "women", "value", "explanation", "updated_by", "updated_at"]
    readonly_fields = fields
    extra = 0


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = SubmissionEvent
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["agency_name", "round", "status", "first_submitted_at", "accepted_at"]
    list_filter = ["status", "round"]
    search_fields = ["agency_name", "agency__code"]
    list_select_related = ["round"]
    inlines = [FigureInline, EventInline]


@admin.register(FigureValue)
class FigureValueAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["submission", "element", "total", "women", "value", "updated_at"]
    list_filter = ["element__domain", "submission__round"]
    search_fields = ["submission__agency_name", "element__code", "element__name"]
    list_select_related = ["submission", "submission__round", "element"]


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["submission", "at", "actor", "from_status", "to_status"]
    list_filter = ["to_status"]
    list_select_related = ["submission", "submission__round", "actor"]


@admin.register(FieldComment)
class FieldCommentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["submission", "field", "author", "created_at"]
    list_select_related = ["submission", "submission__round", "author"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]


from reports import admin_documents  # noqa: E402, F401  (documents, signing credentials)
