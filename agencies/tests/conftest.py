import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies import services
from agencies.models import Agency, Membership, Team
from agencies.selectors import Scope


def member(agency, team=None, role=Membership.Role.LEARNER, **user_fields):
    user = UserFactory(**user_fields)
    membership = Membership.objects.create(
        user=user, agency=agency, team=team, role=role
    )
    services.sync_requirements([user.pk])
    return membership


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )


@pytest.fixture
def north(agency):
    return Team.objects.create(agency=agency, name="North")


@pytest.fixture
def south(agency):
    return Team.objects.create(agency=agency, name="South")


@pytest.fixture
def other_agency(db):
    return Agency.objects.create(name="Leicester Housing", kind=Agency.Kind.HOUSING)


@pytest.fixture
def manager(agency):
    return member(agency, role=Membership.Role.MANAGER, full_name="Maya Brooks").user


@pytest.fixture
def team_manager(agency, north):
    membership = member(
        agency, team=north, role=Membership.Role.MANAGER, full_name="Nia North"
    )
    membership.managed_teams.add(north)
    return membership.user


@pytest.fixture
def other_manager(other_agency):
    return member(
        other_agency, role=Membership.Role.MANAGER, full_name="Olga Other"
    ).user


@pytest.fixture
def alice(agency, north):
    return member(agency, team=north, full_name="Alice Adams", email="alice@x.org")


@pytest.fixture
def bella(agency, south):
    return member(agency, team=south, full_name="Bella Brown", email="bella@x.org")


@pytest.fixture
def stranger(other_agency):
    return member(other_agency, full_name="Sam Stranger", email="sam@y.org")


@pytest.fixture
def assigned(agency, manager, course, alice, bella, stranger, other_manager):
    """The course assigned to everyone in both agencies, due in a fortnight."""
    due = timezone.localdate() + datetime.timedelta(days=14)
    services.assign(scope=Scope(agency=agency), by=manager, course=course, due_date=due)
    other = Agency.objects.get(pk=stranger.agency_id)
    services.assign(
        scope=Scope(agency=other), by=other_manager, course=course, due_date=due
    )
    return course
