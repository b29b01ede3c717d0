"""Small helpers shared by views: the "form saved" signal for the browser's form keeper.

Forms marked `data-keep` are copied to the browser's localStorage as the user types
(static/js/app.js), so a session that expires mid-form loses nothing: after logging in
again the user lands back on the page and the copy is put back. The copy must be dropped
only once the server has really stored the form; views say so with `remember_saved`.
"""

from django.http import HttpRequest

_KEY = "saved_forms"


def remember_saved(request: HttpRequest, form_key: str) -> None:
    saved = request.session.get(_KEY, [])
    if form_key not in saved:
        saved.append(form_key)
    request.session[_KEY] = saved


def pop_saved_forms(request: HttpRequest) -> list[str]:
    if not hasattr(request, "session"):
        return []
    return request.session.pop(_KEY, [])


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX request (a part of the page asks for a fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"
