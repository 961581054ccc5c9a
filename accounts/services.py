from django.contrib.auth import get_user_model
from django.db import transaction

User = get_user_model()


@transaction.atomic
def sign_up(*, full_name: str, email: str, password: str) -> User:
    """Create a learner account. The caller has validated the input."""
    return User.objects.create_user(
        email=email, password=password, full_name=full_name.strip()
    )
