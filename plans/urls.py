from django.urls import include, path

from plans import views

urlpatterns = [
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("", include("plans.urls_import")),
]
