"""What the simulated people do, for bench/load.py (which writes the plan).

    locust -f bench/locustfile.py --headless --host http://127.0.0.1:PORT
    (with KAIROS_LOAD_PLAN naming the plan bench/load.py wrote)

Every request is named by its scenario, so locust's table reads like the site:

- Learners sign in once (a password check, deliberately slow), then browse the
  catalogue, open a course, open a lesson of the course they are enrolled in,
  mark a lesson complete, take the course's quiz (start, answer each question
  with a choice read from the page, review, submit, see the result) and come
  back to My learning. A learner who passes the quiz cannot start it again, so
  she signs out and the next load-test account signs in.
- Managers sign in and open the staff dashboard of an agency of thousands,
  sometimes filtered to overdue training.
- Visitors check certificates: the form, a reference and surname, the QR link.
- The floor: a plain Wagtail page with no learner data, anonymous.

A response counts as failed when its status is not the expected one, or when
it lacks the text that shows it is the right page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["KAIROS_LOAD_PLAN"]).read_text())
ACCOUNTS = itertools.count()  # the next load-test learner account to sign in
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# Think time between one person's requests: short, so that every scenario gets
# hundreds of samples in a minute; the load is bounded by the number of users.
THINK = between(0.2, 1.0)
# Simulated choices, not security.
rng = random.Random()  # noqa: S311
PASSED = "Well done: you have passed this quiz."


class Inputs(HTMLParser):
    """The CSRF token and the quiz form's fields on a page."""

    def __init__(self):
        super().__init__()
        self.csrf = None
        self.choices: dict[str, list[str]] = {}  # question field -> values
        self.multiple: set[str] = set()
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name") or ""
        if tag == "input":
            kind = attributes.get("type", "text")
            if name == "csrfmiddlewaretoken":
                self.csrf = attributes.get("value")
            elif kind in ("radio", "checkbox") and not name.startswith("flag_"):
                self.choices.setdefault(name, []).append(attributes.get("value", ""))
                if kind == "checkbox":
                    self.multiple.add(name)
        elif tag == "textarea" and name:
            self.texts.append(name)


def parse(text: str) -> Inputs:
    parser = Inputs()
    parser.feed(text)
    return parser


def path_of(response) -> str:
    """Where a redirect goes: its path and query, on this site."""
    parts = urlsplit(response.headers.get("Location") or "")
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Person(FastHttpUser):
    abstract = True
    wait_time = THINK
    csrf = None

    def csrf_from(self, response) -> None:
        token = parse(response.text or "").csrf
        if token:
            self.csrf = token

    def get(self, url: str, name: str, marker: str, **kwargs):
        """GET a page that must answer 200 and contain marker."""
        with self.client.get(url, name=name, catch_response=True, **kwargs) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            elif marker not in (r.text or ""):
                r.failure(f"no {marker!r} on the page")
            else:
                self.csrf_from(r)
            return r

    def post(self, url: str, name: str, fields: list, expect=None):
        """POST a form that must answer with a redirect (to a path containing
        expect, when given). Returns the redirect's path, or None."""
        body = urlencode([("csrfmiddlewaretoken", self.csrf), *fields])
        with self.client.post(
            url,
            name=name,
            data=body,
            headers=FORM,
            allow_redirects=False,
            catch_response=True,
        ) as r:
            location = path_of(r)
            if r.status_code != 302:
                r.failure(f"status {r.status_code}")
                return None
            if expect and expect not in location:
                r.failure(f"redirected to {location}")
                return None
            return location

    def sign_in(self, email: str, name: str) -> bool:
        self.client.cookiejar.clear()
        self.csrf = None
        self.get("/accounts/sign-in/", f"{name}: sign-in page", "Sign in")
        location = self.post(
            "/accounts/sign-in/",
            f"{name}: sign in (POST)",
            [("username", email), ("password", PLAN["password"])],
        )
        if location is None:
            return False
        # Signing in rotates the CSRF token: the page she lands on has the new one.
        self.get(location, f"{name}: My learning", "My learning")
        return True


