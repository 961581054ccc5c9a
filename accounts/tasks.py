"""Background work for accounts, through Django's tasks API."""

from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from core import languages

from . import links

User = get_user_model()


@task()
def send_sign_up_email(
    *, full_name: str, email: str, next_url: str = "", language: str = ""
) -> None:
    """The one email a sign-up sends: a link to finish creating the account, or,
    when the address already has one, a reminder of how to sign in. Sending it
    twice sends a second email and changes nothing else.

    Written in the account holder's language, or for a new address in the
    language she asked in (`language`), whose addresses the links use."""
    holder = User.objects.filter(email__iexact=email).first()
    if holder is not None:
        with languages.speaking_to(holder):
            subject = _("You already have a Kairos Learning account")
            body = render_to_string(
                "accounts/email/sign_up_existing.txt",
                {
                    "user": holder,
                    "sign_in_url": links.absolute(reverse("accounts:login")),
                    "reset_url": links.absolute(reverse("accounts:password_reset")),
                },
            )
    else:
        details = links.SignUpDetails(
            full_name=full_name, email=email, next_url=next_url
        )
        asked_in = (
            translation.override(languages.supported(language))
            if language
            else nullcontext()
        )
        with asked_in:
            subject = _("Finish creating your Kairos Learning account")
            body = render_to_string(
                "accounts/email/sign_up_confirm.txt",
                {"full_name": full_name, "url": links.sign_up_url(details)},
            )
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
