import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Requirement
from agencies.selectors import Scope
from agencies.tests.conftest import (  # noqa: F401 (fixtures)
    agency,
    alice,
    bella,
    manager,
    member,
    north,
    other_agency,
    other_manager,
    south,
    stranger,
    team_manager,
)
from certificates import services as certificate_services
from courses.models import Enrolment
from courses.tests.factories import complete_course, make_course


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def issue(user, course, *, days_ago=5):
    complete_course(
        user=user, course=course, at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    enrolment = Enrolment.objects.get(user=user, course=course)
    certificate, _ = certificate_services.issue_for_enrolment(enrolment.pk)
    return certificate


@pytest.fixture
def record(agency, manager, course, catalogue, alice, bella):  # noqa: F811
    """Alice (North) and Bella (South) have both completed the course, each
    with a certificate not yet rendered; Bella is overdue on a second course."""
    course.save_revision().publish()
    scope = Scope(agency=agency)
    agency_services.assign(scope=scope, by=manager, course=course, due_date=in_days(14))
    safeguarding = make_course(
        catalogue=catalogue, lessons=1, title="Safeguarding basics"
    )
    agency_services.assign(
        scope=scope, by=manager, course=safeguarding, due_date=in_days(-10)
    )
    Requirement.objects.filter(user=bella.user, course=safeguarding).update(
        due_date=in_days(-3)
    )
    return {
        "course": course,
        "safeguarding": safeguarding,
        "alice": issue(alice.user, course),
        "bella": issue(bella.user, course),
    }


def open_zip(build) -> zipfile.ZipFile:
    with build.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def manifest_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("manifest.json"))
