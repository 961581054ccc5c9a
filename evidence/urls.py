from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.new_pack, name="new_pack"),
    path("certificates/", views.bulk_certificates, name="bulk_certificates"),
    path("export/<str:fmt>/", views.large_export, name="large_export"),
    path("kairos/", views.trainer_agencies, name="trainer_agencies"),
    path("kairos/<id:agency_id>/", views.trainer_new_pack, name="trainer_new_pack"),
    path("builds/<id:pk>/", views.build, name="build"),
    path("builds/<id:pk>/status/", views.build_status, name="build_status"),
    path("builds/<id:pk>/download/", views.download, name="download"),
    path("builds/<id:pk>/retry/", views.retry, name="retry"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
