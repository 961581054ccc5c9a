from django.urls import path

from . import agency_views, views

app_name = "support"

# Included at the site's root: the Support page, and a manager's support details
# for her staff beside her other /agency/ pages.
urlpatterns = [
    path("support/", views.support, name="index"),
    path("agency/support/", agency_views.agency_support, name="agency"),
]
