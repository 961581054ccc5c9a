from django.db import models


class RateLimitCounter(models.Model):
    """A rate-limit window counted in the database, used only while the cache
    (Redis) is unavailable, so limits hold rather than fail open."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self):
        return self.key


class SentEmail(models.Model):
    """One email that has been sent: what it was about (`kind`, the id of the
    row it is about, and a `version` for events that can happen more than once
    to that row). The unique constraint makes "send once" hold when a task runs
    twice, or twice at once. It names no person: the row it points at does."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    version = models.CharField(max_length=64, blank=True, default="")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sent email"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "version"],
                name="core_sentemail_once",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} {self.version}".strip()
