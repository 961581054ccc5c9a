"""Hostile input to the catalogue search box (issue 6, item 5): never a server
error, and what was typed comes back escaped."""

import pytest
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><svg onload=alert(1)>',
            "' OR 1=1 --",
            "trauma & | ! ( ) : * <-> \\",
            "\x00",
            "%",
            "_",
            "AND OR NOT",
            "\u202etrauma",
        ]
    ),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(100, 5_000)),
)


@pytest.fixture
def browser(client):
    client.raise_request_exception = False
    return client


@given(query=hostile_text, topic=hostile_text)
@example(query="trauma", topic="")
def test_the_search_box_never_errors_and_escapes_what_was_typed(
    query, topic, browser, catalogue, course
):
    response = browser.get(catalogue.url, {"q": query, "topic": topic})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert "<svg onload" not in content
    # What she typed (trimmed, at most 200 characters) is back in the search
    # box, escaped, so she can change it.
    typed = query.strip()[:200]
    assert f'name="q" value="{escape(typed)}"' in content
    if typed:
        assert "found</h2>" in content


def test_searching_finds_the_course(browser, catalogue, course):
    response = browser.get(catalogue.url, {"q": "Trauma"})
    assert course.title in response.content.decode()


def test_a_payload_comes_back_escaped_in_the_search_box(browser, catalogue, course):
    response = browser.get(catalogue.url, {"q": '"><svg onload=alert(1)>'})
    content = response.content.decode()
    assert 'value="&quot;&gt;&lt;svg onload=alert(1)&gt;"' in content
    assert "0 courses found" in content
