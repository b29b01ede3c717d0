"""Matrix rows for plans: the list, tree and create pages, agency A's plan page and every
fragment endpoint of its inline editing.

A's people and the superuser read and change A's plan; the committee reads it but does
not change it (403: it may change only the province's own plans); agency B may not even
know it exists (404). The objects come from `tests.conftest.plan_of`."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import World, plan_of
from tests.test_access_matrix import Row, everyone


def plan_reader(status: int = 200) -> dict[str, int]:
    return everyone(status) | {"staff_b": 404}


def plan_editor(status: int = 200) -> dict[str, int]:
    return plan_reader(status) | {"committee": 403}


def _plan_a(w: World) -> dict:
    return {"pk": plan_of(w, "a").pk}


def _part_of_a(name: str, related: str) -> Callable[[World], dict]:
    def kwargs(w: World) -> dict:
        plan = plan_of(w, "a")
        return {"pk": plan.pk, name: getattr(plan, related).order_by("pk").first().pk}

    return kwargs


ROWS: dict[str, Row] = {
    # Lists are scoped to what each persona may read, so everyone gets a page; every
    # persona may write the plans of some agency, so everyone gets the create form.
    "plan_list": Row(everyone(200)),
    "plan_tree": Row(everyone(200)),
    "plan_create": Row(everyone(200)),
    "plan_detail": Row(plan_reader(), kwargs=_plan_a),
    "plan_history": Row(plan_reader(), kwargs=_plan_a),
    "plan_update": Row(plan_editor(), kwargs=_plan_a),
    "plan_status": Row(
        plan_editor(302), kwargs=_plan_a, method="post", data=lambda w: {"status": "archived"}
    ),
    # Fragment endpoints. Without HTMX a row endpoint sends the reader back to the plan
    # page (302), a form endpoint renders a small page, a delete redirects.
    "target_create": Row(plan_editor(), kwargs=_plan_a),
    "target_row": Row(plan_reader(302), kwargs=_part_of_a("target_pk", "targets")),
    "target_update": Row(plan_editor(), kwargs=_part_of_a("target_pk", "targets")),
    "target_delete": Row(
        plan_editor(302), kwargs=_part_of_a("target_pk", "targets"), method="post"
    ),
    "section_create": Row(plan_editor(), kwargs=_plan_a),
    "section_head": Row(plan_reader(302), kwargs=_part_of_a("section_pk", "sections")),
    "section_update": Row(plan_editor(), kwargs=_part_of_a("section_pk", "sections")),
    "section_delete": Row(
        plan_editor(302), kwargs=_part_of_a("section_pk", "sections"), method="post"
    ),
    "task_create": Row(plan_editor(), kwargs=_plan_a),
    "task_row": Row(plan_reader(302), kwargs=_part_of_a("task_pk", "tasks")),
    "task_update": Row(plan_editor(), kwargs=_part_of_a("task_pk", "tasks")),
    "task_delete": Row(plan_editor(302), kwargs=_part_of_a("task_pk", "tasks"), method="post"),
    "duty_create": Row(plan_editor(), kwargs=_plan_a),
    "duty_row": Row(plan_reader(302), kwargs=_part_of_a("duty_pk", "reporting_duties")),
    "duty_update": Row(plan_editor(), kwargs=_part_of_a("duty_pk", "reporting_duties")),
    "duty_delete": Row(
        plan_editor(302), kwargs=_part_of_a("duty_pk", "reporting_duties"), method="post"
    ),
}
