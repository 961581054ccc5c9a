"""Evidence packs in Welsh (issue 16): a pack is built, and its email written,
in the language of the person who asked; its public verification page answers
in the visitor's language."""

import io

import pypdfium2
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from agencies.selectors import Scope
from evidence import services
from evidence.models import Build

from .conftest import manifest_of, open_zip

pytestmark = pytest.mark.django_db


def built(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        build = services.request_build(**kwargs)
    build.refresh_from_db()
    return build


@pytest.fixture
def welsh_pack(django_capture_on_commit_callbacks, agency, manager, record):
    manager.preferred_language = "cy"
    manager.save(update_fields=["preferred_language"])
    return built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.PACK,
        scope=Scope(agency=agency),
        by=manager,
    )


def test_a_welsh_managers_pack_is_written_in_welsh(welsh_pack):
    archive = open_zip(welsh_pack)
    document = pypdfium2.PdfDocument(io.BytesIO(archive.read("summary.pdf")))
    text = "".join(
        document[i].get_textpage().get_text_range() for i in range(len(document))
    )
    with translation.override("cy"):
        as_at = date_format(welsh_pack.as_at, "j F Y")
    assert "Tystiolaeth hyfforddiant" in text
    assert "Cyfansymiau fesul cwrs" in text
    assert as_at in text  # a Welsh month name
    manifest = manifest_of(archive)
    assert manifest["kind"] == "Pecyn tystiolaeth"
    assert manifest["how_to_check"].startswith("Rhaid i SHA-256")
    assert manifest["format"] == "Kairos Learning evidence manifest, version 1"


def test_her_ready_email_is_in_welsh(welsh_pack):
    [email] = [m for m in mail.outbox if "lawrlwytho" in m.subject]
    assert email.subject.startswith("Yn barod i'w lawrlwytho: pecyn tystiolaeth")
    assert "Helo" in email.body


def test_the_packs_verification_page_answers_in_the_visitors_language(
    client, welsh_pack
):
    kwargs = {"token": welsh_pack.token}
    with translation.override("cy"):
        welsh_path = reverse("evidence:verify", kwargs=kwargs)
    with translation.override("en-gb"):
        english_path = reverse("evidence:verify", kwargs=kwargs)
    assert welsh_path == "/cy" + english_path
    welsh = client.get(welsh_path).content.decode()
    english = client.get(english_path).content.decode()
    assert "Gwirio pecyn tystiolaeth" in welsh
    assert "Sut i wirio eich copi" in welsh
    assert "Evidence pack check" in english
