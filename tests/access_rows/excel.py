"""Role × URL rows for the Excel template of a submission (reports/urls_excel.py).

Agency A's draft, never sent: its own staff and leader (and the superuser) download the
template and open the upload page; agency B's staff may not know it exists (404); the
committee sees an agency's figures only once they were sent (404 on the download) and
never changes them (403 on the upload page)."""

from tests.access_rows import reporting_objects
from tests.test_access_matrix import Row, everyone


def _sub_a(world) -> dict:
    return {"pk": reporting_objects(world).sub_a.pk}


ROWS: dict[str, Row] = {
    "submission_excel_download": Row(
        everyone(200) | {"staff_b": 404, "committee": 404}, kwargs=_sub_a
    ),
    "submission_excel_upload": Row(
        everyone(200) | {"staff_b": 404, "committee": 403}, kwargs=_sub_a
    ),
}
