"""Charts made on the server as SVG: bars and lines people read at a glance, no script.

Each chart has a title and a text description (`role="img"`, `aria-labelledby`) and is always
shown above its data table, which screen readers and printouts read in full.
"""

from markupsafe import Markup, escape

BAR_HEIGHT = 14
GAP = 8
LABEL_WIDTH = 220
PLOT_WIDTH = 380
#: Current period dark, previous light: distinct in grey too (printouts), with a legend.
COLOURS = ("#1f4e79", "#9dbbd8")
MAX_BARS = 15


def _numbers(row: list, count: int) -> list[int]:
    return [v if isinstance(v, int) else 0 for v in row[1:1 + count]]


def bar_chart(table, chart_id: str) -> Markup:
    """Horizontal bars: one group per row, the period and (when given) the previous one."""
    series = list(table.columns[1:3])
    rows = [r for r in table.rows if any(_numbers(r, len(series)))][:MAX_BARS]
    if not rows:
        return Markup("")
    if len(series) == 2 and not any(r[2] for r in rows if isinstance(r[2], int)):
        series = series[:1]  # nothing before: one bar per row, the table says 0
    top = max(max(_numbers(r, len(series))) for r in rows) or 1
    group = len(series) * BAR_HEIGHT + GAP
    height = 24 + len(rows) * group
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-t">{escape(table.title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_describe(table, rows, series))}</desc>',
    ]
    for i, name in enumerate(series):
        x = LABEL_WIDTH + i * 190
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[i]}"/>'
                     f'<text x="{x + 16}" y="14">{escape(name)}</text>')
    for index, row in enumerate(rows):
        y = 24 + index * group
        label = str(row[0])
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" '
                     f'text-anchor="end">{escape(short)}</text>')
        for i, value in enumerate(_numbers(row, len(series))):
            w = round(PLOT_WIDTH * value / top, 1)
            by = y + i * BAR_HEIGHT
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{by}" width="{w}" '
                         f'height="{BAR_HEIGHT - 2}" fill="{COLOURS[i]}"/>'
                         f'<text x="{LABEL_WIDTH + w + 4}" y="{by + BAR_HEIGHT - 3}">'
                         f'{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(table, chart_id: str) -> Markup:
    """A line over time (first column: the months, second: the values)."""
    rows = table.rows
    if len(rows) < 2:
        return bar_chart(table, chart_id)
    values = [r[1] if isinstance(r[1], int) else 0 for r in rows]
    top = max(values) or 1
    width, height, left, bottom = 620, 200, 40, 30
    step = (width - left - 20) / (len(rows) - 1)
    points = [(left + i * step, height - bottom - (height - bottom - 20) * v / top)
              for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
        f'<title id="{chart_id}-t">{escape(table.title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_describe(table, rows, table.columns[1:2]))}</desc>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#666"/>',
        f'<text x="{left - 6}" y="24" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>',
        f'<polyline points="{path}" fill="none" stroke="{COLOURS[0]}" stroke-width="2"/>',
    ]
    for (x, y), row in zip(points, rows, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[0]}"/>'
                     f'<text x="{x:.1f}" y="{height - bottom + 14}" text-anchor="middle">'
                     f'{escape(str(row[0])[:2])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _describe(table, rows, series) -> str:
    """The chart in one sentence: the largest values (the table below gives all of them)."""
    head = ", ".join(f"{r[0]} : {r[1]}" for r in rows[:5])
    more = f", et {len(rows) - 5} autres" if len(rows) > 5 else ""
    return f"{table.title} ({series[0]}) : {head}{more}. Tableau des données ci-dessous."


def chart(table, chart_id: str) -> Markup:
    if table.chart == "line":
        return line_chart(table, chart_id)
    if table.chart == "bar":
        return bar_chart(table, chart_id)
    return Markup("")
