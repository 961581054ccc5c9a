import json

import pytest

from privacy import selectors as privacy_selectors
from privacy import services as privacy_services

pytestmark = pytest.mark.django_db


def test_her_data_download_includes_her_credentials(certificate, learner):
    credential = certificate.badge_credential

    data = privacy_selectors.export_for(learner)

    assert data["open_badges_credentials"] == [
        {
            "id": credential.urn,
            "certificate_reference": certificate.reference,
            "issued": credential.issued_at.isoformat(),
            "withdrawn": None,
            "signed_credential_jwt": credential.token,
        }
    ]
    json.dumps(data, default=str)


def test_after_erasure_nothing_of_her_credentials_is_kept_but_the_withdrawal(
    certificate, learner
):
    privacy_services.erase_account(learner, reason="She asked", actor=learner)

    (exported,) = privacy_selectors.export_for(learner)["open_badges_credentials"]
    assert exported["signed_credential_jwt"] is None
    assert exported["withdrawn"] is not None
