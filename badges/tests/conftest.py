import pytest

# Taking a course the way a learner does: one helper, the certificates tests'.
from certificates.tests.conftest import complete
from courses.tests.factories import make_course


@pytest.fixture
def yearly_course(catalogue):
    return make_course(
        catalogue=catalogue,
        lessons=1,
        title="Responding to exploitation",
        cpd_hours="2.5",
        validity_months=12,
    )


@pytest.fixture
def certificate(django_capture_on_commit_callbacks, learner, yearly_course):
    """Her certificate, issued by the background task as on the site (the test
    settings run tasks at once), with its credential."""
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete(learner, yearly_course)
    return enrolment.user.certificates.get()
