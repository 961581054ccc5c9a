"""The measured authoring journey (issue 15, point 9), in Chromium as the demo
trainer: a new course of two lessons (each with rich text, a key point and a
content-note topic ticked), a quiz of three bank questions chosen in one go in
the chooser, a look at the quiz in the live preview panel, and the course
published with its lessons and quizzes in one action. A learner then finds it
live, with its two lessons and its quiz.

Every click and key press she makes outside typed text counts one (typing into
a field counts nothing); opening a bookmarked admin address counts one too.
The journey takes 23 (the test prints the breakdown), within the limit of 25:

  open the catalogue 1, sign in 1, add a course 1, save it 1 (opens Lesson 1),
  Lesson 1: type into its rich text block 0, add a key point 2, tick a topic
  1, save 1;
  "Add another lesson" 1, Lesson 2: the same 4, "Next: the quiz" 1,
  Quiz: add questions 1, tick three 3, confirm 1, save 1, open the preview 1,
  "Publish course with its lessons and quizzes" 1, "Publish 4 pages" 1.
"""

from collections import Counter

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Page

from courses.models import ContentNoteTopic, CourseIndexPage, CoursePage, LessonPage
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from quizzes.models import Question, QuizPage

from .admin_axe import known

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIMIT = 25
TITLE = "Working with women on licence"


class Counted:
    """The trainer's hands: each click, tick, key press or address opened
    counts one, under a label for the breakdown; typing text counts nothing."""

    def __init__(self, page):
        self.page = page
        self.steps: Counter[str] = Counter()

    @property
    def total(self) -> int:
        return sum(self.steps.values())

    def goto(self, label, url):
        self.steps[label] += 1
        self.page.goto(url)

    def click(self, label, locator):
        self.steps[label] += 1
        locator.click()

    def check(self, label, locator):
        self.steps[label] += 1
        locator.check()

    def press(self, label, locator, key):
        self.steps[label] += 1
        locator.press(key)


def write_lesson(a, hands, *, label, title, text, point, topic):
    """Fill the open lesson editor: title, its rich text block, a key point
    block, one content-note topic; then Save draft."""
    page = a.page
    page.locator("#id_title").fill(title)
    body = page.locator("[data-contentpath='body']")
    # A lesson with nothing in it opens with an empty rich text block.
    editor = body.locator(".public-DraftEditor-content")
    expect(editor).to_have_count(1)
    editor.fill(text)  # typing: counts nothing
    hands.click(f"{label}: add key point", body.get_by_title("Insert a block").last)
    hands.click(f"{label}: add key point", page.get_by_role("option", name="Key point"))
    body.locator(".public-DraftEditor-content").last.fill(point)
    hands.check(f"{label}: tick a topic", page.get_by_role("checkbox", name=topic))
    with page.expect_navigation():
        hands.click(
            f"{label}: save draft", page.get_by_role("button", name="Save draft")
        )
    expect(page.locator(".messages")).to_contain_text("What next?")
    a.audit(known=known)


