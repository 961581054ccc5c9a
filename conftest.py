"""Fixtures every app's tests share: a site, people in each role, and clients."""

import os

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from accounts import roles
from accounts.tests.factories import UserFactory
from courses import services as course_services
from courses.tests.factories import CourseIndexPageFactory, make_course
from kairos_learning.models import HomePage

# Property-based tests: each example is a full request through the test client,
# so no deadline, a modest number of examples, and the same examples every run.
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    max_examples=60,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A quick look while writing a property: no shrinking.
hypothesis_settings.register_profile(
    "explore",
    parent=hypothesis_settings.get_profile("ci"),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
# Longer runs, by hand or on a schedule: more examples, new ones each run.
hypothesis_settings.register_profile(
    "long",
    parent=hypothesis_settings.get_profile("ci"),
    max_examples=600,
    derandomize=False,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Kairos Learning", slug="kairos"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Kairos"},
    )
    return home


@pytest.fixture
def catalogue(home):
    catalogue = CourseIndexPageFactory(parent=home)
    course_services.grant_trainers_course_tree(catalogue=catalogue)
    return catalogue


@pytest.fixture
def course(catalogue):
    return make_course(catalogue=catalogue, lessons=3, title="Trauma-informed practice")


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Leah Morgan", email="leah@example.org")


@pytest.fixture
def other_learner(db):
    return UserFactory(full_name="Rosa Khan", email="rosa@example.org")


@pytest.fixture
def trainer(db):
    user = UserFactory(full_name="Tara Singh", email="tara@example.org")
    user.groups.add(Group.objects.get(name=roles.TRAINERS_GROUP))
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(
        full_name="Ada Clarke",
        email="ada@example.org",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: page headers and rate-limit
    counters are kept there, and ids are reused from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Every test starts, and leaves, in English. The test client runs requests
    in this thread, and LocaleMiddleware leaves a /cy/ request's Welsh active
    after it: without this, a later test's `reverse()` would give /cy/ addresses
    and its English assertions would read Welsh."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
