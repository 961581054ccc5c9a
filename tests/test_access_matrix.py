"""Who may use which URL: the access-control matrix (issue 6, item 1).

Every URL pattern the project defines is found by walking the resolver, and
each must have a row in MATRIX below saying what each of seven people gets:

    anonymous        signed out
    learner          Leah, a learner in team North of agency A; every URL that
                     names a record names one of hers
    other_agency     a learner of agency B
    team_manager     the manager of team South of agency A (not Leah's team)
    agency_manager   the manager of the whole of agency A
    trainer          in the Trainers group (two-factor is off in test settings)
    admin            a superuser

A URL with no row fails `test_every_url_has_a_row`: no view can be added without
deciding who may use it. To add one, add a row keyed by the pattern's name
("namespace:name", or the full route if it has no unique name): the URL (with
`U(name, kwarg="world id")`), then the GET outcome for the seven people in the
order above, and for views that take POST, the outcome of a POST: empty, or
`post_data`, a payload that would succeed for the right person, so that the
others reach the view's own scope check. `unchanged` names people whose POST
is answered with a redirect but must change nothing; `changes`, people whose
POST must change something (which shows post_data is valid).

Wagtail's own admin URLs (pages, images, documents, users' groups, sites...) are
not listed one by one: every one of them sends the signed-out to the admin's
sign-in page, and a sample is checked for everyone (WAGTAIL_ADMIN_SAMPLE). The
admin screens our apps register (viewsets, snippets, hook URLs) are rows here,
and so are our apps' site settings (SITE_SETTINGS_ROWS), though Wagtail serves
them.

Outcomes (tests/access_matrix/outcomes.py): OK is a 2xx; REDIRECT a redirect
that is the view's normal behaviour; LOGIN / ADMIN_LOGIN a redirect to the
site's / the admin's sign-in page; ADMIN_DENIED Wagtail's "you do not have
permission" redirect to the admin home; FORBIDDEN 403; NOT_FOUND 404;
NOT_ALLOWED 405; BAD_REQUEST 400; To(target) a REDIRECT to a path starting
with target; OWN a 200 that must not show any of world.markers (Leah's name,
email, notes, answers, certificate reference, the link to her quiz result, her
request for more time; and what only her agency's manager may see: the open
invitations to Leah's team and to no team, the agency's join code). A row is
OWN only if the page shows Leah (or, on a manager's page, her agency's manager)
at least one of them; a page with nothing personal on it is plain OK. A refused
POST must also leave every record unchanged. A row's `absent` names words
(world.strings) that no response to anyone may contain, for pages that must
leave something out for everybody (a quiz of an unpublished course).

The world also holds a course Leah enrolled in and started the quiz of, then
unpublished: its lesson and quiz stay live beneath it. UNPUBLISHED_COURSE_ROWS
point every learner URL at them (second rows for those patterns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from tests.access_matrix.outcomes import (
    ADMIN_DENIED,
    ADMIN_LOGIN,
    BAD_REQUEST,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    OWN,
    REDIRECT,
    REFUSALS,
    body,
    outcome,
    snapshot,
)
from tests.access_matrix.urls import classify, our_apps
from tests.access_matrix.world import PERSONAS, build_world

pytestmark = pytest.mark.django_db

# Short names for the table
O, R, L, AL, AD = OK, REDIRECT, LOGIN, ADMIN_LOGIN, ADMIN_DENIED  # noqa: E741
F, N, NA, B = FORBIDDEN, NOT_FOUND, NOT_ALLOWED, BAD_REQUEST


@dataclass(frozen=True)
class U:
    """A URL by name, its kwargs naming records of the world (world.ids or
    world.strings), or a literal path."""

    name: str
    kwargs: tuple = ()
    query: str = ""

    def __init__(self, name: str, query: str = "", **kwargs):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kwargs", tuple(sorted(kwargs.items())))
        object.__setattr__(self, "query", query)

    def path(self, world) -> str:
        if self.name.startswith("/"):
            url = self.name.format(**world.ids, **world.strings)
        else:
            values = {
                key: world.ids[ref] if ref in world.ids else world.strings[ref]
                for key, ref in self.kwargs
            }
            url = reverse(self.name, kwargs=values)
        return f"{url}?{self.query}" if self.query else url


@dataclass(frozen=True)
class To:
    """Expected only: REDIRECT to a path starting with target (a U, or a path
    with {world ids}), for a redirect that must land in one particular place."""

    target: U | str

    def prefix(self, world) -> str:
        if isinstance(self.target, U):
            return self.target.path(world)
        return self.target.format(**world.ids, **world.strings)

    def __str__(self) -> str:
        return f"{REDIRECT} to {self.target}"


@dataclass(frozen=True)
class Row:
    url: U
    get: tuple  # seven outcomes, in PERSONAS order
    post: tuple | None = None  # the same, for a POST; None: GET only
    # What is posted (empty if None): a payload that would succeed for the right
    # person, so that the attackers' POST reaches the view's scope check.
    post_data: dict | None = None
    # Personas whose POST must leave every record unchanged even though it is
    # answered with a redirect (refusals are always checked).
    unchanged: frozenset = frozenset()
    # Personas whose POST must change something: proof that post_data is valid.
    changes: frozenset = frozenset()
    # Keys of world.strings that no GET response, to anyone, may contain.
    absent: tuple = ()


def row(
    url, get, post=None, *, post_data=None, unchanged=(), changes=(), absent=()
) -> Row:
    assert len(get) == len(PERSONAS), url
    assert post is None or len(post) == len(PERSONAS), url
    assert set(unchanged) | set(changes) <= set(PERSONAS), url
    assert post or not (post_data or unchanged or changes), url
    return Row(
        url,
        tuple(get),
        tuple(post) if post else None,
        post_data,
        frozenset(unchanged),
        frozenset(changes),
        tuple(absent),
    )


# Profiles that recur ---------------------------------------------------------------
# order: anonymous, learner, other_agency, team_manager, agency_manager, trainer, admin
PUBLIC = (O,) * 7
SIGNED_IN = (L, O, O, O, O, O, O)
HER_OWN = (L, O, OWN, OWN, OWN, OWN, OWN)  # each sees only her own
HERS_ONLY = (L, O, N, N, N, N, N)  # a record of hers: everyone else gets 404


def hers_redirect(to: To) -> tuple:
    """A record of hers that sends her on to `to`: everyone else gets 404."""
    return (L, to, N, N, N, N, N)


POST_ONLY = (NA,) * 7
MANAGERS = (L, N, N, O, O, N, N)  # /agency/ pages: managers of agency A only
MANAGERS_SCOPED = (L, N, N, OWN, O, N, N)  # the team manager must not see Leah
LEAH_VIA_MANAGER = (L, N, N, N, O, N, N)  # a record of Leah's: her manager only
TWO_FACTOR_PAGE = (L, N, N, N, N, O, O)
# Under /admin/: nobody without admin access gets past Wagtail's own check
TRAINERS = (AL, AL, AL, AL, AL, O, O)
ADMINS = (AL, AL, AL, AL, AL, AD, O)


MATRIX: dict[str, Row] = {
    # accounts ----------------------------------------------------------------------
    "accounts:sign_up": row(U("accounts:sign_up"), (O, R, R, R, R, R, R)),
    "accounts:sign_up_sent": row(U("accounts:sign_up_sent"), PUBLIC),
    # The emailed link to finish signing up, for an address with no account.
    "accounts:sign_up_confirm": row(
        U("accounts:sign_up_confirm", token="sign_up_token"),
        (O, R, R, R, R, R, R),
        (O, R, R, R, R, R, R),
    ),
    "accounts:login": row(U("accounts:login"), (O, R, R, R, R, R, R)),
    "accounts:logout": row(U("accounts:logout"), POST_ONLY),
    "accounts:password_reset": row(U("accounts:password_reset"), PUBLIC),
    "accounts:password_reset_done": row(U("accounts:password_reset_done"), PUBLIC),
    "accounts:password_reset_confirm": row(
        U("accounts:password_reset_confirm", uidb64="uidb64", token="reset_token"),
        # A valid link moves on to the set-password page. Leah's own link is out
        # of date once she has signed in again (tokens include the last sign-in).
        (R, O, R, R, R, R, R),
    ),
    "accounts:password_reset_complete": row(
        U("accounts:password_reset_complete"), PUBLIC
    ),
    # Two-factor sign-in to the admin: only for people who can open the admin.
    # Each person chooses her own emails: a POST only ever changes hers.
    "accounts:notifications": row(
        U("accounts:notifications"),
        SIGNED_IN,
        (L, R, R, R, R, R, R),
        changes={"learner"},
    ),
    # Her language: a POST only ever changes hers; GET changes nothing (405).
    "accounts:language": row(
        U("accounts:language"),
        (L, NA, NA, NA, NA, NA, NA),
        (L, R, R, R, R, R, R),
        post_data={"language": "cy"},
        changes={"learner"},
    ),
    # Keeping her language after switching: remembered in her session only.
    "accounts:keep_language": row(
        U("accounts:keep_language"),
        (L, NA, NA, NA, NA, NA, NA),
        (L, R, R, R, R, R, R),
    ),
    "accounts:two_factor_set_up": row(
        U("accounts:two_factor_set_up"), TWO_FACTOR_PAGE, TWO_FACTOR_PAGE
    ),
    "accounts:two_factor_verify": row(
        U("accounts:two_factor_verify"),
        (L, N, N, N, N, R, R),  # no authenticator yet: on to setting one up
        (L, N, N, N, N, R, R),
    ),
    # courses -----------------------------------------------------------------------
    "courses:my_learning": row(U("courses:my_learning"), HER_OWN),
    "courses:enrol": row(
        U("courses:enrol", course_id="course"), POST_ONLY, (L, R, R, R, R, R, R)
    ),
    "courses:resume": row(
        U("courses:resume", course_id="course"), (L, R, R, R, R, R, R)
    ),
    "courses:restart": row(
        U("courses:restart", course_id="course"), POST_ONLY, (L, R, R, R, R, R, R)
    ),
    "courses:on_break": row(U("courses:on_break", course_id="course"), HERS_ONLY),
    "courses:take_break": row(
        U("courses:take_break", page_id="lesson"), POST_ONLY, (L, R, R, R, R, R, R)
    ),
    "courses:complete_lesson": row(
        U("courses:complete_lesson", lesson_id="lesson"),
        POST_ONLY,
        (L, R, R, R, R, R, R),
    ),
    # quizzes -----------------------------------------------------------------------
    # Nothing of hers on it, and no quiz of an unpublished course.
    "quizzes:list": row(
        U("quizzes:list"), PUBLIC, absent=("hidden_quiz_title", "hidden_question")
    ),
    "quizzes:progress": row(U("quizzes:progress"), HER_OWN),
    "quizzes:practice": row(
        U("quizzes:practice", quiz_id="quiz"), (O, R, R, R, R, R, R)
    ),
    "quizzes:start": row(
        U("quizzes:start", quiz_id="quiz"), POST_ONLY, (L, R, R, R, R, R, R)
    ),
    # Her attempt is submitted: taking or reviewing it again shows its result.
    "quizzes:take": row(
        U("quizzes:take", attempt_id="attempt"),
        hers_redirect(To(U("quizzes:result", attempt_id="attempt"))),
    ),
    "quizzes:review": row(
        U("quizzes:review", attempt_id="attempt"),
        hers_redirect(To(U("quizzes:result", attempt_id="attempt"))),
    ),
    "quizzes:result": row(U("quizzes:result", attempt_id="attempt"), HERS_ONLY),
    # Each asks for more time for herself only.
    "quizzes:more_time": row(U("quizzes:more_time"), SIGNED_IN, (L, R, R, R, R, R, R)),
    # The take page's autosave of a written answer: an empty post is refused.
    "quizzes:autosave": row(
        U("quizzes:autosave", attempt_id="attempt"),
        POST_ONLY,
        (L, B, N, N, N, N, N),
    ),
    # certificates ------------------------------------------------------------------
    "certificates:mine": row(U("certificates:mine"), HER_OWN),
    # Her CPD record, as a spreadsheet and a PDF: only ever her own.
    "certificates:cpd_record_csv": row(U("certificates:cpd_record_csv"), HER_OWN),
    "certificates:cpd_record_pdf": row(U("certificates:cpd_record_pdf"), HER_OWN),
    # Trainers and admins may download any certificate (certificates.selectors).
    "certificates:download": row(
        U("certificates:download", pk="certificate"), (L, O, N, N, N, O, O)
    ),
    # Her own certificate for a course, from My learning: on to its download;
    # anyone with none for that course goes to their own list.
    "certificates:for_course": row(
        U("certificates:for_course", course_id="short_course"),
        (L, To(U("certificates:download", pk="certificate")))
        + (To(U("certificates:mine")),) * 5,
    ),
    "certificates:verify_reference": row(
        U("certificates:verify_reference"), PUBLIC, PUBLIC
    ),
    "certificates:verify": row(U("certificates:verify", token="verify_token"), PUBLIC),
    # badges: her Open Badges credential is hers alone (not even a trainer's);
    # checking one, the DID document and the status list are public.
    "badges:jwt": row(U("badges:jwt", certificate_id="certificate"), (L, O) + (N,) * 5),
    "badges:json": row(
        U("badges:json", certificate_id="certificate"), (L, O) + (N,) * 5
    ),
    "badges:png": row(U("badges:png", certificate_id="certificate"), (L, O) + (N,) * 5),
    "badges:verify": row(U("badges:verify"), PUBLIC, PUBLIC),
    "badges_public:did_document": row(U("badges_public:did_document"), PUBLIC),
    "badges_public:status_list": row(U("badges_public:status_list"), PUBLIC),
    "badges_public:issuer": row(U("badges_public:issuer"), PUBLIC),
    # evidence: packs, certificate ZIPs, large exports ------------------------------
    "evidence:new_pack": row(
        U("evidence:new_pack"),
        MANAGERS,
        (L, N, N, R, R, N, N),
        post_data={"as_at": "2026-01-05"},
        changes={"team_manager", "agency_manager"},
    ),
    "evidence:bulk_certificates": row(
        U("evidence:bulk_certificates"),
        MANAGERS,
        (L, N, N, R, R, N, N),
        changes={"team_manager", "agency_manager"},
    ),
    "evidence:large_export": row(
        U("evidence:large_export", fmt="export_format"),
        MANAGERS,
        (L, N, N, R, R, N, N),
        changes={"team_manager", "agency_manager"},
    ),
    "evidence:trainer_agencies": row(
        U("evidence:trainer_agencies"), (L, N, N, N, N, O, O)
    ),
    "evidence:trainer_new_pack": row(
        U("evidence:trainer_new_pack", agency_id="agency"),
        (L, N, N, N, N, O, O),
        (L, N, N, N, N, R, R),
        post_data={"as_at": "2026-01-05"},
        changes={"trainer", "admin"},
    ),
    # A build of agency A's, asked for by its manager: everyone else is told it
    # does not exist (the team manager of South too: it covers other teams).
    "evidence:build": row(U("evidence:build", pk="build"), (N, N, N, N, O, O, O)),
    "evidence:build_status": row(
        U("evidence:build_status", pk="build"), (N, N, N, N, O, O, O)
    ),
    "evidence:download": row(U("evidence:download", pk="build"), (N, N, N, N, O, O, O)),
    "evidence:retry": row(
        U("evidence:retry", pk="build"),
        POST_ONLY,
        (N, N, N, N, R, R, R),
        unchanged={"agency_manager", "trainer", "admin"},
    ),
    "evidence:verify": row(U("evidence:verify", token="build_token"), PUBLIC),
    # agencies: managers' pages -----------------------------------------------------
    "agencies:dashboard": row(U("agencies:dashboard"), MANAGERS_SCOPED),
    "agencies:export_csv": row(U("agencies:export_csv"), MANAGERS_SCOPED),
    "agencies:export_xlsx": row(U("agencies:export_xlsx"), MANAGERS_SCOPED),
    "agencies:person": row(
        U("agencies:person", membership_id="membership"), LEAH_VIA_MANAGER
    ),
    "agencies:person_certificate": row(
        U(
            "agencies:person_certificate",
            membership_id="membership",
            certificate_id="certificate",
        ),
        LEAH_VIA_MANAGER,
    ),
    # Open invitations: the manager of South sees none to North or to no team.
    "agencies:invite": row(U("agencies:invite"), MANAGERS_SCOPED, MANAGERS_SCOPED),
    "agencies:upload": row(U("agencies:upload"), POST_ONLY, (L, N, N, B, B, N, N)),
    # An empty POST is checked, and answered with the error summary (400).
    "agencies:assignments": row(
        U("agencies:assignments"), MANAGERS_SCOPED, (L, N, N, B, B, N, N)
    ),
    # Asks first, removes on POST; the assignment is the whole agency's, so
    # the team manager may not touch it.
    "agencies:unassign": row(
        U("agencies:unassign", assignment_id="assignment"),
        LEAH_VIA_MANAGER,
        (L, N, N, N, R, N, N),
        changes={"agency_manager"},
    ),
    "agencies:change_due_date": row(
        U("agencies:change_due_date", assignment_id="assignment"),
        LEAH_VIA_MANAGER,
        (L, N, N, N, R, N, N),
        post_data={"due_date": "2099-01-31"},
        changes={"agency_manager"},
    ),
    # "Undo" for a removal of the whole agency's assignment: its manager only.
    "agencies:restore_assignment": row(
        U("agencies:restore_assignment", removal_id="removal"),
        POST_ONLY,
        (L, N, N, N, R, N, N),
        changes={"agency_manager"},
    ),
    # The invitation is to North: the manager of South gets 404.
    "agencies:resend_invitation": row(
        U("agencies:resend_invitation", invitation_id="invitation"),
        POST_ONLY,
        (L, N, N, N, R, N, N),
        changes={"agency_manager"},
    ),
    "agencies:cancel_invitation": row(
        U("agencies:cancel_invitation", invitation_id="invitation"),
        POST_ONLY,
        (L, N, N, N, R, N, N),
        changes={"agency_manager"},
    ),
    # Only the agency's manager sees or changes the code: the team manager is
    # told who keeps it, is sent back to the page when she posts, and the code
    # stays as it was.
    "agencies:join_code": row(
        U("agencies:join_code"),
        MANAGERS_SCOPED,
        (L, N, N, R, R, N, N),
        unchanged={"team_manager"},
        changes={"agency_manager"},
    ),
    # Team managers read the agency's support details; only the agency's manager
    # may change them.
    "support:agency": row(U("support:agency"), MANAGERS, (L, N, N, F, R, N, N)),
    "agencies:decide_more_time": row(
        U("agencies:decide_more_time", request_id="extension"),
        POST_ONLY,
        # Leah is in North: the manager of South is sent back to the dashboard
        # with "already answered", and her request stays pending.
        (L, N, N, R, R, N, N),
        post_data={"agree": "on"},
        unchanged={"team_manager"},
        changes={"agency_manager"},
    ),
    # More time on timed quizzes: Leah's agency's manager only (Leah is in
    # North, the team manager manages South).
    "agencies:agree_quiz_time": row(
        U("agencies:agree_quiz_time", membership_id="membership"),
        POST_ONLY,
        (L, N, N, N, R, N, N),
        post_data={"multiplier": "1.5"},
        changes={"agency_manager"},
    ),
    # agencies: learners' ways in ---------------------------------------------------
    "agencies:more_time": row(
        U("agencies:more_time", requirement_id="requirement"),
        HERS_ONLY,
        (L, B, N, N, N, N, N),
    ),
    "agencies:join": row(U("agencies:join"), SIGNED_IN, (L, O, O, O, O, O, O)),
    "agencies:accept_invitation": row(
        U("agencies:accept_invitation", token="invitation_token"), PUBLIC, PUBLIC
    ),
    # privacy: her own data ---------------------------------------------------------
    "privacy:index": row(U("privacy:index"), SIGNED_IN),  # the same for everyone
    "privacy:view": row(U("privacy:view"), HER_OWN),
    "privacy:export_json": row(U("privacy:export_json"), HER_OWN),
    # Anyone signed in sees the page; staff with admin access cannot erase
    # themselves there (403 on POST).
    "privacy:erase": row(U("privacy:erase"), SIGNED_IN, (L, O, O, O, O, F, F)),
    "privacy:goodbye": row(U("privacy:goodbye"), PUBLIC),
    # operations ----------------------------------------------------------------------
    "health": row(U("health"), PUBLIC),
    # The scripts' strings in the page's language: the same for everyone.
    "javascript-catalog": row(U("javascript-catalog"), PUBLIC),
    # support -----------------------------------------------------------------------
    "support:index": row(U("support:index"), PUBLIC),
    # reflections -------------------------------------------------------------------
    "reflections:mine": row(U("reflections:mine"), HER_OWN),
    # The lesson's one form: her notes and check-in, saved on their own or with
    # "Mark complete". Finishing a lesson she is not enrolled in sends her back
    # to the course (as courses:complete_lesson does), keeping nothing.
    "reflections:save_writing": row(
        U("reflections:save_writing", lesson_id="lesson"),
        POST_ONLY,
        (L, R, N, N, N, N, N),
        post_data={"feeling": "calm"},
    ),
    "reflections:finish_lesson": row(
        U("reflections:finish_lesson", lesson_id="lesson"),
        POST_ONLY,
        (L, R, R, R, R, R, R),
    ),
    "reflections:autosave": row(
        U("reflections:autosave", lesson_id="lesson"),
        POST_ONLY,
        (L, O, N, N, N, N, N),
        post_data={"key": "check-in", "text": "A draft", "version": "0"},
    ),
    "reflections:edit": row(
        U("reflections:edit", pk="reflection"), HERS_ONLY, HERS_ONLY
    ),
    "reflections:delete": row(
        U("reflections:delete", pk="reflection"), POST_ONLY, (L, R, N, N, N, N, N)
    ),
    "reflections:delete_check_in": row(
        U("reflections:delete_check_in", pk="check_in"),
        POST_ONLY,
        (L, R, N, N, N, N, N),
    ),
    "reflections:download_text": row(U("reflections:download_text"), HER_OWN),
    "reflections:download_json": row(U("reflections:download_json"), HER_OWN),
    # Wagtail's public URLs ---------------------------------------------------------
    "wagtail_serve": row(U("/{course_path}"), PUBLIC),
    "wagtailcore_login": row(U("wagtailcore_login"), PUBLIC),
    "wagtailcore_authenticate_with_password": row(
        U(
            "wagtailcore_authenticate_with_password",
            page_view_restriction_id="page_restriction",
            page_id="short_course",
        ),
        PUBLIC,
        PUBLIC,
    ),
    "wagtaildocs_serve": row(
        U("/documents/{public_document}/{public_document_file}"), PUBLIC
    ),
    "wagtaildocs_authenticate_with_password": row(
        U(
            "wagtaildocs_authenticate_with_password",
            restriction_id="password_restriction",
        ),
        PUBLIC,
        PUBLIC,
    ),
    # A document in a collection for signed-in people only (not a pattern of its
    # own: a second row for wagtaildocs_serve).
    "private document": row(
        U("/documents/{private_document}/{private_document_file}"),
        (L, O, O, O, O, O, O),
    ),
}

# A course unpublished after Leah enrolled and started its quiz: its lesson and
# quiz are live, and every learner URL naming them (or it) is refused. Second
# rows for patterns that have their own row above.
HIDDEN_STEP = (L, N, N, N, N, N, N)  # signed in first, then not found for all
UNPUBLISHED_COURSE_ROWS = {
    "unpublished course: courses:enrol": row(
        U("courses:enrol", course_id="hidden_course"), POST_ONLY, (N,) * 7
    ),
    "unpublished course: courses:resume": row(
        U("courses:resume", course_id="hidden_course"), HIDDEN_STEP
    ),
    "unpublished course: courses:restart": row(
        U("courses:restart", course_id="hidden_course"), POST_ONLY, HIDDEN_STEP
    ),
    "unpublished course: courses:on_break": row(
        U("courses:on_break", course_id="hidden_course"), HIDDEN_STEP
    ),
    "unpublished course: courses:take_break (lesson)": row(
        U("courses:take_break", page_id="hidden_lesson"), POST_ONLY, HIDDEN_STEP
    ),
    "unpublished course: courses:take_break (quiz)": row(
        U("courses:take_break", page_id="hidden_quiz"), POST_ONLY, HIDDEN_STEP
    ),
    "unpublished course: courses:complete_lesson": row(
        U("courses:complete_lesson", lesson_id="hidden_lesson"),
        POST_ONLY,
        HIDDEN_STEP,
    ),
    "unpublished course: reflections:save_writing": row(
        U("reflections:save_writing", lesson_id="hidden_lesson"),
        POST_ONLY,
        HIDDEN_STEP,
        post_data={"feeling": "calm"},
    ),
    "unpublished course: reflections:finish_lesson": row(
        U("reflections:finish_lesson", lesson_id="hidden_lesson"),
        POST_ONLY,
        HIDDEN_STEP,
    ),
    "unpublished course: reflections:autosave": row(
        U("reflections:autosave", lesson_id="hidden_lesson"),
        POST_ONLY,
        HIDDEN_STEP,
        post_data={"key": "check-in", "text": "A draft", "version": "0"},
    ),
    "unpublished course: lesson page": row(
        U("/{hidden_lesson_path}"), (N,) * 7, absent=("hidden_question",)
    ),
    "unpublished course: quiz page": row(
        U("/{hidden_quiz_path}"), (N,) * 7, absent=("hidden_question",)
    ),
    "unpublished course: quizzes:practice": row(
        U("quizzes:practice", quiz_id="hidden_quiz"),
        (N,) * 7,
        absent=("hidden_quiz_title", "hidden_question"),
    ),
    "unpublished course: quizzes:start": row(
        U("quizzes:start", quiz_id="hidden_quiz"), POST_ONLY, HIDDEN_STEP
    ),
    # Her attempt, open when the course was unpublished, can be neither taken
    # nor submitted.
    "unpublished course: quizzes:autosave": row(
        U("quizzes:autosave", attempt_id="hidden_attempt"), POST_ONLY, HIDDEN_STEP
    ),
    "unpublished course: quizzes:take": row(
        U("quizzes:take", attempt_id="hidden_attempt"),
        HIDDEN_STEP,
        HIDDEN_STEP,
        absent=("hidden_question",),
    ),
    "unpublished course: quizzes:review": row(
        U("quizzes:review", attempt_id="hidden_attempt"),
        HIDDEN_STEP,
        HIDDEN_STEP,
        absent=("hidden_question",),
    ),
}
MATRIX |= UNPUBLISHED_COURSE_ROWS


# Our admin screens -----------------------------------------------------------------


def _viewset_rows(namespace, *, views, pk, who, post_who=None):
    rows = {}
    for view in views:
        kwargs = (
            {"pk": pk}
            if view
            in {
                "edit",
                "delete",
                "history",
                "history_results",
                "usage",
                "copy",
                "inspect",
                "chosen",
            }
            else {}
        )
        rows[f"{namespace}:{view}"] = row(U(f"{namespace}:{view}", **kwargs), who)
    return rows


MODEL_VIEWS = (
    "index",
    "index_results",
    "add",
    "edit",
    "delete",
    "history",
    "history_results",
    "usage",
)
SNIPPET_VIEWS = (
    "list",
    "list_results",
    "add",
    "edit",
    "delete",
    "usage",
    "history",
    "history_results",
    "copy",
)
CHOOSER_VIEWS = ("choose", "choose_results", "chosen", "chosen_multiple", "create")

MATRIX |= {
    # quizzes admin (accounts.roles.trainers_policy) ----------------------------------
    "quizzes_admin:marking": row(U("quizzes_admin:marking"), TRAINERS),
    "quizzes_admin:marking_results": row(U("quizzes_admin:marking_results"), TRAINERS),
    "quizzes_admin:attempts": row(U("quizzes_admin:attempts"), TRAINERS),
    "quizzes_admin:attempts_results": row(
        U("quizzes_admin:attempts_results"), TRAINERS
    ),
    "quizzes_admin:attempt": row(
        U("quizzes_admin:attempt", attempt_id="attempt"), TRAINERS
    ),
    "quizzes_admin:mark": row(
        U("quizzes_admin:mark", attempt_id="attempt", response_id="response"),
        (AL, AL, AL, AL, AL, NA, NA),
        (AL, AL, AL, AL, AL, O, O),
    ),
    "quizzes_admin:results": row(U("quizzes_admin:results"), TRAINERS),
    "quizzes_admin:quiz_results": row(
        U("quizzes_admin:quiz_results", quiz_id="quiz"), TRAINERS
    ),
    "quizzes_admin:quiz_statistics_csv": row(
        U("quizzes_admin:quiz_statistics_csv", quiz_id="quiz"), TRAINERS
    ),
    "quizzes_admin:import": row(U("quizzes_admin:import"), TRAINERS, TRAINERS),
    # courses admin ------------------------------------------------------------------
    # Publish a course with its lessons and quizzes: anyone who may publish the
    # course (or send it to moderation). The world's course has nothing new to
    # publish, so the trainer's POST is refused with a message.
    "courses_admin:publish_course": row(
        U("courses_admin:publish_course", course_id="course"),
        TRAINERS,
        (AL, AL, AL, AL, AL, B, B),
    ),
    # agencies admin ------------------------------------------------------------------
    # Kairos answers requests for more quiz time from people in no agency.
    "agencies_quiz_time": row(
        U("agencies_quiz_time"), TRAINERS, (AL, AL, AL, AL, AL, R, R)
    ),
    "agencies_admin:training_report": row(
        U("agencies_admin:training_report"), TRAINERS
    ),
    "agencies_admin:training_report_results": row(
        U("agencies_admin:training_report_results"), TRAINERS
    ),
    # certificates admin --------------------------------------------------------------
    "certificates_admin:index": row(U("certificates_admin:index"), TRAINERS),
    "certificates_admin:index_results": row(
        U("certificates_admin:index_results"), TRAINERS
    ),
    "certificates_admin:inspect": row(
        U("certificates_admin:inspect", pk="certificate"), TRAINERS
    ),
    "certificates_admin:revoke": row(
        U("certificates_admin:revoke", pk="certificate"), TRAINERS, TRAINERS
    ),
    "certificates_admin:reissue": row(
        U("certificates_admin:reissue", pk="certificate"), TRAINERS, TRAINERS
    ),
    "certificates_admin:render": row(
        U("certificates_admin:render", pk="certificate"),
        (AL, AL, AL, AL, AL, NA, NA),
        (AL, AL, AL, AL, AL, R, R),
    ),
    # the saved certificate design on a sample, for those who may edit the design
    "certificates_admin:design_sample": row(
        U("certificates_admin:design_sample"), TRAINERS
    ),
    # audit log: superusers (and anyone given "Can view audit event") ---------------
    "audit_admin:index": row(U("audit_admin:index"), ADMINS),
    "audit_admin:index_results": row(U("audit_admin:index_results"), ADMINS),
    "audit_admin:inspect": row(U("audit_admin:inspect", pk="audit_event"), ADMINS),
    # background tasks: superusers only -----------------------------------------------
    "operations_admin:background_tasks": row(
        U("operations_admin:background_tasks"), ADMINS
    ),
    "operations_admin:run_again": row(
        U("operations_admin:run_again", result_id="unknown_task"),
        (AL, AL, AL, AL, AL, AD, NA),
        (AL, AL, AL, AL, AL, AD, R),  # an unknown task: "not found" message
    ),
}
MATRIX |= _viewset_rows("agency", views=MODEL_VIEWS, pk="agency", who=ADMINS)
MATRIX |= _viewset_rows("team", views=MODEL_VIEWS, pk="team", who=ADMINS)
MATRIX |= _viewset_rows("membership", views=MODEL_VIEWS, pk="membership", who=ADMINS)
# People join by invitation or join code, never by hand in the admin.
MATRIX["membership:add"] = row(U("membership:add"), (AL, AL, AL, AL, AL, AD, AD))
MATRIX |= _viewset_rows(
    "wagtailusers_users", views=(*MODEL_VIEWS, "copy"), pk="learner", who=ADMINS
)
for _namespace, _pk in (
    ("wagtailsnippets_quizzes_question", "question"),
    ("wagtailsnippets_quizzes_questioncategory", "category"),
    ("wagtailsnippets_courses_contentnotetopic", "topic"),
):
    MATRIX |= _viewset_rows(_namespace, views=SNIPPET_VIEWS, pk=_pk, who=TRAINERS)
    _chooser = _namespace.replace("wagtailsnippets_", "wagtailsnippetchoosers_")
    MATRIX |= _viewset_rows(_chooser, views=CHOOSER_VIEWS, pk=_pk, who=TRAINERS)

# Site settings our apps register: edited through Wagtail's generic settings
# views (so their URLs are Wagtail's), one row per setting, for the world's site.
SITE_SETTINGS_ROWS = {
    "site settings: certificates.CertificateSettings": row(
        U("/admin/settings/certificates/certificatesettings/{site}/"),
        TRAINERS,
        (AL, AL, AL, AL, AL, R, R),  # saved: back to the form
        post_data={
            "signatory_name": "Access matrix signatory",
            "accent_colour": "#5b2a86",
            "footer_text": "Access matrix footer",
            "languages": "learner",
        },
        changes={"trainer", "admin"},
    ),
    "site settings: support.SupportSettings": row(
        U("/admin/settings/support/supportsettings/{site}/"),
        TRAINERS,
        (AL, AL, AL, AL, AL, R, R),
        post_data={
            "intro": "Access matrix introduction",
            "resources-count": "0",
            "quick_exit_url": "https://www.bbc.co.uk/weather",
        },
        changes={"trainer", "admin"},
    ),
}
MATRIX |= SITE_SETTINGS_ROWS


# Wagtail's own admin: the group rule, on a sample ----------------------------------

# Pages of Wagtail's admin anyone may open signed out.
WAGTAIL_ADMIN_PUBLIC = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "admin/test404/",
}

WAGTAIL_ADMIN_SAMPLE: dict[str, tuple] = {
    "/admin/": TRAINERS,
    # the trainer is sent to the tree she may edit: the course catalogue
    "/admin/pages/": (AL, AL, AL, AL, AL, To("/admin/pages/{catalogue}/"), O),
    "/admin/images/": TRAINERS,
    "/admin/documents/": TRAINERS,
    "/admin/groups/": ADMINS,
    "/admin/sites/": ADMINS,
    "/admin/workflows/list/": ADMINS,
}


# The tests -------------------------------------------------------------------------


def test_every_url_has_a_row():
    explicit, _ = classify()
    unlisted = sorted(
        f"{key}  ({entry.route} -> {entry.view})"
        for key, entry in explicit.items()
        if key not in MATRIX
    )
    in_matrix = {key for key in MATRIX if key in explicit}
    # a second row for a listed pattern, and rows for Wagtail's settings URLs
    extra_rows = {"private document", *SITE_SETTINGS_ROWS, *UNPUBLISHED_COURSE_ROWS}
    stale = sorted(set(MATRIX) - in_matrix - extra_rows)
    problems = []
    if unlisted:
        problems.append(
            "URLs with no row in the access matrix (decide who may use each and "
            "add it to MATRIX in tests/test_access_matrix.py):\n  "
            + "\n  ".join(unlisted)
        )
    if stale:
        problems.append("Rows for URLs that no longer exist:\n  " + "\n  ".join(stale))
    assert not problems, "\n".join(problems)


def test_every_site_setting_of_ours_has_a_row(world):
    """Settings registered by our apps are edited at Wagtail's settings URL: each
    needs a row deciding who may edit it, pointing at its edit page."""
    from wagtail.contrib.settings.registry import registry

    ours = our_apps()
    expected = {
        f"site settings: {model._meta.label}": reverse(
            "wagtailsettings:edit",
            args=[model._meta.app_label, model._meta.model_name, world.ids["site"]],
        )
        for model in registry
        if model._meta.app_config.name.split(".")[0] in ours
    }
    assert expected, "no site settings of ours found in Wagtail's registry"
    missing = sorted(set(expected) - set(SITE_SETTINGS_ROWS))
    stale = sorted(set(SITE_SETTINGS_ROWS) - set(expected))
    wrong = sorted(
        f"{key}: {SITE_SETTINGS_ROWS[key].url.path(world)} is not {path}"
        for key, path in expected.items()
        if key in SITE_SETTINGS_ROWS and SITE_SETTINGS_ROWS[key].url.path(world) != path
    )
    assert not missing, f"site settings with no row in SITE_SETTINGS_ROWS: {missing}"
    assert not stale, f"rows for no registered setting: {stale}"
    assert not wrong, "\n".join(wrong)


def test_a_refused_post_is_refused_as_the_get_is():
    """Whoever is turned away from a page is turned away the same way when she
    posts to it (the table itself is checked; test_post checks the site)."""
    mismatched = [
        f"{key} {persona}: GET {got}, POST {posted}"
        for key, spec in MATRIX.items()
        if spec.post
        for persona, got, posted in zip(PERSONAS, spec.get, spec.post, strict=True)
        if got in REFUSALS - {NOT_ALLOWED} and posted != got
    ]
    assert not mismatched, "\n".join(mismatched)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once, inside a transaction rolled back when the module is done: each
    test's own rollback returns to it, and no other module ever sees it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and Wagtail's site cache start empty for every request."""
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])


