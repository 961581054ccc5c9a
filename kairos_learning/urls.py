from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kairos_learning import health

# Not translated: the health check, the admin (its language is each person's
# own admin setting) and documents.
urlpatterns = [
    path("health/", health.health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Open Badges: the DID document and the status list, at fixed addresses.
    path("", include("badges.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a learner or manager reads: English without a prefix, Welsh under
# /cy/ (docs/languages.md).
urlpatterns += i18n_patterns(
    # The scripts' own strings (static/js), in the page's language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("my-learning/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("certificates/", include("certificates.urls")),
    path("badges/", include("badges.urls")),
    path("", include("agencies.urls")),
    path("", include("support.urls")),
    path("reflections/", include("reflections.urls")),
    path("my-data/", include("privacy.urls")),
    path("evidence/", include("evidence.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A lost database answers a plain 503 rather than a 500 (core.outage). The 400
# and 500 pages render without the request: core.outage gives them the
# language of the address.
handler400 = "core.outage.bad_request"
handler500 = "core.outage.server_error"
