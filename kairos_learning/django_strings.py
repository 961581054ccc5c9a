"""Django's and Wagtail's own words that a learner reads, where their Welsh
catalogues lack them, have them only fuzzy, or have them wrong.

Nothing imports this module: it exists so that `make messages` collects these
strings into our catalogue (locale/cy), whose Welsh then wins, because
LOCALE_PATHS comes before every installed app's catalogue and Django's own.
Each msgid must be exactly the one Django or Wagtail asks for (curly
apostrophes included), or the translation is never looked up.

Checked against Django 5.2's and Wagtail 8's `cy` catalogues
(django/conf/locale, django/contrib/auth/locale, wagtail/locale).
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

STRINGS = [
    # Every form. Wagtail's Welsh for it ("Mae angen y'r ffild hon.") comes
    # before Django's and reads badly; ours comes before both.
    gettext_noop("This field is required."),
    # django.contrib.auth.password_validation: missing, or under older msgids
    # with straight apostrophes.
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    # django.contrib.auth.forms: missing, or translated as if for staff only.
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both "
        "fields may be case-sensitive."
    ),
    # django.core.paginator: empty.
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    # django.core.validators and form fields: empty.
    gettext_noop("Null characters are not allowed."),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s."
    ),
    gettext_noop("Enter a valid UUID."),
    # Wagtail's page behind a password (wagtailcore/password_required.html,
    # wagtail.forms.PasswordViewRestrictionForm): missing.
    gettext_noop("Password required"),
    gettext_noop("You need a password to access this page."),
    gettext_noop("The password you have entered is not correct. Please try again."),
]

# Plural and contextual ones: lazy, so nothing is translated at import.
PLURALS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
]

CONTEXTUAL = [
    pgettext_lazy("String to return when truncating text", "%(truncated_text)s…"),
]
