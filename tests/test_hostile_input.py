"""Hostile values in every parameter a view reads: never a server error, never
a row written by a refused value, never a NUL stored.

The views are the access matrix's rows (every URL the project answers, found
by walking the resolver). For each, the person who may use it opens it, and
the parameters it reads are found from what it shows and what it reads:
every field of the forms and filter sets on the page (GET forms as query
parameters, its own POST forms as posted fields), the row's own POST payload,
and every query parameter the project's views read by name (found in the
source). Hypothesis then feeds each of them huge, negative, non-numeric,
Unicode and NUL values.
"""

from __future__ import annotations

import re
from html import unescape
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.access_matrix.outcomes import OK, OWN, REDIRECT, snapshot
from tests.access_matrix.urls import our_apps
from tests.access_matrix.world import PERSONAS
from tests.test_access_matrix import MATRIX, _fresh_cache, world  # noqa: F401

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# Who is tried first: the person each page is for, most often.
PREFERENCE = (
    "learner",
    "agency_manager",
    "admin",
    "trainer",
    "team_manager",
    "other_agency_learner",
    "anonymous",
)
assert set(PREFERENCE) == set(PERSONAS)

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "9" * 25,
            str(2**63),
            str(2**63 - 1),
            "-1",
            "0",
            "-9223372036854775809",
            "1e309",
            "NaN",
            "١٢٣",
            "１２",
            "\x00",
            "1\x00",
            "abc",
            "'; drop table x; --",
            "𝟙𝟚",
            " ",
        ]
    ),
    st.integers(min_value=2**63, max_value=10**40).map(str),
    st.integers(max_value=-1).map(str),
    st.text(st.characters(codec="utf-8"), max_size=40),
)


# `request.GET`, or `query` where a helper is handed the query string
# (agencies.views.dashboard.filters_from_query).
_READS = re.compile(
    r"""(?:request\.GET(?:\.get\(|\[|,\s*)|\bquery(?:\.get\(|\[))["']([\w-]+)["']|"""
    r"""id_from_query\((?:request\.GET|query),\s*["']([\w-]+)["']"""
)


def query_names_read_in(module_name: str) -> set[str]:
    """Names a module of ours reads from the query string directly, not via a
    form (a form or filter set shows its fields on the page)."""
    if module_name.split(".")[0] not in our_apps():
        return set()
    text = Path(import_module(module_name).__file__).read_text()
    return {match.group(1) or match.group(2) for match in _READS.finditer(text)}


def view_module(path: str) -> str:
    func = resolve(path).func
    target = getattr(func, "view_class", None) or func
    return target.__module__


def test_the_source_scan_finds_the_query_parameters_views_read():
    assert {"team", "course", "q", "status", "sort"} <= query_names_read_in(
        "agencies.views.dashboard"
    )
    assert "category" in query_names_read_in(view_module(reverse("quizzes:list")))


_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*')""")
_OPTION = re.compile(r"<option\b([^>]*)>", re.I)


def _attrs(text: str) -> dict:
    return {k.lower(): unescape(v[1:-1]) for k, v in _ATTR.findall(text)}


