"""Role × URL rows for the dashboards and the roll-up export (reports/urls_dashboard.py).

- The committee dashboard: the committee and the superuser see it; staff and leaders are
  sent on to their own agency's dashboard (302), never shown the province's.
- Agency A's dashboard: its people, the committee and the superuser; agency B's staff may
  not know it exists (404).
- The round's Excel export: the committee of the round's province and the superuser; the
  agencies' people cannot even see the province (404)."""

from __future__ import annotations

from tests.access_rows import reporting_objects
from tests.test_access_matrix import Row, everyone

ROWS: dict[str, Row] = {
    "dashboard": Row(everyone(200) | {"staff_a": 302, "leader_a": 302, "staff_b": 302}),
    "agency_dashboard": Row(
        everyone(200) | {"staff_b": 404}, kwargs=lambda w: {"pk": w.agency_a.pk}
    ),
    "round_rollup_excel": Row(
        everyone(404) | {"committee": 200, "superuser": 200},
        kwargs=lambda w: {"pk": reporting_objects(w).round.pk},
    ),
}
