"""Nothing that points at a person can be forgotten: every field of every model
that refers to the user model is either in her export or excluded, with a
reason, in privacy/policy.py."""

from django.apps import apps
from django.contrib.auth import get_user_model

from privacy import policy


def user_fields() -> set[str]:
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and field.related_model is user_model
                and field.model is model
            ):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_link_to_a_person_is_exported_or_excluded_with_a_reason():
    decided = set(policy.EXPORTED) | set(policy.EXCLUDED)
    forgotten = user_fields() - decided
    assert not forgotten, (
        "Add these to privacy/policy.py (EXPORTED, with the export and erasure "
        f"handling them, or EXCLUDED with a reason): {sorted(forgotten)}"
    )


def test_the_policy_names_no_field_that_no_longer_exists():
    assert not (set(policy.EXPORTED) | set(policy.EXCLUDED)) - user_fields()


def test_nothing_is_both_exported_and_excluded():
    assert not set(policy.EXPORTED) & set(policy.EXCLUDED)
    assert all(reason.strip() for reason in policy.EXCLUDED.values())
