from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("", views.quiz_list, name="list"),
    path("progress/", views.my_progress, name="progress"),
    path("more-time/", views.more_time, name="more_time"),
    path("<id:quiz_id>/practice/", views.practice, name="practice"),
    path("<id:quiz_id>/start/", views.start, name="start"),
    path("attempts/<id:attempt_id>/", views.take, name="take"),
    path("attempts/<id:attempt_id>/autosave/", views.autosave, name="autosave"),
    path("attempts/<id:attempt_id>/review/", views.review, name="review"),
    path("attempts/<id:attempt_id>/result/", views.result, name="result"),
]
