from django.urls import path

from plans import views

urlpatterns = [
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
]
