from django.urls import include, path

from plans import views

urlpatterns = [
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/cay/", views.plan_tree, name="plan_tree"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_update, name="plan_update"),
    path("ke-hoach/<int:pk>/trang-thai/", views.plan_status, name="plan_status"),
    path("ke-hoach/<int:pk>/lich-su/", views.plan_history, name="plan_history"),
    # Fragment endpoints of the plan page (HTMX inline editing).
    path("ke-hoach/<int:pk>/chi-tieu/them/", views.target_create, name="target_create"),
    path("ke-hoach/<int:pk>/chi-tieu/<int:target_pk>/", views.target_row, name="target_row"),
    path(
        "ke-hoach/<int:pk>/chi-tieu/<int:target_pk>/sua/",
        views.target_update,
        name="target_update",
    ),
    path(
        "ke-hoach/<int:pk>/chi-tieu/<int:target_pk>/xoa/",
        views.target_delete,
        name="target_delete",
    ),
    path("ke-hoach/<int:pk>/muc/them/", views.section_create, name="section_create"),
    path("ke-hoach/<int:pk>/muc/<int:section_pk>/", views.section_head, name="section_head"),
    path(
        "ke-hoach/<int:pk>/muc/<int:section_pk>/sua/",
        views.section_update,
        name="section_update",
    ),
    path(
        "ke-hoach/<int:pk>/muc/<int:section_pk>/xoa/",
        views.section_delete,
        name="section_delete",
    ),
    path("ke-hoach/<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/", views.task_row, name="task_row"),
    path("ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/sua/", views.task_update, name="task_update"),
    path("ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/xoa/", views.task_delete, name="task_delete"),
    path("ke-hoach/<int:pk>/bao-cao/them/", views.duty_create, name="duty_create"),
    path("ke-hoach/<int:pk>/bao-cao/<int:duty_pk>/", views.duty_row, name="duty_row"),
    path("ke-hoach/<int:pk>/bao-cao/<int:duty_pk>/sua/", views.duty_update, name="duty_update"),
    path("ke-hoach/<int:pk>/bao-cao/<int:duty_pk>/xoa/", views.duty_delete, name="duty_delete"),
    path("", include("plans.urls_import")),
]
