"""Pages about agencies and their plans. Views stay thin: load through the access
helper, validate a form, call a service, redirect."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from genderplan.access import Action, access, login_required_view


@login_required_view
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    acc = access(request)
    agency = acc.require_agency(pk, Action.READ)
    return render(
        request,
        "plans/agency_detail.html",
        {
            "agency": agency,
            "children": agency.children.order_by("kind", "name"),
            "predecessors": agency.predecessors.all(),
            "can_edit": acc.can_edit_plans_of(agency),
        },
    )
