from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0008_translatable_bootstrap")]

    operations = [
        BootstrapTranslatableModel("quizzes.Question"),
        BootstrapTranslatableModel("quizzes.Choice"),
    ]
