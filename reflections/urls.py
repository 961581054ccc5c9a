from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("lessons/<id:lesson_id>/notes/", views.save_writing, name="save_writing"),
    path("lessons/<id:lesson_id>/finish/", views.finish_lesson, name="finish_lesson"),
    path("lessons/<id:lesson_id>/draft/", views.autosave, name="autosave"),
    path("notes/<id:pk>/", views.edit, name="edit"),
    path("notes/<id:pk>/delete/", views.delete, name="delete"),
    path("check-ins/<id:pk>/delete/", views.delete_check_in, name="delete_check_in"),
    path("download/my-reflections.txt", views.download_text, name="download_text"),
    path("download/my-reflections.json", views.download_json, name="download_json"),
]
