"""The one place that decides who may see or change what.

Every view is wrapped by `public` or `login_required_view`; `AccessMiddleware` refuses any
view of ours that carries neither mark, so a view that forgets the helper fails closed
(and the role × URL test in tests/test_access_matrix.py fails loudly).

Object-level rules live on `Access`: views load objects through `Access.require_*`,
which raise 404 for what the user may not even know exists, and 403 for what they may
see but not change.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from urllib.parse import quote, urlparse

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.functional import cached_property

from genderplan.ui import is_htmx
from plans.models import Agency, Membership

# Views outside our apps that need no mark (Django's own and third-party ones).
_EXEMPT_MODULE_PREFIXES = (
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.views.i18n",
    "django.views.static",
    # The admin's history pages: wrapped by admin_site.admin_view like the rest of the admin
    # (staff only; they only show, genderplan/history_admin.py).
    "simple_history.admin",
    "genderplan.history_admin",
)


class Rule(StrEnum):
    PUBLIC = "public"
    LOGIN = "login"


def public(view: Callable) -> Callable:
    """Mark a view anyone may open (login page, signature verification)."""
    view.access_rule = Rule.PUBLIC  # type: ignore[attr-defined]
    return view


def login_required_view(view: Callable) -> Callable:
    """Mark a view that needs a logged-in user; the middleware enforces it.

    Object rules are then the view's job, through `access(request)`."""
    view.access_rule = Rule.LOGIN  # type: ignore[attr-defined]
    return view


class Action(StrEnum):
    READ = "read"  # see the agency's plans, submitted reports, dashboards
    EDIT = "edit"  # change the agency's plans and draft figures
    APPROVE = "approve"  # the agency's leader signs off its report
    REVIEW = "review"  # the committee returns/accepts, opens rounds; never edits figures


