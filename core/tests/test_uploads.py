"""Uploaded text is checked in full: whatever follows the first kilobytes is
what gets stored."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.uploads import UploadRefused, read_text_upload

HEADER = b"full_name,email\n"
LIMITS = {"max_bytes": 1024 * 1024, "max_line_chars": 2000}


def padding(size: int) -> bytes:
    line = b"Jo Patel,jo@example.org\n"
    return line * (size // len(line) + 1)


@given(position=st.integers(min_value=0, max_value=200_000))
def test_a_nul_anywhere_is_refused_with_its_line(position):
    data = HEADER + padding(position) + b"Jo\0Patel,jo@example.org\n"
    with pytest.raises(UploadRefused, match="not plain text") as refused:
        read_text_upload(data, **LIMITS)
    line = data[: data.index(b"\0")].count(b"\n") + 1
    assert f"Line {line} has" in refused.value.message


def test_a_bad_byte_after_the_start_is_refused_with_its_line():
    data = HEADER + padding(8192) + b"Z\xf6e,zoe@example.org\n"
    with pytest.raises(UploadRefused, match="is not UTF-8 text"):
        read_text_upload(data, **LIMITS)


def test_an_overlong_line_is_refused():
    data = HEADER + padding(5000) + b"x" * 2001 + b",a@example.org\n"
    with pytest.raises(UploadRefused, match="characters long"):
        read_text_upload(data, **LIMITS)


def test_too_many_lines_or_bytes_are_refused():
    with pytest.raises(UploadRefused, match="lines"):
        read_text_upload(HEADER + padding(1000), max_bytes=10_000, max_lines=10)
    with pytest.raises(UploadRefused, match="larger than 1 MB"):
        read_text_upload(b"x" * (1024 * 1024 + 1), **LIMITS)


def test_a_good_file_is_read_whole_without_its_byte_order_mark():
    data = "\ufefffull_name,email\nZoë,zoe@example.org\n".encode()
    assert read_text_upload(data, **LIMITS) == "full_name,email\nZoë,zoe@example.org\n"
