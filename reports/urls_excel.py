"""Excel template of a submission's figures (download, upload)."""

from django.urls import path

from reports import excel_views

urlpatterns = [
    path(
        "bao-cao/<int:pk>/excel/",
        excel_views.submission_excel_download,
        name="submission_excel_download",
    ),
    path(
        "bao-cao/<int:pk>/excel/tai-len/",
        excel_views.submission_excel_upload,
        name="submission_excel_upload",
    ),
]
