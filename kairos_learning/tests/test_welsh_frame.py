"""The learner's frame and course pages in Welsh: under /cy/ the header,
footer, navigation, skip link, menu button, error pages and course pages speak
Welsh; without the prefix they are in English, as before."""

import pytest
from django.utils import translation

from core import outage
from courses import services
from courses.rules import version_label
from courses.tests.factories import complete_course, make_course

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def welsh(url: str) -> str:
    return f"/cy{url}"


# The frame ---------------------------------------------------------------------


def test_the_frame_is_welsh_under_cy(client, catalogue):
    page = text(client.get("/cy/support/"))

    assert "Neidio i'r prif gynnwys" in page  # skip link
    assert "data-menu-button>Dewislen</button>" in page  # menu button
    assert 'aria-label="Prif"' in page  # main navigation
    assert ">Cyrsiau</a>" in page
    assert ">Mewngofnodi</a>" in page
    assert ">Creu cyfrif</a>" in page
    assert "Kairos Learning yw platfform hyfforddi Kairos" in page  # footer
    assert "Gwirio tystysgrif Kairos" in page
    assert "Skip to main content" not in page
    assert "Sign in</a>" not in page
    # The brand stays a name, and leads to the Welsh home page.
    assert '<a class="site-header__brand" href="/cy/">Kairos Learning</a>' in page


def test_the_frame_of_a_signed_in_learner_is_welsh(learner_client, catalogue):
    page = text(learner_client.get("/cy/support/"))

    assert "Wedi mewngofnodi fel <strong>Leah Morgan</strong>" in page
    assert ">Fy nysgu</a>" in page
    assert ">Fy nhystysgrifau</a>" in page
    assert ">Eich data</a>" in page
    assert ">Gosodiadau</a>" in page
    assert ">Allgofnodi</button>" in page


def test_the_frame_is_unchanged_in_english(learner_client, catalogue):
    page = text(learner_client.get("/support/"))

    assert "Skip to main content" in page
    assert "data-menu-button>Menu</button>" in page
    assert "Signed in as <strong>Leah Morgan</strong>" in page
    assert ">My learning</a>" in page
    assert "Kairos Learning is the training platform of Kairos" in page
    assert '<a class="site-header__brand" href="/">Kairos Learning</a>' in page


def test_every_page_loads_the_scripts_words_before_the_scripts(client, catalogue):
    page = text(client.get("/cy/support/"))

    catalogue_script = '<script src="/cy/jsi18n/" defer></script>'
    assert catalogue_script in page
    assert page.index(catalogue_script) < page.index("js/menu.js")


def test_the_scripts_words_are_welsh_under_cy(client):
    welsh_catalogue = client.get("/cy/jsi18n/")
    english_catalogue = client.get("/jsi18n/")

    assert welsh_catalogue.status_code == 200
    assert welsh_catalogue["Content-Type"].startswith("text/javascript")
    assert "Cuddio'r amserydd" in text(welsh_catalogue)
    assert "Nid oedd modd cadw eich drafft" in text(welsh_catalogue)
    assert "Cuddio" not in text(english_catalogue)


# Error pages -------------------------------------------------------------------


def test_page_not_found_is_welsh_under_cy(client, home):
    response = client.get("/cy/no-such-page/")

    assert response.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in text(response)
    assert '<a href="/cy/">hafan</a>' in text(response)


def test_page_not_found_is_english_without_the_prefix(client, home):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in text(response)


@pytest.mark.parametrize(
    ("url", "words", "lang"),
    [
        ("/cy/boom/", "Aeth rhywbeth o'i le", 'lang="cy"'),
        ("/boom/", "Something went wrong", 'lang="en-GB"'),
    ],
)
def test_the_500_page_speaks_the_language_of_the_address(url, words, lang, rf):
    # Rendered by handler500 with whatever language the thread was left in.
    with translation.override("en-gb" if "cy" in url else "cy"):
        response = outage.server_error(rf.get(url))

    assert response.status_code == 500
    assert words in text(response)
    assert lang in text(response)


def test_the_outage_page_speaks_the_language_of_the_address(rf):
    welsh_page = text(outage.unavailable_response(rf.get("/cy/my-learning/")))
    english_page = text(outage.unavailable_response(rf.get("/my-learning/")))

    assert "Mae'r wefan yn cymryd seibiant byr" in welsh_page
    assert "The site is having a short break" in english_page


