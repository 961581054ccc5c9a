from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("agency/", views.dashboard, name="dashboard"),
    path("agency/export.csv", views.export_csv, name="export_csv"),
    path("agency/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("agency/people/<id:membership_id>/", views.person, name="person"),
    path(
        "agency/people/<id:membership_id>/certificates/<id:certificate_id>/",
        views.person_certificate,
        name="person_certificate",
    ),
    path(
        "agency/people/<id:membership_id>/quiz-time/",
        views.agree_quiz_time,
        name="agree_quiz_time",
    ),
    path("agency/invite/", views.invite, name="invite"),
    path("agency/invite/upload/", views.upload_invitations, name="upload"),
    path("agency/assignments/", views.assignments, name="assignments"),
    path(
        "agency/assignments/<id:assignment_id>/remove/",
        views.unassign,
        name="unassign",
    ),
    path(
        "agency/assignments/<id:assignment_id>/due-date/",
        views.change_due_date,
        name="change_due_date",
    ),
    path(
        "agency/assignments/removed/<id:removal_id>/undo/",
        views.restore_assignment,
        name="restore_assignment",
    ),
    path(
        "agency/invite/<id:invitation_id>/resend/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "agency/invite/<id:invitation_id>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
    path("agency/join-code/", views.join_code, name="join_code"),
    path(
        "agency/more-time/<id:request_id>/",
        views.decide_more_time,
        name="decide_more_time",
    ),
    path(
        "my-learning/assigned/<id:requirement_id>/more-time/",
        views.more_time,
        name="more_time",
    ),
    path("join/", views.join, name="join"),
    path("join/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
