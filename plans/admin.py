from django.contrib import admin

from genderplan.history_admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin
from plans.models import (
    Agency,
    Membership,
    Milestone,
    Plan,
    PlanSection,
    ReportingDuty,
    Target,
    Task,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "hosts_committee"]
    list_filter = ["kind", "hosts_committee"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]


# --- plans -------------------------------------------------------------------------------
# The browser pages are where plans are written; the admin is for administrators to look
# at and repair data. Writes here skip the services' rules, so it stays a superuser tool.


class PlanSectionInline(admin.TabularInline):
    model = PlanSection
    extra = 0
    fields = ["part", "number", "heading", "order"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["domain", "order", "wording", "kind", "comparator", "unit", "maintain_until"]
    show_change_link = True


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["section", "order", "description", "lead_unit", "recurrence", "due_date"]
    autocomplete_fields = ["lead_agency"]


class ReportingDutyInline(admin.TabularInline):
    model = ReportingDuty
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agency", "kind", "period_start", "period_end", "status"]
    list_filter = ["kind", "status", "period_start"]
    search_fields = ["title", "symbol", "agency__name"]
    autocomplete_fields = ["agency", "parent"]
    list_select_related = ["agency"]
    inlines = [PlanSectionInline, TargetInline, TaskInline, ReportingDutyInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["wording", "plan", "domain", "kind", "comparator"]
    list_filter = ["kind", "domain"]
    search_fields = ["wording", "plan__title"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan", "domain"]
    inlines = [MilestoneInline]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["description", "plan", "lead_unit", "recurrence", "due_date"]
    list_filter = ["recurrence"]
    search_fields = ["description", "lead_unit", "plan__title"]
    autocomplete_fields = ["plan", "lead_agency"]
    list_select_related = ["plan"]
