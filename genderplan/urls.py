from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from genderplan import audit, views

admin.site.site_header = "Quản trị hệ thống bình đẳng giới"
admin.site.site_title = "genderplan"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("healthz", views.health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("nhat-ky-thay-doi/", audit.audit_log, name="audit_log"),
    path("quan-tri/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("reports.urls")),
]
