"""Official documents (PDF) and the signature verification page."""

from django.urls import path

from reports import document_views as v

urlpatterns = [
    path("ke-hoach/<int:pk>/van-ban/", v.document_plan_create, name="document_plan_create"),
    path(
        "bao-cao/<int:pk>/van-ban/",
        v.document_submission_create,
        name="document_submission_create",
    ),
    path("ky-bao-cao/<int:pk>/van-ban/", v.document_round_create, name="document_round_create"),
    path("van-ban/", v.document_list, name="document_list"),
    path("van-ban/<int:pk>/", v.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/trang-thai/", v.document_status, name="document_status"),
    path("van-ban/<int:pk>/tai-ve/", v.document_download, name="document_download"),
    path(
        "van-ban/<int:pk>/tai-ve/ban-ky-so/",
        v.document_download_signed,
        name="document_download_signed",
    ),
    path("van-ban/<int:pk>/ky-so/", v.document_sign, name="document_sign"),
    path(
        "van-ban/<int:pk>/tai-len-ban-ky-so/",
        v.document_upload_signed,
        name="document_upload_signed",
    ),
    path("xac-thuc/", v.verify_pdf, name="verify_pdf"),
]
