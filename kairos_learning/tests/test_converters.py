import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/quizzes/9223372036854775808/start/",
        "/quizzes/99999999999999999999999/practice/",
        "/quizzes/attempts/9223372036854775808/",
        "/certificates/9223372036854775808/download/",
        "/agency/people/9223372036854775808/",
    ],
)
def test_an_id_too_big_for_the_database_is_simply_not_found(learner_client, path):
    assert learner_client.get(path).status_code == 404
    assert learner_client.post(path).status_code == 404


def test_ordinary_ids_still_resolve():
    from django.urls import resolve

    match = resolve("/quizzes/123456789012345678/start/")

    assert match.kwargs == {"quiz_id": 123456789012345678}
