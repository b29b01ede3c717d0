"""The data entry page of a submission and its autosave, activity and evidence endpoints."""

from django.urls import path

from reports import entry_views as views

urlpatterns = [
    path("bao-cao/<int:pk>/nhap-lieu/", views.submission_entry, name="submission_entry"),
    path(
        "bao-cao/<int:pk>/nhap-lieu/luu/", views.submission_entry_save, name="submission_entry_save"
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/gui/",
        views.submission_entry_submit,
        name="submission_entry_submit",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/so-lieu/<slug:code>/",
        views.submission_entry_figure,
        name="submission_entry_figure",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/noi-dung/<slug:name>/",
        views.submission_entry_narrative,
        name="submission_entry_narrative",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/nhiem-vu/<int:task_pk>/",
        views.submission_entry_task,
        name="submission_entry_task",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/hoat-dong/",
        views.submission_activity_add,
        name="submission_activity_add",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/hoat-dong/<int:activity_pk>/xoa/",
        views.submission_activity_delete,
        name="submission_activity_delete",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/minh-chung/",
        views.submission_evidence_upload,
        name="submission_evidence_upload",
    ),
    path(
        "bao-cao/<int:pk>/minh-chung/<int:evidence_pk>/tai-ve/",
        views.submission_evidence_download,
        name="submission_evidence_download",
    ),
    path(
        "bao-cao/<int:pk>/nhap-lieu/minh-chung/<int:evidence_pk>/xoa/",
        views.submission_evidence_delete,
        name="submission_evidence_delete",
    ),
]