class Access:
    """What one user may do, computed once per request from their memberships."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=self.user).select_related(
                "agency", "agency__parent", "agency__parent__parent"
            )
        )

    @property
    def is_superuser(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_superuser)

    def _agencies_with(self, *roles: str) -> list[Agency]:
        return [m.agency for m in self.memberships if m.role in roles]

    @cached_property
    def committee_provinces(self) -> list[Agency]:
        return [a.province for a in self._agencies_with(Membership.Role.COMMITTEE)]

    @property
    def is_committee(self) -> bool:
        return bool(self.committee_provinces)

    @cached_property
    def home_agencies(self) -> list[Agency]:
        """Agencies where the user is staff or leader."""
        return self._agencies_with(Membership.Role.STAFF, Membership.Role.LEADER)

    # --- scopes as querysets (for lists) -------------------------------------------
    def _scope_q(self, *roles: str, include_committee: bool) -> Q | None:
        q = Q(pk__in=[])
        for agency in self._agencies_with(*roles):
            q |= Q(pk=agency.pk) | Q(parent=agency.pk) | Q(parent__parent=agency.pk)
        if include_committee:
            for province in self.committee_provinces:
                q |= Q(pk=province.pk) | Q(parent=province.pk) | Q(parent__parent=province.pk)
        return q

    def readable_agencies(self) -> QuerySet[Agency]:
        if self.is_superuser:
            return Agency.objects.all()
        return Agency.objects.filter(
            self._scope_q(Membership.Role.STAFF, Membership.Role.LEADER, include_committee=True)
        )

    def editable_agencies(self) -> QuerySet[Agency]:
        """Agencies whose plans the user may edit: their own (and sub-units), plus the
        province's own plans for the committee."""
        if self.is_superuser:
            return Agency.objects.all()
        q = self._scope_q(Membership.Role.STAFF, Membership.Role.LEADER, include_committee=False)
        q |= Q(pk__in=[p.pk for p in self.committee_provinces])
        return Agency.objects.filter(q)

    # --- single decisions ------------------------------------------------------------
    @staticmethod
    def _under(agency: Agency, root: Agency) -> bool:
        node: Agency | None = agency
        while node is not None:
            if node.pk == root.pk:
                return True
            node = node.parent
        return False

    def can(self, action: Action, agency: Agency) -> bool:
        if self.is_superuser:
            return True
        own = lambda *roles: any(self._under(agency, a) for a in self._agencies_with(*roles))  # noqa: E731
        committee = any(agency.province.pk == p.pk for p in self.committee_provinces)
        match action:
            case Action.READ:
                return own(Membership.Role.STAFF, Membership.Role.LEADER) or committee
            case Action.EDIT:
                return own(Membership.Role.STAFF, Membership.Role.LEADER)
            case Action.APPROVE:
                return own(Membership.Role.LEADER)
            case Action.REVIEW:
                return committee
        return False

    def can_edit_plans_of(self, agency: Agency) -> bool:
        """Staff and leaders edit their agency's plans; the committee edits the province's."""
        if self.can(Action.EDIT, agency):
            return True
        return agency.kind == Agency.Kind.PROVINCE and self.can(Action.REVIEW, agency)

    def require(self, action: Action, agency: Agency) -> None:
        """404 when the user may not even read the agency (no hint that it exists),
        403 when they may read but not do `action`."""
        if not self.can(Action.READ, agency):
            raise Http404
        if action != Action.READ and not self.can(action, agency):
            raise PermissionDenied

    # --- plans: issued downward, so the agencies that implement a plan read it -----------
    def can_read_plans_of(self, agency: Agency) -> bool:
        """Whoever reads the agency, plus the people of the agencies below it: a department
        implements the province's plan (and links its own plan to it), a sub-unit its
        department's. Plans are documents sent down the tree, not unsubmitted figures."""
        if self.can(Action.READ, agency):
            return True
        return any(self._under(home, agency) for home in self.home_agencies)

    def plan_readable_agencies(self) -> QuerySet[Agency]:
        """Agencies whose plans the user may read (for lists): `readable_agencies()` and
        the ancestors of the user's own agencies."""
        if self.is_superuser:
            return Agency.objects.all()
        ancestors = {
            pk
            for home in self.home_agencies
            for pk in (home.parent_id, home.parent.parent_id if home.parent else None)
            if pk is not None
        }
        return Agency.objects.filter(
            Q(pk__in=self.readable_agencies().values("pk")) | Q(pk__in=ancestors)
        )

    def require_plans_of(self, agency: Agency, *, edit: bool = False) -> None:
        """404 when the user may not read the agency's plans, 403 when they may read them
        but (with `edit`) not change them."""
        if not self.can_read_plans_of(agency):
            raise Http404
        if edit and not self.can_edit_plans_of(agency):
            raise PermissionDenied

    def require_agency(self, pk: int, action: Action = Action.READ) -> Agency:
        try:
            agency = Agency.objects.select_related("parent", "parent__parent").get(pk=pk)
        except (Agency.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        self.require(action, agency)
        return agency


def access(request: HttpRequest) -> Access:
    """The request's Access, built once."""
    if not hasattr(request, "_access"):
        request._access = Access(request.user)  # type: ignore[attr-defined]
    return request._access  # type: ignore[attr-defined]


def require_superuser(request: HttpRequest) -> None:
    if not access(request).is_superuser:
        raise PermissionDenied


def _return_path(request: HttpRequest) -> str:
    """Where to come back after logging in again: the page the user was on, not the
    fragment or form endpoint that noticed the expired session."""
    if is_htmx(request) and request.headers.get("HX-Current-URL"):
        parsed = urlparse(request.headers["HX-Current-URL"])
        return parsed.path + (f"?{parsed.query}" if parsed.query else "")
    if request.method != "GET":
        referer = request.headers.get("Referer")
        if referer:
            parsed = urlparse(referer)
            if parsed.netloc == request.get_host():
                return parsed.path + (f"?{parsed.query}" if parsed.query else "")
    return request.get_full_path()


class AccessMiddleware:
    """Fail closed: every view of ours must be marked `public` or `login_required_view`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs):
        target = getattr(view_func, "view_class", None) or view_func
        rule = getattr(view_func, "access_rule", None) or getattr(target, "access_rule", None)
        module = getattr(target, "__module__", "") or ""
        if rule is None:
            if module.startswith(_EXEMPT_MODULE_PREFIXES):
                return None
            raise PermissionDenied(f"View {module}.{target.__name__} has no access rule")
        if rule == Rule.LOGIN and not request.user.is_authenticated:
            back = _return_path(request)
            if is_htmx(request):
                # A fragment swap must not paste the login page into the form: send the
                # whole page to the login screen; the browser keeps what was typed.
                response = HttpResponse(status=401)
                response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?next={quote(back)}"
                return response
            return redirect_to_login(back)
        return None
