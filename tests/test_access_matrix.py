"""Role × URL: every URL of the project, opened by every persona, gives the expected status.

Adding a URL without a row here fails `test_every_url_has_a_row`; a view that skips the
access helper is refused by AccessMiddleware and fails its row (and
`test_every_view_is_marked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS, World, client_for

ANON_REDIRECT = 302  # login-required pages send anonymous users to the login page


@dataclass
class Row:
    expect: dict[str, int]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] = field(default=lambda w: {})


def everyone(status: int, anonymous: int = ANON_REDIRECT) -> dict[str, int]:
    return {p: (anonymous if p == "anonymous" else status) for p in PERSONAS}


def agency_pages(kwargs: Callable[[World], dict]) -> dict[str, int]:
    return everyone(200) | {"staff_b": 404}


# One row per URL name. Personas: see tests/conftest.py.
MATRIX: dict[str, Row] = {
    "home": Row(everyone(200)),
    "login": Row(everyone(302, anonymous=200)),  # logged-in users are sent on to home
    "logout": Row(everyone(302, anonymous=302), method="post"),
    "password_change": Row(everyone(200)),
    "password_change_done": Row(everyone(200)),
    "health": Row(everyone(200, anonymous=200)),
    "set_language": Row(
        everyone(302, anonymous=302), method="post", data=lambda w: {"language": "en", "next": "/"}
    ),
    "admin:index": Row(everyone(302, anonymous=302) | {"superuser": 200}),
    # Agency A's page: its people, the committee and the superuser; not agency B.
    "agency_detail": Row(everyone(200) | {"staff_b": 404}, kwargs=lambda w: {"pk": w.agency_a.pk}),
}


def _walk(patterns, prefix: str = "") -> list[str]:
    names: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            if p.namespace == "admin":
                names.append("admin:index")  # the admin site as one door; Django guards the rest
                continue
            names += _walk(p.url_patterns, prefix + ns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(prefix + p.name)
    return sorted(set(names))


ALL_NAMES = _walk(get_resolver().url_patterns)


def test_every_url_has_a_row() -> None:
    missing = [n for n in ALL_NAMES if n not in MATRIX]
    assert not missing, f"Add rows to MATRIX for: {missing}"
    stale = [n for n in MATRIX if n not in ALL_NAMES]
    assert not stale, f"MATRIX names URLs that no longer exist: {stale}"


def _callbacks(patterns):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _callbacks(p.url_patterns)
        else:
            yield p


def test_every_view_is_marked() -> None:
    unmarked = []
    for p in _callbacks(get_resolver().url_patterns):
        cb = p.callback
        target = getattr(cb, "view_class", None) or cb
        module = getattr(target, "__module__", "")
        if module.startswith("django."):
            continue
        if not (getattr(cb, "access_rule", None) or getattr(target, "access_rule", None)):
            unmarked.append(p.name)
    assert not unmarked, f"views without an access rule: {unmarked}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_role_url(world: World, name: str, persona: str) -> None:
    row = MATRIX[name]
    client = client_for(world, persona)
    url = reverse(name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, data=row.data(world))
    assert response.status_code == row.expect[persona], (
        f"{persona} {row.method.upper()} {url}: got {response.status_code}"
    )
    if (
        response.status_code == 302
        and row.expect[persona] == ANON_REDIRECT
        and persona == "anonymous"
        and name not in {"logout", "set_language", "admin:index"}
    ):
        assert response["Location"].startswith(reverse("login"))


# Rows contributed per area (tests/access_rows/*.py, each defining ROWS: dict[str, Row]).
def _merge_area_rows() -> None:
    import importlib
    import pkgutil

    import tests.access_rows as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"tests.access_rows.{info.name}")
        for name, row in getattr(module, "ROWS", {}).items():
            assert name not in MATRIX, f"duplicate matrix row {name}"
            MATRIX[name] = row


_merge_area_rows()
