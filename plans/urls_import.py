"""URLs of the plan import (plans.import_views), included at the end of plans/urls.py."""

from django.urls import path

from plans import import_views

urlpatterns = [
    path("ke-hoach/nhap-tu-van-ban/", import_views.plan_import_upload, name="plan_import_upload"),
    path(
        "ke-hoach/nhap-tu-van-ban/<str:token>/",
        import_views.plan_import_review,
        name="plan_import_review",
    ),
    path(
        "ke-hoach/nhap-tu-van-ban/<str:token>/huy/",
        import_views.plan_import_discard,
        name="plan_import_discard",
    ),
]
