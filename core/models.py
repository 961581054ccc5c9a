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
