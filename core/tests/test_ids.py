"""Ids from outside: anything that is not a record number the database can
hold is refused before a query runs."""

import pytest
from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from agencies.models import Team
from core.filters import ModelChoiceFilter, id_checked_filterset
from core.ids import (
    MAX_ID,
    IdField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    id_from_query,
    parse_id,
)

HOSTILE = [
    "9" * 25,
    str(2**63),
    str(2**64),
    "-1",
    "0",
    "1e3",
    "١٢",  # Arabic-Indic digits: int() reads them, the database never sees them
    "１",  # full-width digit
    "1\x00",
    "\x00",
    "abc",
    "1.0",
    "+1",
    " ",
]


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_the_database_holds_is_read(number):
    assert parse_id(str(number)) == number
    assert parse_id(f" {number} ") == number


@given(st.integers().filter(lambda n: n < 1 or n > MAX_ID))
def test_numbers_outside_the_range_are_not_ids(number):
    assert parse_id(str(number)) is None


@given(st.text())
def test_any_text_is_an_id_in_range_or_nothing(text):
    number = parse_id(text)
    assert number is None or 1 <= number <= MAX_ID


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_not_ids(value):
    assert parse_id(value) is None


@pytest.mark.parametrize("value", HOSTILE)
def test_a_query_parameter_that_is_not_an_id_is_a_bad_request(value):
    with pytest.raises(BadRequest):
        id_from_query(QueryDict(mutable=True) | {"course": value}, "course")


def test_an_absent_or_empty_query_parameter_is_no_filter():
    assert id_from_query(QueryDict(""), "course") is None
    assert id_from_query(QueryDict("course="), "course") is None
    assert id_from_query(QueryDict("course=12"), "course") == 12


@pytest.mark.parametrize("value", HOSTILE)
def test_an_id_field_gives_a_form_error(value):
    field = IdField(required=False)
    with pytest.raises(ValidationError):
        field.clean(value)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_model_choice_fields_refuse_non_ids_without_a_database_error(value):
    single = ModelChoiceField(queryset=User.objects.all())
    many = ModelMultipleChoiceField(queryset=User.objects.all())
    assert not _valid(single, value)
    assert not _valid(many, [value])
    assert not _valid(many, ["1", value])


@pytest.mark.django_db
def test_model_choice_fields_still_choose_records():
    user = User.objects.create_user(email="leah@example.org", password="x" * 12)
    assert ModelChoiceField(queryset=User.objects.all()).clean(str(user.pk)) == user
    assert list(
        ModelMultipleChoiceField(queryset=User.objects.all()).clean([str(user.pk)])
    ) == [user]
    assert not _valid(ModelChoiceField(queryset=User.objects.all()), str(user.pk + 1))


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_filters_refuse_non_ids_as_a_form_error(value):
    filterset_class = id_checked_filterset(Team, ["agency"])
    assert isinstance(filterset_class.base_filters["agency"], ModelChoiceFilter)
    filterset = filterset_class({"agency": value}, queryset=Team.objects.all())
    assert list(filterset.qs) == []  # runs the query: no database error
    assert "agency" in filterset.errors


def _valid(field, value) -> bool:
    try:
        field.clean(value)
    except ValidationError:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "as_if"),
    [
        ("/quizzes/?category=1%00", "/quizzes/?category=1"),
        ("/join/abc%00/", "/join/abc/"),
        ("/certificates/verify/%00/", "/certificates/verify//"),
        ("/?x%00=1", "/?x=1"),
    ],
)
def test_a_nul_in_the_address_is_answered_as_if_it_were_not_there(client, url, as_if):
    """PostgreSQL cannot compare text holding a NUL: left in, it would be a
    server error wherever a view searches or looks up what the address holds."""
    assert client.get(url).status_code == client.get(as_if).status_code < 500
