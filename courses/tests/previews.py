"""The editor's preview panel, as tests drive it."""

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html


def edited_preview(client, page, changes: dict):
    """What the editor's preview panel shows for `page` with `changes` typed
    into the editor and not saved: the panel posts the form, then loads it."""
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, data).json()["is_valid"]
    return client.get(url)


def lesson_changes(**extra) -> dict:
    body = nested_form_data(
        {
            "body": {
                "count": 1,
                "0": {
                    "type": "rich_text",
                    "deleted": "",
                    "order": 0,
                    "id": "b1",
                    "value": '{"blocks":[{"key":"k","text":"UNSAVED WORDS",'
                    '"type":"unstyled","depth":0,"inlineStyleRanges":[],'
                    '"entityRanges":[]}],"entityMap":{}}',
                },
            }
        }
    )
    return {**body, **extra}
