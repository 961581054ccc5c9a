from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.my_certificates, name="mine"),
    path("cpd-record.csv", views.cpd_record_csv, name="cpd_record_csv"),
    path("cpd-record.pdf", views.cpd_record_pdf, name="cpd_record_pdf"),
    path("<id:pk>/download/", views.download, name="download"),
    path("course/<id:course_id>/", views.for_course, name="for_course"),
    path("verify/", views.verify_reference, name="verify_reference"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
