"""What the privacy app itself stores: the warning sent before an inactive
account is erased, so that it is sent once."""

from django.conf import settings
from django.db import models


class RetentionNotice(models.Model):
    """The email telling her that her account will be erased unless she signs in.

    One per person. It counts only while she has not signed in since it was
    sent: signing in again makes it void, and the next warning (years later,
    if ever) replaces it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="retention_notice",
    )
    sent_at = models.DateTimeField()
    erase_after = models.DateField(
        help_text="The date she was told her account would be erased after."
    )

    def __str__(self):
        return f"Retention notice to {self.user_id} on {self.sent_at:%Y-%m-%d}"
