"""Reporting URLs, one module per area: rounds and review, data entry, Excel."""

from django.urls import include, path

urlpatterns = [
    path("", include("reports.urls_review")),
    path("", include("reports.urls_entry")),
    path("", include("reports.urls_excel")),
    path("", include("reports.urls_dashboard")),
    path("", include("reports.urls_documents")),
]
