"""The committee dashboard's heatmap cells, written in Python.

A province of 150 agencies has about 4,000 cells and 1,000 agencies 26,000; through the
template language each cell costs a dozen variable lookups and escapes, which made the
template most of the page's time (docs/performance.md). This tag writes exactly the HTML
the template loop wrote (tests/reports/test_bench_heatmap.py compares the two)."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_GAP = "\n        "


def _e(value) -> str:
    # What the template's autoescape does: SafeStrings as they are, the rest escaped
    # (django.utils.html.escape is html.escape(str(value)), without the lazy wrapper).
    return value if isinstance(value, SafeString) else escape(str(value))


@register.simple_tag
def heatmap_cells(row, agency_url: str, agency_query: str) -> SafeString:
    """The <td> cells of one agency's row (`row`: reports.dashboard.GridRow)."""
    href = f"{_e(agency_url)}{_e(agency_query)}#chi-so-"
    out = []
    seen: dict = {}
    for cell in row.cells:
        judgement = cell.judgement
        key = (cell.indicator.code, judgement.status, judgement.icon, judgement.label)
        fixed = seen.get(key)
        if fixed is None:
            code, status, icon, label = (_e(v) for v in key)
            fixed = seen[key] = (
                f'{_GAP}<td class="dash-cell status-{status}"><a href="{href}{code}" title="',
                f'" data-indicator="{code}"><span class="dash-cell-value">',
                "</span>"
                + (f'<span class="dash-icon" aria-hidden="true">{icon}</span>' if icon else "")
                + f'<span class="visually-hidden"> — {label}</span></a></td>{_GAP}',
            )
        out.append(f"{fixed[0]}{_e(cell.title)}{fixed[1]}{_e(cell.display)}{fixed[2]}")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
