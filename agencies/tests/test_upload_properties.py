"""Hostile and malformed CSV invitation uploads (issue 6, item 5).

Two properties. The form gate: a file that is not a small UTF-8 CSV text file
is refused with a message and nothing is saved. The import: for a readable
"staff.csv", every non-blank line is accounted for exactly once (invited,
skipped or reported with a problem), exactly the invited people are saved, and a
file refused as a whole saves nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from agencies.models import Invitation

pytestmark = pytest.mark.django_db

UPLOAD = reverse("agencies:upload")
NOT_CSV = "Choose a CSV file (its name ends in .csv)."
TOO_BIG = "The file is larger than 1 MB. Split it into smaller files."
NOT_TEXT = "This file is not plain text."
NOT_UTF8 = "Save the file as CSV (UTF-8) and upload it again."
NO_COLUMNS = "The first line must name the columns: full_name, email and"
GOOD_CSV = b"full_name,email\nJo Patel,jo@example.org\n"


@pytest.fixture
def manager_client(client, manager, north, south):
    client.force_login(manager)
    client.raise_request_exception = False
    return client


def upload(client, name: str, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


# (a) The form gate ----------------------------------------------------------------

refused_uploads = st.one_of(
    st.tuples(
        st.sampled_from(["staff.xlsx", "staff", "staff.csv.exe", "staff.txt"]),
        st.one_of(st.just(GOOD_CSV), st.binary(max_size=200)),
        st.just(NOT_CSV),
    ),
    st.tuples(
        st.just("staff.csv"),
        st.builds(
            lambda before, after: before + b"\0" + after,
            st.binary(max_size=300),
            st.binary(max_size=300),
        ),
        st.just(NOT_TEXT),
    ),
    st.tuples(
        st.just("staff.csv"),
        st.sampled_from(
            [GOOD_CSV * (1024 * 1024 // len(GOOD_CSV) + 1), b"x" * (1024 * 1024 + 1)]
        ),
        st.just(TOO_BIG),
    ),
    st.tuples(
        st.just("staff.csv"),
        st.sampled_from(
            [
                "full_name,email\nZoë,zoe@example.org\n".encode("latin-1"),
                b"full_name,email\n\xff\xfe,x@example.org\n",
                b"\xc3\x28,email\n",
            ]
        ),
        st.just(NOT_UTF8),
    ),
    st.tuples(
        st.just("staff.csv"),
        st.sampled_from(
            [b"\xef\xbb\xbf", b"name,mail\nJo,jo@example.org\n", b"email\n"]
        ),
        st.just(NO_COLUMNS),
    ),
    st.just(("staff.csv", b"", "The submitted file is empty.")),
)


@settings(max_examples=30)
@given(case=refused_uploads)
def test_the_form_refuses_what_is_not_a_small_utf8_csv_and_saves_nothing(
    case, manager_client
):
    name, data, message = case
    with transaction.atomic():
        response = upload(manager_client, name, data)
        assert response.status_code == 400
        assert response.context["report"] is None
        assert message in response.content.decode()
        assert not Invitation.objects.exists()
        transaction.set_rollback(True)


# (b) The import -------------------------------------------------------------------

EMAILS = [
    "jo.patel@example.org",
    "JO.PATEL@example.org",
    "zoe.ni.bhriain@probation.gov.uk",
    "sam.o'neill@example.co.uk",
    "li.xiaolong@example.org",
    "first+tag@sub.example.org",
    "alice@x.org",  # already a member
    "invited@example.org",  # already invited
]
plain = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\0\r\n"),
    max_size=30,
)
hostile = st.sampled_from(
    [
        "",
        "   ",
        '=HYPERLINK("http://evil.example","x")',
        "+SUM(A1:A9)",
        "-2+3",
        "@cmd",
        "<script>alert(1)</script>",
        "\u202eevil@example.org",
        "not-an-email",
        "jo@",
        "=cmd@example.org",
        " jo.patel@example.org ",
    ]
)
names = st.one_of(
    st.sampled_from(["Jo Patel", "Zoë Ní Bhriain", "李小龙", "  Sam   O'Neill "]),
    hostile,
    plain,
)
emails = st.one_of(st.sampled_from(EMAILS), st.sampled_from(EMAILS), hostile, plain)
teams = st.sampled_from(["", "North", "south", " SOUTH ", "Nowhere", "=North"])
headers = st.sampled_from(
    [
        ["full_name", "email"],
        ["full_name", "email", "team"],
        ["Email", " FULL_NAME ", "Team"],
        ["email", "full_name", "notes"],
        ["name", "mail"],  # refused as a whole
    ]
)


@st.composite
def staff_files(draw):
    columns = draw(headers, label="header")
    rows = draw(
        st.lists(
            st.fixed_dictionaries(
                {"full_name": names, "email": emails, "team": teams, "notes": hostile}
            ),
            max_size=12,
        ),
        label="rows",
    )
    rows += draw(st.lists(st.sampled_from(rows), max_size=3)) if rows else []
    keys = [column.strip().lower() for column in columns]
    cells = [[row.get(key, row["email"]) for key in keys] for row in rows]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(columns)
    writer.writerows(cells)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig"]))
    return out.getvalue().encode(encoding), keys, cells


@given(file=staff_files())
@example(
    file=(
        b"full_name,email\nJo,jo@example.org\nBad,nope\n,\nJo,JO@example.org\n",
        ["full_name", "email"],
        [["Jo", "jo@example.org"], ["Bad", "nope"], ["", ""], ["Jo", "JO@example.org"]],
    )
)
def test_every_line_of_a_readable_file_is_accounted_for_once(
    file, manager_client, agency, alice
):
    data, keys, cells = file
    with transaction.atomic():
        Invitation.objects.create(
            agency=agency,
            email="invited@example.org",
            full_name="Already Invited",
            expires_at="2999-01-01T00:00Z",
        )
        before = set(Invitation.objects.values_list("pk", flat=True))
        response = upload(manager_client, "staff.csv", data)
        new = Invitation.objects.exclude(pk__in=before).order_by("pk")
        if not {"full_name", "email"} <= set(keys):
            assert response.status_code == 400
            assert NO_COLUMNS in response.content.decode()
            assert not new.exists()
            transaction.set_rollback(True)
            return
        assert response.status_code == 200
        report = response.context["report"]
        lines = {
            number: dict(zip(keys, row, strict=True))
            for number, row in enumerate(cells, start=2)
            if any(cell.strip() for cell in row)
        }
        skipped = [number for number, _email, _reason in report.skipped]
        errors = [number for number, _reason in report.errors]
        # Each non-blank line once: a problem, a skip, or (in order) an invitation.
        assert len(skipped + errors) == len(set(skipped + errors))
        assert set(skipped + errors) <= set(lines)
        invited_lines = [n for n in lines if n not in set(skipped + errors)]
        assert report.invited == [lines[n]["email"].strip() for n in invited_lines]
        # Saved are exactly the invited, each as written on its line.
        assert [i.email for i in new] == report.invited
        for invitation, number in zip(new, invited_lines, strict=True):
            assert invitation.agency == agency
            assert invitation.full_name == " ".join(lines[number]["full_name"].split())
            team = lines[number].get("team", "").strip()
            assert (invitation.team.name.casefold() if invitation.team else "") == (
                team.casefold()
            )
        emails = [email.casefold() for email in report.invited]
        assert len(emails) == len(set(emails))
        assert {"alice@x.org", "invited@example.org"}.isdisjoint(emails)
        # The page shows the same totals, escaped.
        content = response.content.decode()
        assert (
            f"{len(report.invited)} invited, {len(report.skipped)} skipped, "
            f"{len(report.errors)} with a problem." in content
        )
        assert "<script>alert(1)</script>" not in content
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
