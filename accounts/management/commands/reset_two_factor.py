from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = (
        "Remove someone's authenticator app and backup codes, e.g. after a lost "
        "phone. She sets up a new one the next time she opens the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no account with the email address {email}.")
        services.reset_two_factor(user=user)
        self.stdout.write(
            f"Two-step sign-in reset for {user.email}: she will set it up again "
            "the next time she opens the admin."
        )
