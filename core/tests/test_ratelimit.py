import pytest

from core.ratelimit import client_address


@pytest.mark.parametrize(
    ("remote", "counted"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", ""),
    ],
)
def test_clients_are_counted_by_address_and_ipv6_by_its_64(rf, remote, counted):
    assert client_address(rf.get("/", REMOTE_ADDR=remote)) == counted


def test_behind_a_trusted_proxy_the_address_it_saw_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
    )

    assert client_address(request) == "198.51.100.9"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "198.51.100.9"
