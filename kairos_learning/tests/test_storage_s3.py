"""Media on S3-compatible storage, configured by the environment.

The production settings are read in a subprocess (settings are module-level);
the certificate storage they describe is then used against moto's in-memory S3:
a rendered PDF becomes a private object that only its owner gets, streamed
through the download view, never by a link to the bucket.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws
from storages.backends.s3 import S3Storage

from badges.keys import generate_pem
from certificates.models import Certificate
from certificates.tests.conftest import complete

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kairos_learning.settings.production",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "learning.example.org",
    "DATABASE_URL": "postgres://kairos@db.internal:5432/kairos",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
    "BADGES_SIGNING_KEYS": generate_pem(),
}
PRINT_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'STORAGES': settings.STORAGES, 'RENDITIONS': "
    "getattr(settings, 'WAGTAILIMAGES_RENDITION_STORAGE', None), "
    "'ENDPOINT': getattr(settings, 'AWS_S3_ENDPOINT_URL', None)}, default=str))"
)


def production_settings(**env) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DJANGO_", "DATABASE_", "CERTIFICATES_"))
    }
    environment.update(PRODUCTION_ENV, **env)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"import django; django.setup(); {PRINT_SETTINGS}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def s3_settings():
    return production_settings(
        AWS_STORAGE_BUCKET_NAME="kairos-media",
        CERTIFICATES_BUCKET_NAME="kairos-certificates",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
    )


def test_without_a_bucket_files_stay_on_disk():
    settings = production_settings()

    storages = settings["STORAGES"]
    assert storages["default"]["BACKEND"].endswith("FileSystemStorage")
    assert storages["certificates"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["RENDITIONS"] is None


def test_with_a_bucket_media_and_certificates_go_to_s3(s3_settings):
    storages = s3_settings["STORAGES"]
    s3 = "storages.backends.s3.S3Storage"

    media = storages["default"]
    assert media["BACKEND"] == s3
    assert media["OPTIONS"]["bucket_name"] == "kairos-media"
    assert media["OPTIONS"]["default_acl"] == "private"
    assert media["OPTIONS"]["querystring_auth"] is True

    # Renditions appear in public pages: URLs that do not expire.
    renditions = storages["renditions"]
    assert s3_settings["RENDITIONS"] == "renditions"
    assert renditions["BACKEND"] == s3
    assert renditions["OPTIONS"]["querystring_auth"] is False
    assert renditions["OPTIONS"]["location"] != media["OPTIONS"]["location"]

    certificates = storages["certificates"]
    assert certificates["BACKEND"] == s3
    assert certificates["OPTIONS"]["bucket_name"] == "kairos-certificates"
    assert certificates["OPTIONS"]["default_acl"] == "private"
    assert certificates["OPTIONS"]["querystring_auth"] is True
    assert s3_settings["ENDPOINT"] == "https://objects.example.net"
    # Static files stay with WhiteNoise, whatever the media do.
    assert storages["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_certificates_can_share_the_media_bucket_under_their_own_prefix():
    storages = production_settings(AWS_STORAGE_BUCKET_NAME="kairos-media")["STORAGES"]

    assert storages["certificates"]["OPTIONS"]["bucket_name"] == "kairos-media"
    assert (
        storages["certificates"]["OPTIONS"]["location"]
        != storages["default"]["OPTIONS"]["location"]
    )


@pytest.fixture
def s3_certificates(s3_settings, monkeypatch):
    """The certificates storage production would build, over moto's S3."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    # The endpoint is a setting of its own (AWS_S3_ENDPOINT_URL), unset here:
    # moto answers AWS's own endpoints.
    options = s3_settings["STORAGES"]["certificates"]["OPTIONS"]
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-2")
        client.create_bucket(
            Bucket=options["bucket_name"],
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        storage = S3Storage(**options, region_name="eu-west-2")
        monkeypatch.setattr(Certificate._meta.get_field("pdf"), "storage", storage)
        yield client, options


@pytest.mark.django_db
def test_a_certificate_is_a_private_object_streamed_only_to_its_owner(
    s3_certificates,
    django_capture_on_commit_callbacks,
    client,
    learner,
    other_learner,
    course,
):
    s3, options = s3_certificates
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, course)
    certificate = learner.certificates.get()

    key = f"{options['location']}/{certificate.pdf.name}"
    stored = s3.get_object(Bucket=options["bucket_name"], Key=key)["Body"].read()
    assert stored.startswith(b"%PDF")
    grants = s3.get_object_acl(Bucket=options["bucket_name"], Key=key)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers

    url = reverse("certificates:download", args=[certificate.pk])
    client.force_login(other_learner)
    assert client.get(url).status_code == 404

    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert "Location" not in response
