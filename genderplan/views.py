"""Project-level pages: home per role, login/logout, password change, health."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from genderplan.access import access, login_required_view, public
from genderplan.forms import LoginForm
from plans.models import Agency


@login_required_view
def home(request: HttpRequest) -> HttpResponse:
    acc = access(request)
    committee_sections = []
    for province in acc.committee_provinces:
        agencies = (
            Agency.objects.filter(parent=province)
            .annotate(subunit_count=Count("children", filter=Q(children__valid_to__isnull=True)))
            .order_by("kind", "name")
        )
        committee_sections.append({"province": province, "agencies": agencies})
    home_sections = [
        {
            "agency": agency,
            "subunits": agency.children.order_by("name"),
        }
        for agency in acc.home_agencies
    ]
    provinces = (
        Agency.objects.filter(kind=Agency.Kind.PROVINCE).order_by("name")
        if acc.is_superuser and not (committee_sections or home_sections)
        else Agency.objects.none()
    )
    return render(
        request,
        "home.html",
        {
            "committee_sections": committee_sections,
            "home_sections": home_sections,
            "provinces": provinces,
        },
    )


@public
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: answers without touching the session."""
    return JsonResponse({"status": "ok"})


@method_decorator(never_cache, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


LoginView.access_rule = "public"  # type: ignore[attr-defined]


class LogoutView(auth_views.LogoutView):
    pass


LogoutView.access_rule = "public"  # type: ignore[attr-defined]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


PasswordChangeView.access_rule = "login"  # type: ignore[attr-defined]


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


PasswordChangeDoneView.access_rule = "login"  # type: ignore[attr-defined]
