"""Bulk import of questions into the bank from CSV (B09).

Columns: kind, question, choices, correct, explanation, points, category.
Choices and correct answers are separated by "|". Every row is checked; good rows
are created and bad rows are reported by line number, all in one transaction, so a
file is either imported as reported or not at all. A question whose text is
already in the same category is skipped, so importing a corrected file again adds
only what is new.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Choice, Question, QuestionCategory

COLUMNS = (
    "kind",
    "question",
    "choices",
    "correct",
    "explanation",
    "points",
    "category",
)
REQUIRED_COLUMNS = ("kind", "question")
SEPARATOR = "|"
CATEGORY_SEPARATOR = "/"
MAX_CHOICE_LENGTH = Choice._meta.get_field("text").max_length
MAX_QUESTION_LENGTH = 5_000
MAX_ROWS = 2_000
KINDS = {
    "single": Question.Kind.SINGLE,
    "single_choice": Question.Kind.SINGLE,
    "multiple": Question.Kind.MULTIPLE,
    "multiple_response": Question.Kind.MULTIPLE,
    "true_false": Question.Kind.TRUE_FALSE,
    "true_or_false": Question.Kind.TRUE_FALSE,
    "free_text": Question.Kind.FREE_TEXT,
    "essay": Question.Kind.FREE_TEXT,
}


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    line: int
    kind: str
    text: str
    choices: list[tuple[str, bool]]
    explanation: str
    points: int
    category: QuestionCategory | None


class RowError(ValueError):
    pass


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def _kind(value: str) -> str:
    normalised = value.strip().casefold()
    for separator in (" ", "-", "/"):
        normalised = normalised.replace(separator, "_")
    if normalised not in KINDS:
        raise RowError(
            _(
                "“%(value)s” is not a question kind. Use single, multiple, "
                "true_false or free_text."
            )
            % {"value": value.strip()}
        )
    return KINDS[normalised]


def _points(value: str) -> int:
    value = value.strip()
    if not value:
        return 1
    try:
        points = int(value)
    except ValueError:
        raise RowError(
            _("Points must be a whole number from 1 to 100, not “%(value)s”.")
            % {"value": value}
        ) from None
    if not 1 <= points <= 100:
        raise RowError(
            _("Points must be a whole number from 1 to 100, not %(points)s.")
            % {"points": points}
        )
    return points


def _choices(kind: str, choices_cell: str, correct_cell: str) -> list[tuple[str, bool]]:
    return check_choices(kind, _split(choices_cell), _split(correct_cell))


def check_choices(
    kind: str, choices: list[str], correct: list[str], *, one_a_line: bool = False
) -> list[tuple[str, bool]]:
    """The choices of a new question as (text, is correct), checked by the rules
    of its kind; a RowError says what to fix. Used by the CSV import and by
    the question chooser's "new question" form (`one_a_line`: choices written
    one a line, the correct ones starting with *)."""
    if kind == Question.Kind.FREE_TEXT:
        if choices or correct:
            raise RowError(
                _("A free-text question has no choices: leave “choices” empty.")
                if one_a_line
                else _(
                    "A free-text question has no choices: leave “choices” and "
                    "“correct” empty."
                )
            )
        return []
    if kind == Question.Kind.TRUE_FALSE and not choices:
        choices = ["True", "False"]
    if kind == Question.Kind.TRUE_FALSE and len(choices) != 2:
        raise RowError(_("A true or false question has exactly two choices."))
    if len(choices) < 2:
        raise RowError(
            _("Give at least two choices, one a line.")
            if one_a_line
            else _("Give at least two choices, separated by “|”.")
        )
    folded = [choice.casefold() for choice in choices]
    if len(set(folded)) != len(folded):
        raise RowError(_("Two choices have the same text."))
    too_long = next((c for c in choices if len(c) > MAX_CHOICE_LENGTH), None)
    if too_long:
        raise RowError(
            _("A choice is longer than %(limit)s characters: “%(start)s…”.")
            % {"limit": MAX_CHOICE_LENGTH, "start": too_long[:40]}
        )
    if not correct:
        raise RowError(
            _("Say which choice is correct by starting it with *.")
            if one_a_line
            else _("Say which choice is correct in the “correct” column.")
        )
    unknown = [c for c in correct if c.casefold() not in folded]
    if unknown:
        raise RowError(
            _("The correct answer “%(answer)s” is not one of the choices.")
            % {"answer": unknown[0]}
        )
    right = {c.casefold() for c in correct}
    if kind != Question.Kind.MULTIPLE and len(right) > 1:
        raise RowError(
            _(
                "This kind of question has one correct choice; use “multiple” for "
                "several."
            )
        )
    return [(choice, choice.casefold() in right) for choice in choices]


def _category(name: str, default, categories: dict) -> QuestionCategory | None:
    name = name.strip()
    if not name:
        return default
    found = categories.get(name.casefold())
    if found is None:
        raise RowError(
            _(
                "There is no category called “%(name)s”. Add it to the question "
                "bank first, or leave the column empty."
            )
            % {"name": name}
        )
    return found


def _category_paths() -> dict[str, QuestionCategory]:
    """Categories by their lower-cased name path: "law" and "law/court"."""
    categories = {c.pk: c for c in QuestionCategory.objects.all()}

    def path(category) -> str:
        names = []
        seen = set()
        while category is not None and category.pk not in seen:
            seen.add(category.pk)
            names.append(category.name.strip())
            category = categories.get(category.parent_id)
        return CATEGORY_SEPARATOR.join(reversed(names)).casefold()

    return {path(category): category for category in categories.values()}


def _parse(record: dict, *, line: int, default, categories: dict) -> _Row:
    kind = _kind(record["kind"])
    text = record["question"].strip()
    if not text:
        raise RowError(_("The question text is empty."))
    if len(text) > MAX_QUESTION_LENGTH:
        raise RowError(
            _("The question is longer than %(limit)s characters.")
            % {"limit": number_format(MAX_QUESTION_LENGTH, force_grouping=True)}
        )
    return _Row(
        line=line,
        kind=kind,
        text=text,
        choices=_choices(kind, record["choices"], record["correct"]),
        explanation=record["explanation"].strip(),
        points=_points(record["points"]),
        category=_category(record["category"], default, categories),
    )


def _read(file_text: str, result: ImportResult, *, default) -> list[_Row]:
    reader = csv.reader(io.StringIO(file_text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        result.errors.append(
            (1, _("The header row could not be read: %(error)s.") % {"error": error})
        )
        return []
    if header is None:
        result.errors.append((1, _("The file is empty.")))
        return []
    names = [name.strip().casefold() for name in header]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        result.errors.append(
            (
                1,
                _("Each column may appear once; twice: %(columns)s.")
                % {"columns": ", ".join(twice)},
            )
        )
        return []
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [n for n in names if n and n not in COLUMNS]
    if missing or unknown:
        result.errors.append(
            (
                1,
                " ".join(
                    part
                    for part in (
                        _("The first line must name the columns: %(columns)s.")
                        % {"columns": ", ".join(COLUMNS)},
                        _("Missing: %(columns)s.") % {"columns": ", ".join(missing)}
                        if missing
                        else "",
                        _("Not recognised: %(columns)s.")
                        % {"columns": ", ".join(unknown)}
                        if unknown
                        else "",
                    )
                    if part
                ),
            )
        )
        return []
    categories = _category_paths()
    rows: list[_Row] = []
    count = 0
    last_line = reader.line_num
    while True:
        line = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append(
                (line, _("This line could not be read: %(error)s.") % {"error": error})
            )
            break
        last_line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            result.errors.append(
                (
                    line,
                    _("A file may hold at most %(limit)s questions.")
                    % {"limit": number_format(MAX_ROWS, force_grouping=True)},
                )
            )
            break
        if len(cells) > len(names):
            result.errors.append(
                (
                    line,
                    _(
                        "This line has %(cells)s columns; the header has "
                        "%(names)s. Put text with commas in double quotes."
                    )
                    % {"cells": len(cells), "names": len(names)},
                )
            )
            continue
        cells += [""] * (len(names) - len(cells))
        record = dict.fromkeys(COLUMNS, "")
        record.update(zip(names, cells, strict=True))
        try:
            rows.append(
                _parse(record, line=line, default=default, categories=categories)
            )
        except RowError as error:
            result.errors.append((line, str(error)))
    return rows


def import_questions_csv(
    *, file_text: str, category: QuestionCategory | None = None
) -> ImportResult:
    """Create the bank questions a CSV file describes (B09).

    `category` is used for rows whose category column is empty. Returns how many
    questions were created and skipped as already in the bank, and the bad rows
    as (line number, reason).
    """
    result = ImportResult()
    rows = _read(file_text, result, default=category)
    if not rows:
        return result
    with transaction.atomic():
        existing = set(
            Question.objects.filter(text__in={row.text for row in rows}).values_list(
                "category_id", "text"
            )
        )
        for row in rows:
            identity = (row.category.pk if row.category else None, row.text)
            if identity in existing:
                result.skipped += 1
                continue
            existing.add(identity)
            create_question(
                kind=row.kind,
                text=row.text,
                choices=row.choices,
                explanation=row.explanation,
                points=row.points,
                category=row.category,
            )
            result.created += 1
    return result


@transaction.atomic
def create_question(
    *,
    kind: str,
    text: str,
    choices: list[tuple[str, bool]],
    explanation: str = "",
    points: int = 1,
    category: QuestionCategory | None = None,
) -> Question:
    """A new bank question with its choices (checked by `check_choices`), as
    the CSV import and the quiz editor's "new question" form add one."""
    question = Question.objects.create(
        kind=kind,
        text=text,
        explanation=explanation,
        points=points,
        category=category,
    )
    # bulk_create skips Wagtail's pre_save that gives a new row its locale:
    # the choices are in their question's (English, the source).
    Choice.objects.bulk_create(
        Choice(
            question=question,
            locale_id=question.locale_id,
            text=choice,
            is_correct=correct,
            sort_order=number,
        )
        for number, (choice, correct) in enumerate(choices)
    )
    return question
