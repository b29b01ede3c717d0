from django.http import HttpRequest

from genderplan.access import access
from genderplan.ui import pop_saved_forms


def navigation(request: HttpRequest) -> dict:
    """The request's Access for the navigation bar, and which kept forms were saved."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"acc": access(request), "saved_forms": pop_saved_forms(request)}
