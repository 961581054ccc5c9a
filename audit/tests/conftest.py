"""People in an agency, from the agencies tests, for the audit tests."""

from agencies.tests.conftest import (  # noqa: F401 (fixtures)
    agency,
    alice,
    bella,
    manager,
    member,
    north,
    other_agency,
    other_manager,
    south,
    stranger,
    team_manager,
)
