"""Events `courses` announces to the apps above it, which subscribe in their
`AppConfig.ready` (it never imports them)."""

from django.dispatch import Signal

# Sent once, after the transaction that recorded a course completion commits,
# with `enrolment_id`. certificates/apps.py issues the certificate.
course_completed = Signal()
