from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def editor_accessibility_fixes():
    return format_html(
        '<script src="{}"></script>', static("js/admin-editor-labels.js")
    )


@hooks.register("insert_global_admin_css")
def admin_target_sizes():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-targets.css")
    )
