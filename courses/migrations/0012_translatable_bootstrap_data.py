from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("courses", "0011_translatable_bootstrap")]

    operations = [BootstrapTranslatableModel("courses.ContentNoteTopic")]
