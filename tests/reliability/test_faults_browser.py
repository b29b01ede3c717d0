"""The server goes away while a draft is open in the browser: nothing typed is lost.

Playwright drives Debian's chromium against live_server. The outage is made with route
interception on the autosave endpoint: first the connection is refused (server down, as
during a restart), then the server answers 500 (up but failing), then it is back.

Proves: static/js/app.js says in Vietnamese that the change was not saved, the form
keeper keeps what was typed in localStorage, and static/js/entry.js sends the failed
block again by itself once the server answers, so the figures typed during the outage
reach the database without the clerk doing anything. Removing the `saveFailed` retry in
entry.js makes the "no typing after the outage" step fail (the figure never arrives);
removing `showTrouble` in app.js makes the message assertions fail."""

from __future__ import annotations

import time

import pytest

from reports.models import FigureValue
from tests.access_rows import reporting_objects
from tests.conftest import PASSWORD
from tests.e2e.conftest import _keep_migration_data, login  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
AUTOSAVE = "**/nhap-lieu/so-lieu/**"


def _wait_for_figure(sub, total: int, women: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fig = FigureValue.objects.filter(submission=sub, element__code="m-cbccvc").first()
        if fig is not None and (fig.total, fig.women) == (total, women):
            return
        time.sleep(0.25)
    fig = FigureValue.objects.filter(submission=sub, element__code="m-cbccvc").first()
    raise AssertionError(f"not saved: {fig and (fig.total, fig.women)}")


def test_typing_through_a_server_outage_loses_nothing(world, page):  # noqa: F811
    sub = reporting_objects(world).sub_a
    login(page, "staff_a", PASSWORD)
    page.goto(f"{page.base_url}/bao-cao/{sub.pk}/nhap-lieu/")
    total = page.locator('[name="fig-m-cbccvc-total"]')
    women = page.locator('[name="fig-m-cbccvc-women"]')

    # 1. The server is down (connection refused): type, see the message, keep the copy.
    page.route(AUTOSAVE, lambda route: route.abort("connectionrefused"))
    total.fill("120")
    women.fill("45")
    women.dispatch_event("change")
    trouble = page.locator("#gp-server-trouble")
    trouble.wait_for(state="visible")
    assert "chưa được lưu" in trouble.inner_text()
    kept = page.evaluate(f"localStorage.getItem('gp-keep:submission-{sub.pk}')")
    assert kept and '"120"' in kept and '"45"' in kept

    # 2. The server is back: without any typing, the failed block is sent again.
    page.unroute(AUTOSAVE)
    _wait_for_figure(sub, 120, 45)
    trouble.wait_for(state="detached")

    # 3. Up but failing (500): message again; typing more after it recovers saves all.
    page.route(AUTOSAVE, lambda route: route.fulfill(status=500, body="<h1>500</h1>"))
    total.fill("130")
    total.dispatch_event("change")
    trouble.wait_for(state="visible")
    assert "Máy chủ gặp sự cố" in trouble.inner_text()
    page.unroute(AUTOSAVE)
    women.fill("50")
    women.dispatch_event("change")
    _wait_for_figure(sub, 130, 50)


# Known gap, kept as a strict xfail so it is fixed on purpose: every successful autosave
# also marks the form "saved" in the session (entry_views._fragment → remember_saved), and
# the next page load drops the browser's kept copy on that mark (app.js initKeeper) — even
# when the copy holds figures typed AFTER that save, during an outage. Reloading then
# shows the stored 130, and the 140 typed while the server was down is lost.
@pytest.mark.xfail(strict=True, reason="stale 'saved' mark drops a newer kept copy on reload")
def test_a_reload_during_an_outage_keeps_what_was_typed(world, page):  # noqa: F811
    sub = reporting_objects(world).sub_a
    login(page, "staff_a", PASSWORD)
    page.goto(f"{page.base_url}/bao-cao/{sub.pk}/nhap-lieu/")
    total = page.locator('[name="fig-m-cbccvc-total"]')
    page.locator('[name="fig-m-cbccvc-women"]').fill("50")
    total.fill("130")
    total.dispatch_event("change")
    _wait_for_figure(sub, 130, 50)
    trouble = page.locator("#gp-server-trouble")
    page.route(AUTOSAVE, lambda route: route.abort("connectionrefused"))
    total.fill("140")
    total.dispatch_event("change")
    trouble.wait_for(state="visible")
    page.unroute(AUTOSAVE)
    page.route(AUTOSAVE, lambda route: route.abort("connectionrefused"))
    page.reload()
    assert page.locator('[name="fig-m-cbccvc-total"]').input_value() == "140"
    page.unroute(AUTOSAVE)
