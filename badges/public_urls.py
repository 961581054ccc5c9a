"""What verifiers fetch: at fixed addresses, never under a language prefix."""

from django.urls import path

from . import views

app_name = "badges_public"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did_document"),
    path("badges/status/1", views.status_list, name="status_list"),
    path("badges/issuer.json", views.issuer_profile, name="issuer"),
]
