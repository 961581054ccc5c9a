"""A database guard against NUL characters in text people can write.

A NUL (U+0000) in a name or note is never meant: it arrives from a damaged or
hostile file, and it breaks what reads the text later (PostgreSQL refuses it
outright, PDFs and spreadsheets mangle it). Forms refuse it already; this
guards every other path (imports, services, the shell, bulk writes).

`TextWithoutNul` is one constraint over several columns:

- On SQLite it is a CHECK constraint. It compares bytes, `instr(CAST(col AS
  BLOB), x'00') = 0`, because SQLite's text functions may stop at a NUL; in
  UTF-8 only NUL itself is a zero byte, so the check is exact.
- On PostgreSQL no SQL is added: a text column there cannot hold NUL at all
  (the driver refuses such a value before it is sent), so a CHECK would be
  dead weight and cannot even be written (`chr(0)` is an error).
- Everywhere, `validate()` checks in Python, so `full_clean()` (and so model
  forms and services that call it) refuses NUL with a plain message instead
  of a database error, whichever database runs.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

NUL = "\x00"


class TextWithoutNul(models.BaseConstraint):
    default_violation_error_message = (
        "This contains an invisible NUL character, which cannot be kept. "
        "Remove it and try again."
    )

    def __init__(self, *, fields, name, violation_error_message=None):
        if not fields:
            raise ValueError("TextWithoutNul needs at least one field.")
        self.fields = tuple(fields)
        super().__init__(name=name, violation_error_message=violation_error_message)

    # SQL ------------------------------------------------------------------------

    def _condition(self, model, schema_editor) -> str:
        quote = schema_editor.quote_name
        columns = [model._meta.get_field(name).column for name in self.fields]
        return " AND ".join(
            f"instr(CAST({quote(column)} AS BLOB), x'00') = 0" for column in columns
        )

    @staticmethod
    def _applies(schema_editor) -> bool:
        return schema_editor.connection.vendor == "sqlite"

    def constraint_sql(self, model, schema_editor):
        if not self._applies(schema_editor):
            return None
        return schema_editor._check_sql(
            self.name, self._condition(model, schema_editor)
        )

    def create_sql(self, model, schema_editor):
        if not self._applies(schema_editor):
            return None
        return schema_editor._create_check_sql(
            model, self.name, self._condition(model, schema_editor)
        )

    def remove_sql(self, model, schema_editor):
        if not self._applies(schema_editor):
            return None
        return schema_editor._delete_check_sql(model, self.name)

    # Python ---------------------------------------------------------------------

    def validate(self, model, instance, exclude=None, using=None):
        for name in self.fields:
            if exclude and name in exclude:
                continue
            value = getattr(instance, model._meta.get_field(name).attname)
            if isinstance(value, str) and NUL in value:
                raise ValidationError(
                    {name: self.get_violation_error_message()},
                    code="nul_character",
                )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["fields"] = self.fields
        return path, args, kwargs

    def __eq__(self, other):
        if isinstance(other, TextWithoutNul):
            return (
                self.name == other.name
                and self.fields == other.fields
                and self.violation_error_message == other.violation_error_message
            )
        return super().__eq__(other)

    def __repr__(self):
        return f"<{self.__class__.__name__}: fields={self.fields!r} name={self.name!r}>"
