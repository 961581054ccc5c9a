"""Django's own messages a learner can read that Django's Welsh catalogue does
not translate (django/contrib/auth/locale/cy and django/conf/locale/cy, as
pinned in requirements.txt). Listed here so that `make messages` puts them in
our catalogue, where we write the Welsh; LOCALE_PATHS comes before Django's
own catalogues, so ours is the one read.

Nothing imports this module for its values: the calls only mark the text.
Each msgid must be exactly Django's, punctuation included.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Password checks (AUTH_PASSWORD_VALIDATORS), on sign-up and password reset.
PASSWORD_CHECKS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Password reset sent"),
]

# Forms and lists anywhere on the site.
FORMS = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Year"),
    gettext_noop("Month"),
    gettext_noop("Day"),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a valid UUID."),
]
