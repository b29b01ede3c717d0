"""The access middleware fails closed: a view of ours without an access mark is refused."""

from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from genderplan.access import login_required_view


def forgot_the_helper(request):
    return HttpResponse("secret")


@login_required_view
def marked(request):
    return HttpResponse("ok")


urlpatterns = [
    path("unmarked/", forgot_the_helper),
    path("marked/", marked),
    path("", include("genderplan.urls")),
]


@override_settings(ROOT_URLCONF="tests.test_access_middleware")
def test_unmarked_view_is_refused_even_for_superuser(world, client):
    client.force_login(world.superuser, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/unmarked/").status_code == 403
    assert client.get("/marked/").status_code == 200


@override_settings(ROOT_URLCONF="tests.test_access_middleware")
def test_login_view_redirects_anonymous_with_next(world, client):
    response = client.get("/marked/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/marked/"


@override_settings(ROOT_URLCONF="tests.test_access_middleware")
def test_expired_session_in_htmx_request_redirects_whole_page(world, client):
    response = client.post(
        "/marked/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/bao-cao/5/?tab=2"},
    )
    assert response.status_code == 401
    assert response["HX-Redirect"] == "/dang-nhap/?next=/bao-cao/5/%3Ftab%3D2"