def _check(response, expected, *, world, persona, url):
    actual = outcome(response)
    if expected == OWN:
        assert actual == OK, f"{persona} {url}: expected OK, got {actual}"
        text = body(response)
        leaked = [marker for marker in world.markers if marker in text]
        assert not leaked, f"{persona} {url}: shows the learner's {leaked}"
    elif isinstance(expected, To):
        location = response.get("Location", "")
        problem = (
            f"{persona} {url}: expected a redirect to {expected.prefix(world)}, "
            f"got {actual} ({response.status_code} {location})"
        )
        assert actual == REDIRECT, problem
        assert urlsplit(location).path.startswith(expected.prefix(world)), problem
    else:
        assert actual == expected, (
            f"{persona} {url}: expected {expected}, got {actual} "
            f"({response.status_code} {response.get('Location', '')})"
        )


def _id(key: str) -> str:
    """A test id pytest can be asked for by name on the command line."""
    return re.sub(r"[^\w-]+", ".", key).strip(".")


def _cases(method):
    for key, spec in MATRIX.items():
        expected = spec.get if method == "GET" else spec.post
        if expected is None:
            continue
        for persona, outcome_ in zip(PERSONAS, expected, strict=True):
            yield pytest.param(key, persona, outcome_, id=f"{_id(key)}-{persona}")


