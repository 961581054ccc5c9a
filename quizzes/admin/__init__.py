"""The quizzes in the Wagtail admin, on Wagtail's generic views: the marking
queue and marking, attempts, quiz results with item statistics, CSV import of
questions (`viewsets.QuizzesAdminViewSet`), and the question bank with its
chooser (`bank`). Registered by `quizzes/wagtail_hooks.py`.

Every screen here is for trainers (`accounts.roles.is_trainer`): the views use
`accounts.roles.trainers_policy` as their permission policy, so anyone else with
admin access meets Wagtail's own "you do not have permission" refusal.
"""
