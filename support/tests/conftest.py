import pytest

from accounts.tests.factories import UserFactory
from agencies.models import Agency, Membership, Team
from support.models import AgencySupport, SupportSettings

EAP = "Call the staff support line on 0800 000 0000, free, any time."


def member(agency, role=Membership.Role.LEARNER, team=None, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, agency=agency, role=role, team=team)
    return user


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Coventry Probation", kind=Agency.Kind.PROBATION)


@pytest.fixture
def other_agency(db):
    return Agency.objects.create(name="Leicester Housing", kind=Agency.Kind.HOUSING)


@pytest.fixture
def support_details(agency):
    return AgencySupport.objects.create(
        agency=agency,
        employee_assistance=EAP,
        clinical_supervision="Monthly with Dr Ruth Okafor: ask your team lead.",
        contacts="Wellbeing lead: wellbeing@coventry-probation.example.org",
    )


@pytest.fixture
def other_support_details(other_agency):
    return AgencySupport.objects.create(
        agency=other_agency, employee_assistance="Leicester staff line, 9 to 5."
    )


@pytest.fixture
def member_of_agency(agency):
    return member(agency, full_name="Alice Adams")


@pytest.fixture
def manager(agency):
    return member(agency, role=Membership.Role.MANAGER, full_name="Maya Brooks")


@pytest.fixture
def team_manager(agency):
    north = Team.objects.create(agency=agency, name="North")
    user = member(
        agency, role=Membership.Role.MANAGER, team=north, full_name="Nia North"
    )
    user.membership.managed_teams.add(north)
    return user


@pytest.fixture
def other_manager(other_agency):
    return member(other_agency, role=Membership.Role.MANAGER, full_name="Olga Other")


@pytest.fixture
def stranger(other_agency):
    return member(other_agency, full_name="Sam Stranger")


@pytest.fixture
def support_settings(home):
    return SupportSettings.for_site(home.get_site())


@pytest.fixture
def quick_exit(support_settings):
    support_settings.quick_exit_enabled = True
    support_settings.quick_exit_url = "https://www.bbc.co.uk/weather"
    support_settings.save()
    return support_settings
