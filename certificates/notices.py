"""The email she gets when she completes a course: well done, and a link
straight to her certificate. Sent once per certificate (see
accounts.notifications.notify), after the certificate exists."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import Kind, notify
from core.emails import absolute_url
from core.languages import speaking_to

from .models import Certificate

# A certificate older than this is old news: the sweep that issues missed
# certificates, or a certificate issued before these emails existed, sends nothing.
NEWS_FOR = datetime.timedelta(days=7)


def course_completed(certificate_id: int) -> bool:
    certificate = (
        Certificate.objects.select_related("user", "course")
        .filter(
            pk=certificate_id,
            revoked_at__isnull=True,
            reissue_of__isnull=True,
            user__isnull=False,
            issued_at__gte=timezone.now() - NEWS_FOR,
        )
        .first()
    )
    if certificate is None:
        return False
    with speaking_to(certificate.user):
        title = certificate.title_in_current_language
        return notify(
            user=certificate.user,
            kind=Kind.COURSE_COMPLETED,
            object_id=certificate.pk,
            subject=_("Well done: you have completed “%(title)s”") % {"title": title},
            template="certificates/email/course_completed",
            context={
                "certificate": certificate,
                "course_title": title,
                "url": absolute_url(
                    reverse("certificates:download", kwargs={"pk": certificate.pk})
                ),
                "certificates_url": absolute_url(reverse("certificates:mine")),
            },
        )
