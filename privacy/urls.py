from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("view/", views.view_export, name="view"),
    path("export.json", views.export_json, name="export_json"),
    path("erase/", views.erase, name="erase"),
    path("erased/", views.goodbye, name="goodbye"),
]
