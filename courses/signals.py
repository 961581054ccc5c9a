"""Events `courses` announces to the apps above it, which subscribe in their
`AppConfig.ready` (it never imports them)."""

from django.dispatch import Signal

# Sent once, after the transaction that recorded a course completion commits,
# with `enrolment_id`. certificates/apps.py issues the certificate.
course_completed = Signal()

# Sent inside the transaction that changed her learning record in a course
# (enrolled, completed, started again), with `user_id` and `course_id`.
# agencies/apps.py brings her requirement's stored dates up to date in the same
# transaction, so a rollback undoes both.
learning_record_changed = Signal()
