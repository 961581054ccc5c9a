from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kairos_learning import health

urlpatterns = [
    path("health/", health.health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("my-learning/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("certificates/", include("certificates.urls")),
    path("", include("agencies.urls")),
    path("", include("support.urls")),
    path("reflections/", include("reflections.urls")),
    path("my-data/", include("privacy.urls")),
    path("evidence/", include("evidence.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A lost database answers a plain 503 rather than a 500 (core.outage).
handler500 = "core.outage.server_error"