@pytest.mark.parametrize(("key", "persona", "expected"), list(_cases("GET")))
def test_get(world, client, key, persona, expected):
    spec = MATRIX[key]
    _sign_in(client, world, persona)
    url = spec.url.path(world)
    response = client.get(url)
    _check(response, expected, world=world, persona=persona, url=url)
    if spec.absent:
        text = body(response)
        shown = [world.strings[k] for k in spec.absent if world.strings[k] in text]
        assert not shown, f"{persona} {url}: shows {shown}"


@pytest.mark.parametrize(("key", "persona", "expected"), list(_cases("POST")))
def test_post(world, client, key, persona, expected):
    """A POST (empty, or the row's post_data): refused people get what they
    would for GET, or a 405, and change nothing; nor do the row's `unchanged`
    people, though they are redirected. The row's `changes` people do change
    something, which shows post_data would work."""
    spec = MATRIX[key]
    _sign_in(client, world, persona)
    url = spec.url.path(world)
    apps_ = our_apps()
    before = snapshot(apps_)
    response = client.post(url, spec.post_data or {})
    _check(response, expected, world=world, persona=persona, url=url)
    if expected in REFUSALS or persona in spec.unchanged:
        assert snapshot(apps_) == before, f"{persona} POST {url} changed records"
    if persona in spec.changes:
        assert snapshot(apps_) != before, (
            f"{persona} POST {url} changed nothing: is post_data valid?"
        )


