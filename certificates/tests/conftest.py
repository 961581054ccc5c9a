import io

import pypdfium2
import pytest
import zxingcpp

from accounts.tests.factories import UserFactory
from courses import services as course_services
from courses.models import Enrolment, LessonPage
from courses.tests.factories import make_course


def complete(user, course) -> Enrolment:
    """Take a course the way a learner does: enrol, then finish every lesson."""
    course_services.enrol(user=user, course=course)
    for lesson in LessonPage.objects.live().child_of(course):
        course_services.complete_lesson(user=user, lesson=lesson)
    return Enrolment.objects.get(user=user, course=course)


@pytest.fixture
def yearly_course(catalogue):
    return make_course(
        catalogue=catalogue,
        lessons=2,
        title="Responding to exploitation",
        cpd_hours="2.5",
        validity_months=12,
    )


@pytest.fixture
def certificate(django_capture_on_commit_callbacks, learner, yearly_course):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete(learner, yearly_course)
    return enrolment.user.certificates.get()


@pytest.fixture
def manager_elsewhere(db):
    return UserFactory(full_name="Mina Okafor", email="mina@example.org")


def pdf_text(data: bytes) -> str:
    return pypdfium2.PdfDocument(io.BytesIO(data))[0].get_textpage().get_text_range()


def pdf_qr_codes(data: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(io.BytesIO(data))[0]
    return [code.text for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]
