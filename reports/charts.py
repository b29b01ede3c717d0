"""Chart definitions: Altair builds a Vega-Lite spec, once, for both outputs.

- the page embeds `chart_spec(...)` as a JSON data island that static/js/dashboard.js hands
  to vega-embed (vendored, CSP-safe expression interpreter);
- PDFs render the same spec with `chart_svg(spec)` (vl-convert, offline) for WeasyPrint.

The Vietnamese number format (decimal comma, dot for thousands) travels inside the spec
(`config.locale`), so both renderers format "32,4" the same way without extra options.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import altair as alt

VI_NUMBER_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " đ"],
}
VI_TIME_LOCALE: dict[str, Any] = {
    "dateTime": "%A, %d/%m/%Y %H:%M:%S",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["SA", "CH"],
    "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [f"Tháng {i}" for i in range(1, 13)],
    "shortMonths": [f"Th{i}" for i in range(1, 13)],
}

ACTUAL = "Thực hiện"
TARGET = "Mục tiêu kế hoạch"
COLOURS = {ACTUAL: "#7a1f3d", TARGET: "#5c636a"}
# DejaVu Sans is the one font verified to carry every Vietnamese letter on these machines
# (Liberation Sans 1.x lacks some, and vl-convert then falls back to a serif face).
FONT = '"DejaVu Sans", Arial, sans-serif'


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    value: Decimal | None
    target: Decimal | None = None


@dataclass(frozen=True)
class TrendSeries:
    """One indicator's values by year, with the target that applied each year."""

    title: str
    unit: str
    points: Sequence[SeriesPoint]


def _wrap(text: str, width: int = 38) -> list[str]:
    """Split a long indicator name over lines (Vega titles accept a list of lines)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines or [""]


def _rows(series: TrendSeries) -> list[dict[str, Any]]:
    rows = []
    for p in series.points:
        rows.append(
            {"year": str(p.year), "value": _num(p.value), "series": ACTUAL, "unit": series.unit}
        )
        if p.target is not None:
            rows.append(
                {
                    "year": str(p.year),
                    "value": _num(p.target),
                    "series": TARGET,
                    "unit": series.unit,
                }
            )
    return rows


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _panel(unit: str, years: tuple[str, ...], width: int, height: int) -> alt.LayerChart:
    """One indicator's panel, without its data and title (filled in by `chart_spec`)."""
    percent = unit == "%"
    number_format = ",.1f" if percent else ",~f"
    axis_format = ",~f"
    x = alt.X(
        "year:O",
        title="Năm",
        sort=list(years),
        scale=alt.Scale(domain=list(years)),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y(
        "value:Q",
        title="%" if percent else unit,
        scale=alt.Scale(zero=True, nice=True),
        axis=alt.Axis(format=axis_format, tickCount=4),
    )
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[ACTUAL, TARGET], range=[COLOURS[ACTUAL], COLOURS[TARGET]]),
        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="stroke"),
    )
    dash = alt.StrokeDash(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[ACTUAL, TARGET], range=[[1, 0], [5, 4]]),
        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="stroke"),
    )
    tooltip = [
        alt.Tooltip("series:N", title="Số liệu"),
        alt.Tooltip("year:O", title="Năm"),
        alt.Tooltip("value:Q", title="Giá trị", format=number_format),
    ]
    base = alt.Chart(alt.Data(values=[])).encode(x=x, y=y)
    lines = base.mark_line(strokeWidth=2).encode(color=colour, strokeDash=dash)
    actual = base.transform_filter(alt.datum.series == ACTUAL)
    points = actual.mark_point(filled=True, size=40, color=COLOURS[ACTUAL]).encode(tooltip=tooltip)
    # Target points too: a target set for one year only has no line to draw.
    goals = (
        base.transform_filter(alt.datum.series == TARGET)
        .mark_point(shape="diamond", filled=False, size=45, color=COLOURS[TARGET])
        .encode(tooltip=tooltip)
    )
    text = alt.Text("value:Q", format=number_format)
    # A white halo under each label keeps it readable where it crosses the target line.
    halo = actual.mark_text(
        dy=-10, fontSize=10, stroke="white", strokeWidth=3, strokeJoin="round"
    ).encode(text=text)
    labels = actual.mark_text(dy=-10, fontSize=10, color=COLOURS[ACTUAL]).encode(text=text)
    return alt.layer(lines, goals, points, halo, labels).properties(
        width=width,
        height=height,
        title=alt.TitleParams(text=[""], fontSize=11, font=FONT, fontWeight="bold", anchor="start"),
    )


def _configured(chart: alt.LayerChart) -> alt.LayerChart:
    return chart.configure(
        locale=alt.Locale(number=VI_NUMBER_LOCALE, time=VI_TIME_LOCALE),
        font=FONT,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(labelFontSize=10, titleFontSize=10, gridColor="#e9ecef"),
        legend=alt.LegendConfig(labelFontSize=11),
        concat=alt.CompositionConfig(spacing=28),
    )


@lru_cache(maxsize=128)
def _template(unit: str, years: tuple[str, ...], width: int, height: int) -> str:
    """The validated Vega-Lite JSON of an empty panel. Altair takes a good second to build
    and validate a panel, so each shape (unit × years × size) is built once per process
    and the panels of a page are copies of it with their own data and title."""
    return json.dumps(_configured(_panel(unit, years, width, height)).to_dict())


def chart_spec(
    series: Sequence[TrendSeries], *, columns: int = 3, width: int = 200, height: int = 120
) -> dict[str, Any]:
    """The Vega-Lite spec (a JSON-ready dict) of the trend chart: small multiples, one
    panel per indicator, each with its own scale and its data inline."""
    top: dict[str, Any] = {}
    panels = []
    for s in series:
        years = tuple(str(p.year) for p in s.points)
        panel = json.loads(_template(s.unit, years, width, height))
        top = {"$schema": panel.pop("$schema"), "config": panel.pop("config")}
        panel.pop("datasets", None)
        panel["data"] = {"values": _rows(s)}
        panel["title"]["text"] = _wrap(s.title)
        panels.append(panel)
    if not panels:
        return {}
    if len(panels) == 1:
        return top | panels[0]
    return top | {"columns": columns, "concat": panels}


def chart_svg(spec: dict[str, Any]) -> str:
    """Render the same spec to SVG, offline, for WeasyPrint."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)
