"""Her credentials and the checking page: in her language (under /cy/ in Welsh)."""

from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path("check/", views.verify, name="verify"),
    path("<id:certificate_id>/credential.jwt", views.download_jwt, name="jwt"),
    path("<id:certificate_id>/credential.json", views.download_json, name="json"),
    path("<id:certificate_id>/badge.png", views.download_png, name="png"),
]
