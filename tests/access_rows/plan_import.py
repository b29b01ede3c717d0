"""Rows of the role × URL matrix for the plan import (plans/urls_import.py).

Every persona may soạn plans of some agency (the committee: the province's own), so every
persona reaches the upload page. A review token lives only in the session of the user who
uploaded, so an unknown token is a 404 for everyone logged in."""

from tests.test_access_matrix import Row, everyone

UNKNOWN = {"token": "khong-co-ban-doc-nay"}

ROWS = {
    "plan_import_upload": Row(everyone(200)),
    "plan_import_review": Row(everyone(404), kwargs=lambda w: UNKNOWN),
    "plan_import_discard": Row(everyone(404), kwargs=lambda w: UNKNOWN, method="post"),
}
