"""Dashboards and the roll-up export."""

from django.urls import path

from reports import dashboard_views as views

urlpatterns = [
    path("bang-dieu-khien/", views.committee_dashboard, name="dashboard"),
    path(
        "co-quan/<int:pk>/bang-dieu-khien/",
        views.agency_dashboard,
        name="agency_dashboard",
    ),
    path(
        "ky-bao-cao/<int:pk>/xuat-excel/",
        views.round_rollup_excel,
        name="round_rollup_excel",
    ),
]
