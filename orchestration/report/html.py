"""Rendering the report: hand-made SVG bars, scatter and heatmap in one HTML page that opens from disk."""

import datetime as dt
from html import escape

from orchestration.report.queries import ReportData, Rows

QUADRANT_COLOURS = {
    "performing, high potential": "#1b7837",
    "performing, low potential": "#5aae61",
    "underperforming, high potential": "#e08214",
    "underperforming, low potential": "#b2182b",
}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
.muted { color: #666; } table { border-collapse: collapse; font-size: 0.85rem; }
td, th { padding: 0.2rem 0.5rem; text-align: right; } th:first-child, td:first-child { text-align: left; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; } .card { background: #f4f4f4; padding: 0.8rem 1.2rem; }
.card b { display: block; font-size: 1.4rem; } svg text { font-size: 11px; }
"""


def _number(value: object, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{float(value):,.{digits}f}"


def _bars(rows: Rows, label: str, value: str, width: int = 640, colour: str = "#4575b4") -> str:
    if not rows:
        return "<p class='muted'>No data.</p>"
    top = max(float(row[value] or 0) for row in rows) or 1.0
    bar_height, label_width = 18, 200
    parts = [f"<svg width='{width + label_width + 90}' height='{len(rows) * (bar_height + 4)}'>"]
    for index, row in enumerate(rows):
        y = index * (bar_height + 4)
        length = max(float(row[value] or 0), 0) / top * width
        parts.append(
            f"<text x='{label_width - 6}' y='{y + 13}' text-anchor='end'>{escape(str(row[label]))}</text>"
            f"<rect x='{label_width}' y='{y}' width='{length:.1f}' height='{bar_height}' fill='{colour}'>"
            f"<title>{escape(str(row[label]))}: {_number(row[value], 2)}</title></rect>"
            f"<text x='{label_width + length + 4:.1f}' y='{y + 13}'>{_number(row[value])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _segment_section(family: str, rows: Rows) -> str:
    table = "".join(
        f"<tr><td>{escape(str(row['segment']))}</td><td>{row['contacts']}</td><td>{row['customers']}</td>"
        f"<td>{_number(row['revenue'])}</td><td>{_number(row['historical_ltv_mean'])}</td>"
        f"<td>{_number(row['predicted_clv_mean'])}</td><td>{escape(str(row['quadrant']))}</td></tr>"
        for row in rows
    )
    return (
        f"<h3>{escape(family)}</h3>{_bars(rows, 'segment', 'revenue')}"
        "<table><tr><th>segment</th><th>contacts</th><th>customers</th><th>revenue</th>"
        f"<th>LTV (mean)</th><th>predicted 12-month CLV (mean)</th><th>quadrant</th></tr>{table}</table>"
    )


def _quadrant(rows: Rows, size: int = 520, cap: float = 3.0) -> str:
    margin = 40
    scale = (size - 2 * margin) / cap

    def position(value: object) -> float:
        return min(max(float(value or 0), 0.0), cap) * scale

    parts = [
        f"<svg width='{size}' height='{size}'>",
        f"<rect x='{margin}' y='{margin}' width='{size - 2 * margin}' height='{size - 2 * margin}' "
        "fill='none' stroke='#ccc'/>",
        f"<line x1='{margin + scale}' y1='{margin}' x2='{margin + scale}' y2='{size - margin}' stroke='#999' "
        "stroke-dasharray='4'/>",
        f"<line x1='{margin}' y1='{size - margin - scale}' x2='{size - margin}' y2='{size - margin - scale}' "
        "stroke='#999' stroke-dasharray='4'/>",
        f"<text x='{size / 2}' y='{size - 8}' text-anchor='middle'>performance (revenue per contact ÷ all; "
        f"capped at {cap:g})</text>",
        f"<text x='12' y='{size / 2}' transform='rotate(-90 12 {size / 2})' text-anchor='middle'>potential "
        "(ICP fit and pipeline ÷ all)</text>",
    ]
    for row in rows:
        x = margin + position(row["performance_index"])
        y = size - margin - position(row["potential_index"])
        colour = QUADRANT_COLOURS.get(str(row["quadrant"]), "#777")
        name = f"{row['segment_family']}: {row['segment']}"
        numbers = (
            f"{row['contacts']} contacts, performance {_number(row['performance_index'], 2)}, "
            f"potential {_number(row['potential_index'], 2)}"
        )
        parts.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='{colour}' fill-opacity='0.7'>"
            f"<title>{escape(name)} ({numbers})</title></circle>"
        )
    parts.append("</svg>")
    legend = " ".join(
        f"<span style='color:{colour}'>●</span> {escape(name)}" for name, colour in QUADRANT_COLOURS.items()
    )
    watch = [row for row in rows if row["quadrant"] == "underperforming, high potential"]
    watch.sort(key=lambda row: -float(row["potential_index"] or 0))
    table = "".join(
        f"<tr><td>{escape(str(row['segment_family']))}: {escape(str(row['segment']))}</td>"
        f"<td>{row['contacts']}</td><td>{_number(row['performance_index'], 2)}</td>"
        f"<td>{_number(row['potential_index'], 2)}</td></tr>"
        for row in watch[:20]
    )
    return (
        f"{''.join(parts)}<p>{legend}</p><h3>Underperforming with high potential</h3>"
        "<table><tr><th>segment</th><th>contacts</th><th>performance</th><th>potential</th></tr>"
        f"{table}</table>"
    )


def _cohort_heatmap(rows: Rows) -> str:
    if not rows:
        return "<p class='muted'>No purchases yet.</p>"
    months = sorted({int(row["months_since_first_purchase"]) for row in rows})
    cohorts: dict[object, dict[int, dict[str, object]]] = {}
    for row in rows:
        cohorts.setdefault(row["cohort_month"], {})[int(row["months_since_first_purchase"])] = row
    header = "".join(f"<th>{month}</th>" for month in months)
    body = []
    for cohort, cells in cohorts.items():
        size = next(iter(cells.values()))["cohort_customers"]
        tds = []
        for month in months:
            cell = cells.get(month)
            if cell is None:
                tds.append("<td></td>")
                continue
            rate = float(cell["retention_rate"] or 0)
            shade = int(255 - rate * 180)
            tds.append(
                f"<td style='background: rgb({shade},{shade},255)' title='cumulative revenue per customer "
                f"{_number(cell['cumulative_revenue_per_customer'], 2)}'>{rate:.0%}</td>"
            )
        label = cohort.strftime("%Y-%m") if isinstance(cohort, dt.date) else str(cohort)
        body.append(f"<tr><td>{label}</td><td>{size}</td>{''.join(tds)}</tr>")
    return (
        "<table><tr><th>cohort</th><th>customers</th>"
        f"{header}</tr>{''.join(body)}</table><p class='muted'>Share of each first-purchase cohort paying "
        "in each month since its first purchase; hover for cumulative revenue per customer.</p>"
    )


def _funnel(rows: Rows) -> str:
    stages = ("contacts", "converted", "opportunities", "customers")
    body = "".join(
        f"<tr><td>{escape(str(row['channel']))}</td>"
        + "".join(f"<td>{row[stage]}</td>" for stage in stages)
        + f"<td>{int(row['customers']) / int(row['contacts']):.1%}</td></tr>"
        for row in rows
    )
    chart = _bars(
        [{"stage": stage, "count": sum(int(row[stage]) for row in rows)} for stage in stages],
        "stage",
        "count",
    )
    return (
        f"{chart}<table><tr><th>channel</th><th>contacts</th><th>converted (a form)</th>"
        f"<th>opportunity</th><th>customers</th><th>contact → customer</th></tr>{body}</table>"
    )


def render_report(data: ReportData) -> str:
    headline = data.headline
    currency = escape(str(headline["reporting_currency"]))
    cards = "".join(
        f"<div class='card'>{name}<b>{value}</b></div>"
        for name, value in (
            ("contacts", _number(headline["contacts"])),
            ("customers", _number(headline["customers"])),
            (f"revenue ({currency})", _number(headline["revenue"])),
            (f"open pipeline ({currency})", _number(headline["open_pipeline"])),
            (f"predicted 12-month CLV ({currency})", _number(headline["predicted_clv_total"])),
        )
    )
    families = "".join(_segment_section(family, rows) for family, rows in data.segments_by_family.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Segment health</title><style>{STYLE}</style></head>
<body>
<h1>Segment health</h1>
<p class="muted">As of {escape(str(headline["as_of_date"]))}; money in {currency}. Built by crm-segments.</p>
<div class="cards">{cards}</div>
<h2 id="revenue">Revenue and lifetime value by segment</h2>{families}
<h2 id="quadrant">Performance and potential</h2>{_quadrant(data.judged_segments)}
<h2 id="cohorts">Cohort retention</h2>{_cohort_heatmap(data.cohorts)}
<h2 id="funnel">Channel funnel</h2>{_funnel(data.funnel)}
</body></html>
"""
