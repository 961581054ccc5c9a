from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("courses/<id:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<id:course_id>/resume/", views.resume, name="resume"),
    path("courses/<id:course_id>/restart/", views.restart, name="restart"),
    path("courses/<id:course_id>/break/", views.on_break, name="on_break"),
    path("pages/<id:page_id>/break/", views.take_break, name="take_break"),
    path(
        "lessons/<id:lesson_id>/complete/",
        views.complete_lesson,
        name="complete_lesson",
    ),
]
