"""Demo quizzes for seed_demo: a question bank and one quiz per demo course."""

PRACTICE = "Trauma-informed practice"
JUSTICE = "Women in the justice system"
RELEASE = "Release from custody"


def _single(category, text, right, wrong, explanation, points=1):
    return {
        "category": category,
        "kind": "single",
        "text": text,
        "choices": [(right, True), *((choice, False) for choice in wrong)],
        "choice_order": "shuffled",
        "explanation": explanation,
        "points": points,
    }


def _true_false(category, text, answer, explanation):
    return {
        "category": category,
        "kind": "true_false",
        "text": text,
        "choices": [("True", answer), ("False", not answer)],
        "explanation": explanation,
        "points": 1,
    }


def _multiple(category, text, right, wrong, explanation):
    return {
        "category": category,
        "kind": "multiple",
        "text": text,
        "choices": [*((c, True) for c in right), *((c, False) for c in wrong)],
        "choice_order": "alphabetical",
        "explanation": explanation,
        "points": 1,
    }


MAIN_QUIZ = {
    "course_slug": "trauma-informed-practice",
    "title": "Check your understanding",
    "slug": "check-your-understanding",
    "intro": (
        "Nine questions on what you have read. Take your time: there is no time "
        "limit, and you can try again as often as you need."
    ),
    "pass_mark": 70,
    "questions": [
        _single(
            PRACTICE,
            "What does the ancient Greek word “kairos” mean?",
            "The right or critical moment for change or action",
            [
                "A safe space held open for women",
                "Support that lasts for as long as it is needed",
            ],
            "Kairos holds space for a woman until the time is right for her to act "
            "towards her goals.",
        ),
        _true_false(
            PRACTICE,
            "Kairos's support is voluntary, open-ended and led by the woman.",
            True,
            "Because it is voluntary, Kairos can respond when a woman is ready for "
            "help, and she leads the support.",
        ),
        _multiple(
            PRACTICE,
            "Which of these are principles of trauma-informed practice? Choose all "
            "that apply.",
            ["Safety", "Choice", "Collaboration"],
            ["Professional distance", "Swift enforcement of conditions"],
            "Safety, trust, choice, collaboration and empowerment underpin "
            "trauma-informed practice. Keeping her at a distance, or enforcing "
            "first, can repeat the loss of control that trauma brings.",
        ),
        _single(
            RELEASE,
            "Why can the day of release from prison be a high-risk time?",
            "She may have several appointments and a lot of new information in one "
            "day, sometimes at offices where she could meet a perpetrator",
            [
                "She has no appointments to keep for the first few days, so her "
                "day has no structure and no one checks on her",
                "Her housing is always arranged before release, so services see "
                "no need to stay in touch with her that day",
            ],
            "Without support, release day can leave a woman at high risk of sexual "
            "exploitation or reoffending.",
        ),
        _true_false(
            JUSTICE,
            "Justice services are largely centred on men, so women's needs are often "
            "not fully understood.",
            True,
            "Women are a minority in the justice system, and services built around "
            "men can miss what women need.",
        ),
        _multiple(
            JUSTICE,
            "Which practical help can make going to court less overwhelming? Choose "
            "all that apply.",
            [
                "Smart clothes to wear",
                "Help with transport",
                "Writing down key contact numbers",
            ],
            ["Advising her which plea to enter"],
            "Practical preparation helps her feel ready, including a bag and key "
            "numbers in case she is sentenced to custody. Advice on her plea comes "
            "from her solicitor: Kairos helps her find legal representation and "
            "understand her options.",
        ),
        _single(
            PRACTICE,
            "A woman misses a probation appointment at an office where she might "
            "meet her abuser. What is a trauma-informed first step?",
            "Ask her what would make attending feel safe, such as meeting at a "
            "women's hub",
            [
                "Remind her of her conditions and book the next appointment at the "
                "same office",
                "Ask a colleague to sit in on her next appointment at the same office",
            ],
            "Offering a safer place and asking what she needs keeps her engaged and "
            "in control.",
        ),
        _true_false(
            JUSTICE,
            "Partnership working between agencies helps stop women falling through "
            "gaps in support.",
            True,
            "When agencies work together, a woman's needs are more likely to be met.",
        ),
        {
            "category": PRACTICE,
            "kind": "free_text",
            "text": "Describe one change you could make in your own work to give a "
            "woman more choice and control.",
            "choices": [],
            "explanation": "There is no single right answer: a trainer will read "
            "yours and reply.",
            "points": 2,
        },
    ],
}

RELEASE_BANK = [
    _single(
        RELEASE,
        "Where might a Kairos practitioner meet a woman on the day of her release?",
        "At the train station, or at the prison gate if she is particularly vulnerable",
        [
            "At her first probation appointment, once she has reported in",
            "At the Kairos hub, once she has found somewhere to stay",
        ],
        "Meeting her on the day makes the first hours safer and less lonely.",
    ),
    _true_false(
        RELEASE,
        "Release day often means several appointments to keep track of in one day.",
        True,
        "Multiple appointments and new information make it a high-pressure day.",
    ),
    _true_false(
        RELEASE,
        "Housing is best left until after a woman has been released.",
        False,
        "Liaising with housing providers before release reduces the risk of "
        "homelessness.",
    ),
    _single(
        RELEASE,
        "Why does Kairos liaise with solicitors while a woman is in custody?",
        "To follow up her case and help her understand her options",
        [
            "To give the court a report on her progress in custody",
            "To ask for her release date to be brought forward",
        ],
        "Understanding her options helps her take part in decisions about her case.",
    ),
]

RELEASE_QUIZ = {
    "course_slug": "release-day-support",
    "title": "Release day quiz",
    "slug": "release-day-quiz",
    "intro": "Three questions drawn from our question bank: each attempt is different.",
    "pass_mark": 60,
    "draw": (RELEASE, 3),
    "open_to_visitors": True,
}
