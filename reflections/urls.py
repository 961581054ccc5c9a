from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("lessons/<id:lesson_id>/notes/<str:block_id>/", views.save, name="save"),
    path("lessons/<id:lesson_id>/check-in/", views.check_in, name="check_in"),
    path("notes/<id:pk>/", views.edit, name="edit"),
    path("notes/<id:pk>/delete/", views.delete, name="delete"),
    path("check-ins/<id:pk>/delete/", views.delete_check_in, name="delete_check_in"),
    path("download/my-reflections.txt", views.download_text, name="download_text"),
    path("download/my-reflections.json", views.download_json, name="download_json"),
]
