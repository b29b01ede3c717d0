"""Rounds, the review of submissions, notifications."""

from django.urls import path

from reports import views

urlpatterns = [
    path("ky-bao-cao/", views.round_list, name="round_list"),
    path("ky-bao-cao/mo/", views.round_open, name="round_open"),
    path("ky-bao-cao/<int:pk>/", views.round_detail, name="round_detail"),
    path("bao-cao/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("bao-cao/<int:pk>/duyet/", views.submission_approve, name="submission_approve"),
    path(
        "bao-cao/<int:pk>/tra-chuyen-vien/",
        views.submission_send_back,
        name="submission_send_back",
    ),
    path("bao-cao/<int:pk>/tra-lai/", views.submission_return, name="submission_return"),
    path("bao-cao/<int:pk>/tiep-nhan/", views.submission_accept, name="submission_accept"),
    path("bao-cao/<int:pk>/mo-lai/", views.submission_reopen, name="submission_reopen"),
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/da-doc/", views.notification_read_all, name="notification_read_all"),
]
