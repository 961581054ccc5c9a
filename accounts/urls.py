from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("sign-up/<str:token>/", views.sign_up_confirm, name="sign_up_confirm"),
    path(
        "sign-in/",
        views.SignInView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("notifications/", views.notification_settings, name="notifications"),
    path("language/", views.choose_language, name="language"),
    path("language/keep/", views.keep_language, name="keep_language"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two_factor_set_up"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
