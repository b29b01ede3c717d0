"""The admin base for audited models: history pages that only show.

With SIMPLE_HISTORY_REVERT_DISABLED the "Revert" button is hidden, but
SimpleHistoryAdmin.history_form_view still saves whatever form is POSTed to it. Refusing
that here means an old version cannot be written back around the services' rules, and the
record of changes (genderplan/audit.py) only grows. Kept apart from genderplan.audit so
the apps' admin modules import nothing of the other apps."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("Lịch sử thay đổi chỉ để xem.")
        return super().history_form_view(request, object_id, version_id, extra_context)