def forms_on(html: str, path: str, *, get_forms_anywhere=False) -> list[dict]:
    """The page's forms that submit to the page itself (and, if asked, its
    GET forms that submit elsewhere, like the admin's filters, which submit to
    the listing's results URL and are read the same way by the page): method,
    each field's kind, default value and choices."""
    found = []
    for form_attrs, inner in _FORM.findall(html):
        attrs = _attrs(form_attrs)
        action = attrs.get("action", "")
        is_get = attrs.get("method", "get").lower() == "get"
        elsewhere = action and urlsplit(action).path not in ("", path)
        if elsewhere and not (get_forms_anywhere and is_get):
            continue
        fields, kinds, choices = {}, {}, {}
        for tag, field_attrs in _FIELD.findall(inner):
            a = _attrs(field_attrs)
            name = a.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = a.get("type", "text").lower() if tag.lower() == "input" else tag
            kinds[name] = kind.lower()
            if kind in ("checkbox", "radio") and "checked" not in field_attrs:
                continue
            if kind in ("submit", "button", "file", "image"):
                continue
            fields.setdefault(name, a.get("value", ""))
        for match in re.finditer(
            r"<select\b([^>]*)>(.*?)</select>", inner, re.S | re.I
        ):
            name = _attrs(match.group(1)).get("name")
            options = [_attrs(o) for o in _OPTION.findall(match.group(2))]
            if name:
                choices[name] = {o.get("value", "") for o in options}
            if name and options:
                fields[name] = options[0].get("value", "")
        found.append(
            {
                "method": attrs.get("method", "get").lower(),
                "fields": fields,
                "kinds": kinds,
                "choices": choices,
            }
        )
    return found


_BOOKKEEPING = re.compile(
    r"(-count|-TOTAL_FORMS|-INITIAL_FORMS|-MIN_NUM_FORMS|-MAX_NUM_FORMS"
    r"|-\d+-(deleted|order|type|id))$"
)


def _person(expected: tuple, wanted: set) -> str | None:
    by_persona = dict(zip(PERSONAS, expected, strict=True))
    return next((p for p in PREFERENCE if by_persona[p] in wanted), None)


def _cases():
    for key, spec in MATRIX.items():
        persona = _person(spec.get, {OK, OWN})
        if persona is not None:
            yield pytest.param(key, persona, "GET", id=f"{key}-GET-{persona}")
        if spec.post:
            persona = next(iter(sorted(spec.changes)), None) or _person(
                spec.post, {OK, OWN, REDIRECT}
            )
            if persona is not None:
                yield pytest.param(key, persona, "POST", id=f"{key}-POST-{persona}")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _nul_stored(state: dict) -> list[str]:
    return [
        label
        for label, rows in state.items()
        for row in rows
        if any("\x00" in text for text in _strings(row))
    ]


def _must_be_refused(kind, options, value: str) -> bool:
    """Whether a form must refuse `value` in a field of this kind, so that
    nothing is written: a NUL in any field she types or chooses; a choice the
    page never offered; a "number" no form can take."""
    if kind is None or kind == "hidden" or not value.strip():
        return False
    if "\x00" in value:
        return True
    if kind == "select":
        return options is not None and value not in options
    if kind == "number":
        try:
            number = int(value.strip())
        except ValueError:
            return not _is_decimal(value)
        return not -(2**63) <= number < 2**63
    return False


def _is_decimal(value: str) -> bool:
    return re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value, re.ASCII) is not None


