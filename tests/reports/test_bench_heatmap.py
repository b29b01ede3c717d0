"""The heatmap cells written in Python (reports/templatetags/heatmap_tags.py) are the HTML
the template loop wrote before, character for character."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from plans.models import Agency
from reports import bench
from reports import dashboard as dash
from reports.templatetags.heatmap_tags import heatmap_cells

# The loop as it was in templates/reports/_dash_heatmap.html.
TEMPLATE_LOOP = (
    "{% for cell in row.cells %}\n"
    '        <td class="dash-cell status-{{ cell.judgement.status }}"><a href="{{ agency_url }}'
    '{{ agency_query }}#chi-so-{{ cell.indicator.code }}" title="{{ cell.title }}" '
    'data-indicator="{{ cell.indicator.code }}"><span class="dash-cell-value">{{ cell.display }}'
    "</span>{% if cell.judgement.icon %}"
    '<span class="dash-icon" aria-hidden="true">{{ cell.judgement.icon }}</span>{% endif %}'
    '<span class="visually-hidden"> — {{ cell.judgement.label }}</span></a></td>\n'
    "        {% endfor %}"
)


@pytest.mark.django_db
@pytest.mark.parametrize("compare", ["own", "province"])
def test_heatmap_tag_writes_what_the_template_wrote(compare) -> None:
    bench.generate(bench.Spec(provinces=1, agencies_per_province=8, years=2, with_events=False))
    province = Agency.objects.get(code="B00")
    # An agency name and a query string that need escaping.
    Agency.objects.filter(parent=province).update(short_name='Sở "A" & <B>')
    rnd = dash.default_round(list(dash.province_rounds(province)))
    data = dash.province_dashboard(rnd, compare=compare)
    statuses = {c.judgement.status for row in data.grid for c in row.cells}
    assert len(statuses) > 2  # values with and without targets, met and not
    loop = Template(TEMPLATE_LOOP)
    for row in data.grid:
        url, query = f"/co-quan/{row.agency.pk}/bang-dieu-khien/", f"?ky={rnd.pk}&tam-tinh=1"
        want = loop.render(Context({"row": row, "agency_url": url, "agency_query": query}))
        assert heatmap_cells(row, url, query) == want
