"""Reads about accounts."""

from django.contrib.auth import get_user_model


def has_account(email: str) -> bool:
    """Whether an account uses this address (in any case). Only for a caller
    that knows the address is the asker's own, such as an emailed link: asked
    by anyone else, the answer would tell which addresses have accounts."""
    return get_user_model().objects.filter(email__iexact=email.strip()).exists()