class Learner(Person):
    weight = 10

    def on_start(self):
        self.switch_account()

    def switch_account(self):
        learners = PLAN["learners"]
        self.email = learners[next(ACCOUNTS) % len(learners)]
        self.passed = False
        self.sign_in(self.email, "Learner")

    @task(3)
    def browse_catalogue(self):
        self.get(PLAN["catalogue_url"], "Learner: catalogue", "card__title")

    @task(3)
    def open_course(self):
        course = rng.choice(PLAN["courses"])
        self.get(course["url"], "Learner: course page", course["title"])

    @task(4)
    def open_lesson(self):
        lesson = rng.choice(PLAN["lessons"])
        total = len(PLAN["lessons"])
        self.get(lesson["url"], "Learner: lesson", f"of {total}")

    @task(3)
    def complete_lesson(self):
        lesson = rng.choice(PLAN["lessons"])
        self.post(
            f"/my-learning/lessons/{lesson['id']}/complete/",
            "Learner: complete lesson (POST)",
            [],
        )

    @task(2)
    def my_learning(self):
        self.get("/my-learning/", "Learner: My learning", "My learning")

    @task(2)
    def take_quiz(self):
        quiz = PLAN["quiz"]
        self.get(quiz["url"], "Learner: quiz page", quiz["title"])
        location = self.post(
            f"/quizzes/{quiz['id']}/start/", "Learner: quiz, start (POST)", []
        )
        if location is None:
            return
        if "/quizzes/attempts/" not in location:
            # Not allowed to start: she has passed it. The next learner arrives.
            self.switch_account()
            return
        for _ in range(30):  # a quiz of more than 30 questions would be a bug
            if "/review/" in location:
                break
            page = self.get(location, "Learner: quiz, question", "quiz-actions")
            location = self.answer(location, page)
            if location is None:
                return
        self.get(location, "Learner: quiz, review answers", "Submit my answers")
        result = self.post(location, "Learner: quiz, submit (POST)", [], "/result/")
        if result is None:
            return
        page = self.get(result, "Learner: quiz, result", "Your result")
        if PASSED in (page.text or ""):
            self.passed = True

    def answer(self, url: str, page):
        form = parse(page.text or "")
        fields = []
        for name, values in form.choices.items():
            if name in form.multiple:
                fields += [(name, v) for v in rng.sample(values, k=min(2, len(values)))]
            else:
                fields.append((name, rng.choice(values)))
        fields += [(name, "Plan the day with her.") for name in form.texts]
        fields.append(("action", "next"))
        return self.post(url, "Learner: quiz, answer (POST)", fields, "/quizzes/")


class Manager(Person):
    weight = 3

    def on_start(self):
        self.sign_in(PLAN["manager"], "Manager")

    @task(3)
    def dashboard(self):
        self.get("/agency/", "Manager: dashboard", "Staff training")

    @task(1)
    def overdue(self):
        self.get(
            "/agency/?status=overdue",
            "Manager: dashboard, overdue only",
            "Staff training",
        )


class Visitor(Person):
    """Someone checking a certificate she was shown: anonymous."""

    weight = 4

    def on_start(self):
        self.csrf = None

    @task(2)
    def verify_by_reference(self):
        certificate = rng.choice(PLAN["certificates"])
        self.get(
            "/certificates/verify/",
            "Visitor: verify, form",
            "Check a Kairos certificate",
        )
        body = urlencode(
            [
                ("csrfmiddlewaretoken", self.csrf),
                ("reference", certificate["reference"]),
                ("surname", certificate["surname"]),
            ]
        )
        with self.client.post(
            "/certificates/verify/",
            name="Visitor: verify, reference and surname (POST)",
            data=body,
            headers=FORM,
            catch_response=True,
        ) as r:
            if r.status_code != 200 or certificate["reference"] not in (r.text or ""):
                r.failure(f"status {r.status_code}, or the certificate not shown")

    @task(1)
    def verify_by_qr(self):
        certificate = rng.choice(PLAN["certificates"])
        self.get(
            f"/certificates/verify/{certificate['token']}/",
            "Visitor: verify, QR link",
            certificate["reference"],
        )

    @task(1)
    def home(self):
        self.get(PLAN["home_url"], "Visitor: home page", "Kairos Learning")


class Floor(Person):
    """The floor: a bare Wagtail page, no learner data, nobody signed in."""

    weight = 3

    @task
    def floor(self):
        page = PLAN["floor"]
        self.get(page["url"], "Floor: bare Wagtail page", f"<h1>{page['title']}</h1>")
