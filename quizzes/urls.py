from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:quiz_id>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.take, name="take"),
    path("attempts/<int:attempt_id>/review/", views.review, name="review"),
    path("attempts/<int:attempt_id>/result/", views.result, name="result"),
]
