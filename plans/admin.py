from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Agency, Membership


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