def test_the_400_page_speaks_the_language_of_the_address(rf):
    response = outage.bad_request(rf.get("/cy/x/"), exception=None)

    assert response.status_code == 400
    assert "Roedd rhywbeth o'i le ar y cais" in text(response)


def test_a_form_that_expired_is_explained_in_welsh(client, home):
    client.handler.enforce_csrf_checks = True
    response = client.post("/cy/accounts/sign-in/", {"username": "x"})

    assert response.status_code == 403
    assert "Mae'r ffurflen wedi dod i ben" in text(response)


def test_no_access_is_welsh_under_cy(home, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.views.defaults import permission_denied

    request = rf.get("/cy/x/")
    request.user = AnonymousUser()
    with translation.override("cy"):
        response = permission_denied(request, exception=None)

    assert "Nid oes gennych fynediad i'r dudalen hon" in text(response)


# Course pages ------------------------------------------------------------------


def test_the_catalogue_is_welsh_under_cy(client, course, catalogue):
    page = text(client.get(welsh(catalogue.url)))

    assert "Chwilio cyrsiau" in page
    assert "Pob pwnc" in page
    assert "Dangos cyrsiau" in page
    assert "Pob cwrs" in page
    assert "Tua 45 munud" in page
    assert "Search courses" not in page


def test_a_course_page_is_welsh_under_cy(learner_client, learner, course):
    services.enrol(user=learner, course=course)
    page = text(learner_client.get(welsh(course.url)))

    assert "Eich cynnydd" in page
    assert "0% wedi'i gwblhau (0 o 3 o wersi)" in page
    assert "Heb ddechrau" in page
    assert "Gwersi" in page
    assert "Oriau DPP" in page


def test_a_visitor_is_invited_to_sign_in_in_welsh(client, course):
    page = text(client.get(welsh(course.url)))

    assert "Gall unrhyw un ddarllen am y cwrs hwn" in page
    assert f'href="/cy/accounts/sign-in/?next=/cy{course.url}' in page


def test_a_lesson_is_welsh_under_cy(learner_client, learner, course):
    services.enrol(user=learner, course=course)
    lesson = course.get_children().first().specific
    page = text(learner_client.get(welsh(lesson.url)))

    assert "Gwers 1 o 3 · tua 10 munud" in page
    assert "Cymryd seibiant" in page
    assert "Marcio'n gyflawn a pharhau" in page
    assert "Trosolwg o'r cwrs" in page


def test_my_learning_is_welsh_under_cy(learner_client, learner, catalogue):
    finished = make_course(catalogue=catalogue, lessons=1, title="Release day")
    complete_course(user=learner, course=finished)
    page = text(learner_client.get("/cy/my-learning/"))

    assert "<h1>Fy nysgu</h1>" in page
    assert "Ar y gweill" in page
    assert "Lawrlwytho eich tystysgrif" in page
    assert "Cwisiau wedi'u hamseru" in page


def test_a_message_after_enrolling_is_welsh(learner_client, course):
    response = learner_client.post(
        f"/cy/my-learning/courses/{course.pk}/enrol/", follow=True
    )

    assert "Rydych wedi cofrestru ar “Trauma-informed practice”." in text(response)


def test_a_version_is_named_in_the_active_language():
    import datetime

    day = datetime.date(2026, 11, 26)
    assert version_label(day) == "version of 26 November 2026"
    with translation.override("cy"):
        assert version_label(day) == "fersiwn 26 Tachwedd 2026"


def test_djangos_own_words_a_learner_reads_are_welsh():
    from django.contrib.auth.password_validation import CommonPasswordValidator
    from django.core.exceptions import ValidationError
    from django.forms import CharField

    with translation.override("cy"):
        with pytest.raises(ValidationError) as required:
            CharField().clean("")
        with pytest.raises(ValidationError) as common:
            CommonPasswordValidator().validate("password")
        # Django's messages are lazy: read them in Welsh.
        assert required.value.messages == ["Mae angen llenwi'r maes hwn."]
        assert common.value.messages == ["Mae'r cyfrinair hwn yn rhy gyffredin."]
