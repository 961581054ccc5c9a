import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

# One Bitstring Status List of the W3C minimum size (16 KiB): a credential's
# place in it is chosen at random, so neighbours say nothing about each other.
STATUS_LIST_SIZE = 131072


class Credential(models.Model):
    """The Open Badges 3.0 credential issued for one certificate: a JWT-VC
    signed with the issuer's key. A reissued certificate gets a new one; a
    withdrawn certificate's bit is set in the status list (status.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    certificate = models.OneToOneField(
        "certificates.Certificate",
        on_delete=models.PROTECT,
        related_name="badge_credential",
    )
    status_index = models.PositiveIntegerField(unique=True)
    key_id = models.CharField(max_length=64, help_text="The key that signed it.")
    token = models.TextField(
        blank=True, help_text="The signed JWT-VC; blanked when her account is erased."
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open Badges credential")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status_index__lt=STATUS_LIST_SIZE),
                name="badges_credential_index_in_list",
            )
        ]

    def __str__(self):
        return f"urn:uuid:{self.id}"

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.id}"