def _own_rows():
    return sorted(key for key, spec in MATRIX.items() if OWN in spec.get)


def _witness(spec) -> str:
    """Who a row lets see Leah's data: Leah herself, or on a manager's page the
    first person given plain OK (the manager of her whole agency)."""
    if spec.get[PERSONAS.index("learner")] == OK:
        return "learner"
    return next(p for p, got in zip(PERSONAS, spec.get, strict=True) if got == OK)


@pytest.mark.parametrize("key", _own_rows())
def test_an_own_row_shows_her_data_to_whoever_may_see_it(world, client, key):
    """OWN says "shows this person none of Leah's data": that only means
    something on a page that does show her data to Leah (or to her manager).
    A page showing nothing personal even to her is plain OK, not OWN."""
    spec = MATRIX[key]
    persona = _witness(spec)
    _sign_in(client, world, persona)
    url = spec.url.path(world)
    response = client.get(url)
    assert outcome(response) == OK, f"{persona} {url}: {outcome(response)}"
    text = body(response)
    assert any(marker in text for marker in world.markers), (
        f"{url} shows {persona} none of Leah's markers (world.markers): add one "
        "that identifies her data there, or make the row plain OK"
    )


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    [
        pytest.param(url, persona, expected, id=f"{_id(url)}-{persona}")
        for url, profile in WAGTAIL_ADMIN_SAMPLE.items()
        for persona, expected in zip(PERSONAS, profile, strict=True)
    ],
)
def test_wagtail_admin_sample(world, client, url, persona, expected):
    _sign_in(client, world, persona)
    path = To(url).prefix(world)
    _check(client.get(path), expected, world=world, persona=persona, url=path)


def _dummy_kwargs(route: str) -> dict:
    kwargs = {}
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[name] = 1 if converter == "int" else "x"
    return kwargs


def test_wagtail_admin_sends_the_signed_out_to_its_sign_in(world, client):
    """The group rule for every Wagtail admin URL we do not list one by one."""
    _, wagtail_admin = classify()
    checked, wrong = 0, []
    for key, entry in wagtail_admin.items():
        if key in WAGTAIL_ADMIN_PUBLIC or not entry.name:
            continue
        try:
            url = reverse(entry.name, kwargs=_dummy_kwargs(entry.route))
        except NoReverseMatch:
            continue  # regex routes (the admin API, revision comparison)
        checked += 1
        actual = outcome(client.get(url))
        if actual != ADMIN_LOGIN:
            wrong.append(f"{key} {url}: {actual}")
    assert checked > 100
    assert not wrong, "\n".join(wrong)
