"""Role × URL row for the administrator's audit page (genderplan/audit.py): the superuser
only; everyone else who is logged in is refused (403), anonymous users go to the login
page."""

from tests.test_access_matrix import Row, everyone

ROWS = {
    "audit_log": Row(everyone(403) | {"superuser": 200}),
}
