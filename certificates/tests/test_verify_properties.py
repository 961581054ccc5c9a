"""Hostile input to public certificate verification (issue 6, item 5): never a
server error, nothing revealed for what does not match, everything escaped."""

import urllib.parse

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from certificates.selectors import surname_matches

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE certificates_certificate; --",
    "%00",
    "\x00",
    "..%2f..%2fetc%2fpasswd",
    "{{ 7*7 }}",
    "\u202eHTOMS",
    "\uff2d\uff4f\uff52\uff47\uff41\uff4e",  # full-width Morgan
]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(PAYLOADS),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(50, 5_000)),
)


@pytest.fixture
def public_client(client, settings):
    settings.CERTIFICATE_VERIFY_RATE = 10**9
    client.raise_request_exception = False
    return client


def assert_nothing_revealed(response, certificate, *, typed_reference=False):
    content = response.content.decode()
    assert certificate.learner_name not in content
    if not typed_reference:  # what she typed is shown back in the form
        assert certificate.reference not in content
    assert certificate.course_title not in content
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content


@given(reference=hostile_text, surname=hostile_text)
@example(reference="", surname="Morgan")
@example(reference="KX7M-4RCT-W9HQ", surname="<script>alert(1)</script>")
def test_the_reference_form_never_errors_or_reveals_a_non_match(
    reference, surname, public_client, certificate
):
    cache.clear()
    response = public_client.post(
        reverse("certificates:verify_reference"),
        {"reference": reference, "surname": surname},
    )
    assert response.status_code == 200
    assert_nothing_revealed(response, certificate)


@given(surname=hostile_text)
def test_the_right_reference_with_the_wrong_surname_reveals_nothing(
    surname, public_client, certificate
):
    cache.clear()
    if surname_matches(learner_name=certificate.learner_name, typed=surname):
        return  # full-width or spaced-out, it is still her surname
    response = public_client.post(
        reverse("certificates:verify_reference"),
        {"reference": certificate.reference, "surname": surname},
    )
    assert response.status_code == 200
    assert_nothing_revealed(response, certificate, typed_reference=True)


@given(token=hostile_text)
@example(token="\x00")
@example(token="a" * 65)
def test_the_link_never_errors_or_reveals_a_non_match(
    token, public_client, certificate
):
    cache.clear()
    response = public_client.get(
        "/certificates/verify/" + urllib.parse.quote(token, safe="") + "/"
    )
    assert response.status_code in (200, 404)
    assert_nothing_revealed(response, certificate)


def test_the_right_details_do_show_the_certificate(public_client, certificate):
    response = public_client.post(
        reverse("certificates:verify_reference"),
        {"reference": certificate.reference.lower(), "surname": " MORGAN "},
    )
    assert certificate.learner_name in response.content.decode()
    response = public_client.get(
        reverse("certificates:verify", args=[certificate.token])
    )
    assert certificate.learner_name in response.content.decode()
