import io

import jwt
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openbadgeslib import baking
from openbadgeslib.ob3 import decode_encoded_list, set_indices
from PIL import Image

from badges import identity, linkedin
from certificates import services as certificate_services

pytestmark = pytest.mark.django_db


def test_the_did_document_publishes_the_keys(client, certificate):
    response = client.get("/.well-known/did.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=3600"
    document = response.json()
    assert document["id"] == identity.did()
    kid = jwt.get_unverified_header(certificate.badge_credential.token)["kid"]
    assert kid in document["assertionMethod"]
    # Public halves only: no private "d" member.
    assert set(document["verificationMethod"][0]["publicKeyJwk"]) == {
        "kty",
        "crv",
        "x",
    }


def test_the_issuer_profile_names_the_did(client):
    profile = client.get(reverse("badges_public:issuer")).json()

    assert profile["id"] == identity.did()
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Kairos"


def test_the_did_document_is_not_under_a_language_prefix(client):
    assert client.get("/cy/.well-known/did.json").status_code == 404


def status_bits(client) -> frozenset:
    response = client.get(reverse("badges_public:status_list"))
    assert response.status_code == 200
    payload = jwt.decode(response.content, options={"verify_signature": False})
    return set_indices(decode_encoded_list(payload["credentialSubject"]["encodedList"]))


def test_the_status_list_follows_revocation(client, certificate, trainer):
    index = certificate.badge_credential.status_index
    assert index not in status_bits(client)

    certificate_services.revoke(certificate=certificate, by=trainer, reason="Error")

    assert status_bits(client) == {index}


def test_the_status_list_is_cached_with_an_etag(client, certificate):
    url = reverse("badges_public:status_list")
    response = client.get(url)

    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Cache-Control"] == "public, max-age=300"
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_she_downloads_her_credential(learner_client, certificate):
    token = certificate.badge_credential.token

    jwt_response = learner_client.get(reverse("badges:jwt", args=[certificate.pk]))
    assert jwt_response.content.decode() == token
    assert jwt_response["Cache-Control"] == "private, no-store"
    assert "attachment" in jwt_response["Content-Disposition"]

    document = learner_client.get(reverse("badges:json", args=[certificate.pk])).json()
    assert document["type"] == "EnvelopedVerifiableCredential"
    assert document["id"] == f"data:application/vc+jwt,{token}"

    png = learner_client.get(reverse("badges:png", args=[certificate.pk])).content
    assert baking.extract_png(png, keyword=baking.ITXT_KEYWORD_OB3) == token
    Image.open(io.BytesIO(png)).verify()


@pytest.mark.parametrize("name", ["badges:jwt", "badges:json", "badges:png"])
def test_another_learner_cannot_download_hers(client, other_learner, certificate, name):
    client.force_login(other_learner)
    assert client.get(reverse(name, args=[certificate.pk])).status_code == 404


def test_a_withdrawn_credential_is_not_offered(learner_client, certificate, trainer):
    certificate_services.revoke(certificate=certificate, by=trainer, reason="Error")
    url = reverse("badges:png", args=[certificate.pk])
    assert learner_client.get(url).status_code == 404


def test_my_certificates_links_to_the_badge_and_linkedin(learner_client, certificate):
    page = learner_client.get(reverse("certificates:mine")).content.decode()

    assert reverse("badges:png", args=[certificate.pk]) in page
    assert reverse("badges:jwt", args=[certificate.pk]) in page
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert '<script src="https://platform.linkedin' not in page


def test_the_linkedin_link_carries_the_certificate(certificate):
    url = linkedin.add_to_profile_url(certificate)

    assert "name=Responding+to+exploitation" in url
    assert f"certId={certificate.reference}" in url
    assert f"issueYear={certificate.issued_at.year}" in url
    assert f"expirationYear={certificate.expires_on.year}" in url
    assert "certUrl=http" in url


def test_the_verification_page_links_to_the_credential_check(client):
    page = client.get(reverse("certificates:verify_reference")).content.decode()
    assert reverse("badges:verify") in page


def check(client, **data):
    return client.post(reverse("badges:verify"), data).content.decode()


def test_a_pasted_credential_is_valid(client, certificate):
    page = check(client, credential=certificate.badge_credential.token)

    assert "This credential is valid." in page
    assert "Responding to exploitation" in page


def test_an_uploaded_badge_is_valid(learner_client, client, certificate):
    png = learner_client.get(reverse("badges:png", args=[certificate.pk])).content

    page = check(
        client, image=SimpleUploadedFile("badge.png", png, content_type="image/png")
    )

    assert "This credential is valid." in page


def test_a_revoked_one_says_withdrawn(client, certificate, trainer):
    token = certificate.badge_credential.token
    certificate_services.revoke(certificate=certificate, by=trainer, reason="Error")

    assert "This credential has been withdrawn." in check(client, credential=token)


def test_a_file_that_is_not_a_png_is_refused_clearly(client):
    upload = SimpleUploadedFile("badge.png", b"GIF89a not really", "image/png")
    assert "This file is not a PNG image." in check(client, image=upload)


def test_a_png_without_a_credential_is_refused_clearly(client):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    upload = SimpleUploadedFile("plain.png", buffer.getvalue(), "image/png")
    assert "does not hold an Open Badges credential" in check(client, image=upload)


def test_a_large_file_is_refused(client):
    upload = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 600_000)
    assert "This file is too large" in check(client, image=upload)


def test_pasted_garbage_is_refused_clearly(client):
    assert "not a credential we can read" in check(client, credential="hello there")


def test_nothing_sent_asks_for_something(client):
    assert "Paste a credential or upload a badge image" in check(client)


def test_the_checking_page_in_welsh(client, certificate):
    page = client.get("/cy/badges/check/").content.decode()
    assert "Gwirio tystlythyr Open Badges" in page

    answer = client.post(
        "/cy/badges/check/", {"credential": certificate.badge_credential.token}
    ).content.decode()
    assert "Mae’r tystlythyr hwn yn ddilys." in answer


def test_her_badge_links_in_welsh(learner_client, certificate):
    page = learner_client.get("/cy/certificates/").content.decode()
    assert "Lawrlwytho delwedd y bathodyn (PNG)" in page
    assert "Ychwanegu at LinkedIn" in page
