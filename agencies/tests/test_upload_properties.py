"""Hostile and malformed CSV invitation uploads (issue 6, item 5).

Whatever file is uploaded: never a server error; either the good lines are
invited and every bad one is reported by line, or (an unreadable file) nothing
is saved at all."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from agencies.models import Invitation

pytestmark = pytest.mark.django_db

UPLOAD = reverse("agencies:upload")

cell = st.one_of(
    st.text(max_size=30),
    st.emails().map(str),
    st.sampled_from(
        [
            "",
            "Jo Patel",
            "jo@example.org",
            "JO@EXAMPLE.ORG",
            "north",
            "Nowhere",
            '=HYPERLINK("http://evil.example","x")',
            "+SUM(A1:A9)",
            "-2+3",
            "@cmd",
            "<script>alert(1)</script>",
            "Zoë Ní Bhriain",
            "李小龙",
            "\x00",
            "a\x00b@example.org",
            "\u202eevil@example.org",
            "x" * 300 + "@example.org",
        ]
    ),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(100, 2_000)),
)
header = st.one_of(
    st.just(["full_name", "email", "team"]),
    st.just(["Email", " FULL_NAME "]),
    st.just(["full_name", "email", "email"]),
    st.just(["name", "mail"]),
    st.lists(cell, max_size=4),
)


@st.composite
def csv_files(draw) -> bytes:
    columns = draw(header, label="header")
    rows = draw(st.lists(st.lists(cell, max_size=5), max_size=12), label="rows")
    rows += draw(st.lists(st.sampled_from(rows), max_size=3)) if rows else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(columns)
    writer.writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


files = st.one_of(
    csv_files(),
    st.binary(max_size=2_000),
    st.sampled_from(
        [
            b"",
            b"\xef\xbb\xbf",
            b"full_name,email\n",
            b"full_name,email\r",
            b'full_name,email\n"Jo,jo@example.org\n',
            b"full_name,email\nJo\x00,jo@example.org\n",
            b"full_name,email\rJo,jo@example.org\rAl,al@example.org\r",
            b"full_name,email\n" + b"x" * 200_000 + b",long@example.org\n",
            b"full_name,email\n" + b"Jo,jo@example.org\n" * 3,
            b"full_name,email\n" + b"Jo,jo@example.org\n" * 70_000,
        ]
    ),
)


@pytest.fixture
def manager_client(client, manager, north, south):
    client.force_login(manager)
    client.raise_request_exception = False
    return client


def is_valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


@given(data=files, filename=st.sampled_from(["staff.csv", "staff.xlsx", "", "..csv"]))
@example(data=b"full_name,email\nJo Patel,jo@example.org\nBad,nope\n", filename="s.csv")
def test_an_upload_never_errors_and_saves_only_good_lines(
    data, filename, manager_client, agency
):
    with transaction.atomic():
        before = set(Invitation.objects.values_list("pk", flat=True))
        response = manager_client.post(
            UPLOAD, {"file": SimpleUploadedFile(filename or "x", data)}
        )
        assert response.status_code in (200, 400)
        new = Invitation.objects.exclude(pk__in=before)
        if response.status_code == 400:
            # Unreadable: nothing at all was saved.
            assert not new.exists()
        else:
            report = response.context["report"]
            assert sorted(i.email for i in new) == sorted(report.invited)
            # No one is invited twice, and every saved line is a whole, valid one.
            emails = [i.email.casefold() for i in new]
            assert len(emails) == len(set(emails))
            for invitation in new:
                assert invitation.agency == agency
                assert is_valid_email(invitation.email)
                assert invitation.full_name.strip()
                assert len(invitation.full_name) <= 150
                assert "\x00" not in invitation.full_name
        assert b"<script>alert(1)</script>" not in response.content
        transaction.set_rollback(True)


def test_a_good_file_invites_everyone_and_reports_the_rest(manager_client):
    data = (
        "full_name,email,team\n"
        "Zoë Ní Bhriain,zoe@example.org,North\n"
        "Jo Patel,jo@example.org,south\n"
        "Jo Again,JO@example.org,South\n"
        "Nobody,not-an-email,North\n"
        "=cmd(),cmd@example.org,Nowhere\n"
    ).encode("utf-8-sig")
    response = manager_client.post(
        UPLOAD, {"file": SimpleUploadedFile("staff.csv", data)}
    )
    assert response.status_code == 200
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "jo@example.org",
        "zoe@example.org",
    ]
    content = response.content.decode()
    assert "Line 5: Enter a valid email address." in content
    assert "There is no team called" in content