@pytest.mark.parametrize(("key", "persona", "method"), list(_cases()))
def test_hostile_values_never_break_a_view(world, client, key, persona, method):  # noqa: F811
    spec = MATRIX[key]
    if persona != "anonymous":
        client.force_login(world.users[persona])
    client.raise_request_exception = True
    url = spec.url.path(world)
    path = urlsplit(url).path
    page = client.get(url)
    is_html = page.status_code == 200 and "html" in page.get("Content-Type", "")
    html = page.content.decode(errors="replace") if is_html else ""
    forms = forms_on(html, path)

    own_posts = [f for f in forms if f["method"] == "post"]
    if method == "GET":
        names = query_names_read_in(view_module(path))
        for form in forms_on(html, path, get_forms_anywhere=True):
            if form["method"] == "get":
                names |= set(form["fields"]) | set(form["kinds"])
        base, kinds, choices = {}, {}, {}
        # A page whose own form the matrix never posts (the admin's add and
        # edit forms): its choices and numbers are posted here.
        if spec.post is None and own_posts:
            post_base = dict(own_posts[0]["fields"])
            post_kinds = dict(own_posts[0]["kinds"])
            post_names = {n for n, k in post_kinds.items() if k in ("select", "number")}
        else:
            post_base, post_kinds, post_names = {}, {}, set()
        post_choices = own_posts[0]["choices"] if own_posts else {}
    else:
        base = dict(spec.post_data or (own_posts[0]["fields"] if own_posts else {}))
        kinds = {k: v for f in own_posts for k, v in f["kinds"].items()}
        choices = {k: v for f in own_posts for k, v in f["choices"].items()}
        names = set(base) | set(kinds)
        post_base, post_kinds, post_choices = base, kinds, choices
        post_names, names = names, set()
    # Left out: the bookkeeping fields of Wagtail's StreamField and Django's
    # formsets (counts, order, deleted flags), which Wagtail reads without
    # checking; a wrong count there is Wagtail's own 500, on admin pages only.
    names = {name for name in names if not _BOOKKEEPING.search(name)}
    post_names = {name for name in post_names if not _BOOKKEEPING.search(name)}
    if not names and not post_names:
        pytest.skip("reads no parameters")
    apps_ = our_apps()

    @hypothesis_settings(
        max_examples=3,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
        derandomize=True,
    )
    @given(value=HOSTILE)
    @example(value="9" * 25)
    @example(value=str(2**63))
    @example(value="-1")
    @example(value="\x00")
    @example(value="١٢")
    def check(name, value, posting):
        if not posting:
            response = client.get(path, {name: value})
            assert response.status_code < 500, (name, value)
            return
        before = snapshot(apps_)
        response = client.post(path, {**post_base, name: value})
        assert response.status_code < 500, (name, value)
        after = snapshot(apps_)
        assert not _nul_stored(after), (name, value)
        if _must_be_refused(post_kinds.get(name), post_choices.get(name), value):
            assert after == before, f"{name}={value!r} wrote a row"
        # Signed in again if the POST signed her out, for the next example.
        if persona != "anonymous" and "_auth_user_id" not in client.session:
            client.force_login(world.users[persona])

    for name in sorted(names):
        check(name, posting=False)
    for name in sorted(post_names):
        check(name, posting=True)


# The places where a 25-digit number was a server error, by name --------------

HUGE = ["9" * 25, str(2**63)]
QUERY_FILTERS = [
    ("quizzes:list", "learner", "category", {400}),
    ("agencies:dashboard", "agency_manager", "course", {400}),
    ("agencies:export_csv", "agency_manager", "course", {400}),
    ("agencies:export_xlsx", "agency_manager", "course", {400}),
    ("agencies:dashboard", "agency_manager", "team", {400}),
    ("quizzes_admin:attempts", "admin", "quiz", {200}),
    ("agencies_admin:training_report", "admin", "course", {200}),
    ("agencies_admin:training_report", "admin", "agency", {200}),
    ("certificates_admin:index", "admin", "course", {200}),
    ("audit_admin:index", "admin", "agency", {200}),
    ("team:index", "admin", "agency", {200}),
    ("membership:index", "admin", "agency", {200}),
    ("wagtailusers_users:index", "admin", "group", {200}),
]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize(("name", "persona", "param", "statuses"), QUERY_FILTERS)
def test_a_huge_id_in_a_filter_is_refused_not_a_server_error(
    world,  # noqa: F811
    client,
    name,
    persona,
    param,
    statuses,
    value,
):
    """A 400 where a view reads the id itself; the page with a form error on
    the filter where a form or filter set reads it."""
    client.force_login(world.users[persona])
    response = client.get(reverse(name), {param: value})
    assert response.status_code in statuses


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_course_in_the_assignment_form_is_a_form_error(
    world,  # noqa: F811
    client,
    value,
):
    client.force_login(world.users["agency_manager"])
    apps_ = our_apps()
    before = snapshot(apps_)
    response = client.post(
        reverse("agencies:assignments"),
        {"course": value, "target": "agency", "due_date": "2099-01-01"},
    )
    assert response.status_code == 400  # the page, with the form's error
    assert "Select a valid choice" in response.content.decode()
    assert snapshot(apps_) == before
