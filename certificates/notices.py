"""The email she gets when she completes a course: well done, and a link
straight to her certificate. Sent once per certificate (see
accounts.notifications.notify), after the certificate exists."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.notifications import Kind, notify
from core.emails import absolute_url

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
    return notify(
        user=certificate.user,
        kind=Kind.COURSE_COMPLETED,
        object_id=certificate.pk,
        subject=f"Well done: you have completed “{certificate.course_title}”",
        template="certificates/email/course_completed",
        context={
            "certificate": certificate,
            "url": absolute_url(
                reverse("certificates:download", kwargs={"pk": certificate.pk})
            ),
            "certificates_url": absolute_url(reverse("certificates:mine")),
        },
    )
