from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from courses import pending

        from . import selectors

        # The course page and My learning show a quiz waiting for a trainer to
        # mark, with her provisional score, instead of inviting a retake.
        pending.register(selectors.waiting_for_marking)
