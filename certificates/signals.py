"""Events `certificates` announces to the apps above it, which subscribe in
their `AppConfig.ready` (it never imports them)."""

from django.dispatch import Signal

# Sent by the background task that issued or rendered a certificate, with
# `certificate`. badges/apps.py issues its Open Badges credential.
certificate_issued = Signal()
