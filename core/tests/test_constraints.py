"""No NUL character in text people can write, whatever the path: full_clean
refuses it with a message on every database; on SQLite a CHECK constraint
refuses a direct write too (PostgreSQL's text type cannot hold NUL at all)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction

from accounts.models import User
from core.constraints import TextWithoutNul

pytestmark = pytest.mark.django_db

# Every column a learner, manager or admin types into on our own models.
GUARDED = {
    ("accounts", "User"): {"email", "full_name"},
    ("agencies", "Agency"): {"name", "region"},
    ("agencies", "Team"): {"name"},
    ("agencies", "Invitation"): {"email", "full_name"},
    ("reflections", "Reflection"): {"text"},
    ("reflections", "CheckIn"): {"note"},
    ("support", "AgencySupport"): {
        "employee_assistance",
        "clinical_supervision",
        "contacts",
    },
    ("certificates", "Certificate"): {
        "learner_name",
        "course_title",
        "course_title_welsh",
        "revoked_reason",
    },
    ("audit", "AuditEvent"): {"actor_label", "target_label", "agency_label"},
}


def guarded_fields(model) -> set[str]:
    return {
        name
        for constraint in model._meta.constraints
        if isinstance(constraint, TextWithoutNul)
        for name in constraint.fields
    }


@pytest.mark.parametrize("key", sorted(GUARDED))
def test_each_model_guards_its_written_text(key):
    assert guarded_fields(apps.get_model(*key)) == GUARDED[key]


def test_full_clean_refuses_a_nul_with_a_message(learner):
    learner.full_name = "Leah\0Morgan"
    with pytest.raises(ValidationError) as refused:
        learner.full_clean()
    assert "invisible NUL character" in str(refused.value.message_dict["full_name"])


def test_the_database_refuses_a_nul_written_directly(learner):
    """A write that skips every form and service still cannot store it."""
    refused = (IntegrityError, DataError, ValueError)
    with pytest.raises(refused), transaction.atomic():
        User.objects.filter(pk=learner.pk).update(full_name="Leah\0Morgan")
    learner.refresh_from_db()
    assert "\0" not in learner.full_name


def test_the_check_is_sql_only_where_it_is_needed():
    constraint = TextWithoutNul(fields=["name"], name="x")
    model = apps.get_model("agencies", "Team")
    editor = connection.SchemaEditorClass(connection, collect_sql=True)
    sql = constraint.constraint_sql(model, editor)
    if connection.vendor == "sqlite":
        assert "x'00'" in sql
    else:
        assert sql is None