def test_trainer_builds_previews_and_publishes_a_course_within_25_actions(
    audited_page, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # only her own saves
    settings.WAGTAIL_AUTO_UPDATE_PREVIEW_INTERVAL = 0
    call_command("seed_demo", stdout=None)
    catalogue = CourseIndexPage.objects.get(locale__language_code="en-gb")
    topics = list(
        ContentNoteTopic.objects.filter(locale__language_code="en-gb").order_by("name")[
            :2
        ]
    )
    assert len(topics) == 2
    bank = list(
        Question.objects.filter(locale__language_code="en-gb").order_by("pk")[:3]
    )
    a = audited_page
    page = a.page
    hands = Counted(page)

    # She opens the catalogue in the admin (a bookmark) and signs in.
    hands.goto("open the catalogue", f"/admin/login/?next=/admin/pages/{catalogue.pk}/")
    a.audit(known=known)
    page.locator("#id_username").fill("trainer@kairos.test")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        hands.press("sign in", page.locator("#id_password"), "Enter")
    a.audit(known=known)

    # A new course: the catalogue takes only courses, so the form opens at once.
    with page.expect_navigation():
        hands.click(
            "add a course",
            page.get_by_role("link", name="Add child page").first,
        )
    expect(page.get_by_role("heading", level=1)).to_contain_text("New: Course")
    a.audit(known=known)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("What licence conditions mean for her, and you.")
    page.locator("#id_estimated_minutes").fill("30")
    page.locator("#id_audience").fill("Probation officers")
    with page.expect_navigation():
        hands.click("save the course", page.get_by_role("button", name="Save draft"))
    # Saving the new course opens its first lesson, ready to write.
    expect(page.locator("#id_title")).to_have_value("Lesson 1")
    expect(page.locator(".messages")).to_contain_text("has a first lesson")
    a.audit(known=known)

    write_lesson(
        a,
        hands,
        label="lesson 1",
        title="What a licence is",
        text="A licence sets the conditions she lives by after release.",
        point="Read her conditions with her, not to her.",
        topic=topics[0].name,
    )
    with page.expect_navigation():
        hands.click(
            "add another lesson",
            page.get_by_role("link", name="Add another lesson"),
        )
    a.audit(known=known)
    write_lesson(
        a,
        hands,
        label="lesson 2",
        title="When conditions clash",
        text="Some conditions pull against her safety plan.",
        point="Raise a clash early, in writing.",
        topic=topics[1].name,
    )

    # The quiz the course started with, next in the course.
    with page.expect_navigation():
        hands.click(
            "open the quiz",
            page.get_by_role("link", name="Next: Check your understanding"),
        )
    a.audit(known=known)
    hands.click(
        "quiz: add questions",
        page.get_by_role("button", name="Add question", exact=True),
    )
    modal = page.locator(".modal-content")
    for question in bank:
        box = modal.get_by_role("checkbox", name=question.text)
        expect(box).to_be_visible()
        hands.check("quiz: tick a question", box)
    # The chooser itself, open: Wagtail's dialog is named by our admin script.
    expect(page.locator('.modal[role="dialog"][aria-labelledby]')).to_have_count(1)
    a.audit(known=known)
    hands.click("quiz: confirm", modal.get_by_role("button", name="Confirm selection"))
    expect(modal).to_have_count(0)
    with page.expect_navigation():
        hands.click("quiz: save draft", page.get_by_role("button", name="Save draft"))
    expect(page.locator(".messages")).to_contain_text("What next?")
    a.audit(known=known)

    # The live preview panel shows the draft quiz, as a learner would see it.
    hands.click("open the preview", page.get_by_role("button", name="Toggle preview"))
    panel = page.frame_locator("#w-preview-iframe")
    expect(panel.get_by_role("heading", level=1)).to_have_text(
        "Check your understanding"
    )
    expect(panel.get_by_text(bank[0].text)).to_be_visible()
    a.audit(known=known)

    # Everything goes live in one action.
    with page.expect_navigation():
        hands.click(
            "publish: open",
            page.get_by_role(
                "link", name="Publish course with its lessons and quizzes"
            ),
        )
    expect(page.get_by_role("main")).to_contain_text(
        "What a licence is (lesson, draft)"
    )
    a.audit(known=known)
    with page.expect_navigation():
        hands.click(
            "publish: confirm", page.get_by_role("button", name="Publish 4 pages")
        )
    expect(page.locator(".messages")).to_contain_text(
        "is live, with its lessons and quizzes (4 pages)"
    )
    a.audit(known=known)

    print(f"\nAuthoring journey: {hands.total} clicks and key presses")
    for label, count in hands.steps.items():
        print(f"  {label}: {count}")
    assert hands.total <= LIMIT, dict(hands.steps)

    course = CoursePage.objects.get(title=TITLE)
    assert course.live
    steps = [p.specific for p in Page.objects.child_of(course).order_by("path")]
    assert [type(s) for s in steps] == [LessonPage, LessonPage, QuizPage]
    assert all(s.live for s in steps)
    lessons = [s for s in steps if isinstance(s, LessonPage)]
    assert [list(lesson.content_topics.all()) for lesson in lessons] == [
        [topics[0]],
        [topics[1]],
    ]
    assert [[b.block_type for b in lesson.body] for lesson in lessons] == [
        ["rich_text", "key_point"]
    ] * 2
    quiz = next(s for s in steps if isinstance(s, QuizPage))
    assert [item.question_id for item in quiz.quiz_questions.all()] == [
        q.pk for q in bank
    ]

    # A learner finds it live, with its two lessons and its quiz.
    page.context.clear_cookies()
    page.goto(f"/accounts/sign-in/?next={course.url}")
    a.audit()
    page.get_by_label("Email address").fill("learner@kairos.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    for step in steps:
        expect(main).to_contain_text(step.title)
    a.audit()
