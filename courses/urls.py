from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/resume/", views.resume, name="resume"),
    path("courses/<int:course_id>/restart/", views.restart, name="restart"),
    path("courses/<int:course_id>/break/", views.on_break, name="on_break"),
    path("pages/<int:page_id>/break/", views.take_break, name="take_break"),
    path(
        "lessons/<int:lesson_id>/complete/",
        views.complete_lesson,
        name="complete_lesson",
    ),
]
