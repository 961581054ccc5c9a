"""Geometry for the dashboard's server-rendered SVG charts. The templates draw
them, each followed by a table of the same figures."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 230
BAR_AREA = 300
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass(frozen=True)
class HorizontalBar:
    label: str
    percent: int
    detail: str
    y: int
    width: int


def rate_bars(rates) -> dict:
    bars = [
        HorizontalBar(
            label=rate.label if len(rate.label) <= 34 else rate.label[:33] + "…",
            percent=rate.percent,
            detail=f"{rate.done} of {rate.total}",
            y=index * ROW_HEIGHT,
            width=round(BAR_AREA * rate.percent / 100),
        )
        for index, rate in enumerate(rates)
    ]
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + 110,
        "height": max(1, len(bars)) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "bar_area": BAR_AREA,
    }


@dataclass(frozen=True)
class Column:
    label: str
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
                label=f"{month.month:%b}",
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
        "height": chart_height + 44,
        "baseline": chart_height + 20,
    }
