"""Geometry for the dashboard's server-rendered SVG charts. The templates draw
them, each followed by a table of the same figures.

Labels are never cut short: a long course title wraps onto as many lines as it
needs and its row grows to hold them, and each month carries its year."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

LABEL_WIDTH = 230
# About as many characters of 13px text as fit in the label column.
LABEL_CHARS = 32
LINE_HEIGHT = 16
BAR_AREA = 300
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass(frozen=True)
class Line:
    text: str
    y: int


@dataclass(frozen=True)
class HorizontalBar:
    label: str
    lines: tuple[Line, ...]  # the label, wrapped, each line with its baseline
    percent: int
    detail: str
    y: int  # the top of the bar
    text_y: int  # the baseline of the figures beside it
    width: int


def wrap_label(label: str, *, width: int = LABEL_CHARS) -> list[str]:
    """The label in lines of at most `width` characters, every word kept."""
    return textwrap.wrap(label, width=width) or [""]


def rate_bars(rates) -> dict:
    bars = []
    top = 0
    for rate in rates:
        words = wrap_label(rate.label)
        height = max(ROW_HEIGHT, len(words) * LINE_HEIGHT + 10)
        middle = top + height // 2
        first = middle - (len(words) - 1) * LINE_HEIGHT // 2 + 5
        bars.append(
            HorizontalBar(
                label=rate.label,
                lines=tuple(
                    Line(text, first + index * LINE_HEIGHT)
                    for index, text in enumerate(words)
                ),
                percent=rate.percent,
                detail=_("%(done)s of %(total)s")
                % {"done": rate.done, "total": rate.total},
                y=middle - BAR_HEIGHT // 2,
                text_y=middle + 5,
                width=round(BAR_AREA * rate.percent / 100),
            )
        )
        top += height
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + 110,
        "height": max(top, ROW_HEIGHT),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "bar_area": BAR_AREA,
    }


@dataclass(frozen=True)
class Column:
    label: str  # "Nov 2026" (in the page's language)
    month: str  # "Nov", drawn above
    year: str  # "2026", drawn below it
    count: int
    x: int
    y: int
    height: int


def month_columns(months) -> dict:
    chart_height, column_width, gap = 160, 34, 12
    top = max((month.count for month in months), default=0) or 1
    columns = []
    for index, month in enumerate(months):
        height = round(chart_height * month.count / top)
        columns.append(
            Column(
                label=date_format(month.month, "M Y"),
                month=date_format(month.month, "M"),
                year=f"{month.month:%Y}",
                count=month.count,
                x=index * (column_width + gap),
                y=chart_height - height + 20,
                height=height,
            )
        )
    return {
        "columns": columns,
        "column_width": column_width,
        "width": len(columns) * (column_width + gap),
        "height": chart_height + 20 + 2 * LINE_HEIGHT + 12,
        "baseline": chart_height + 20,
    }
