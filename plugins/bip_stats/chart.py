"""A stacked bar chart as SVG text, drawn at build time (pure, no JavaScript).

The chart repeats a table that stands next to it: it is one image with a
title and a description (role="img"), its colours are dark enough to keep
3:1 against white (WCAG 1.4.11), bars are separated by white lines, and
every series is named in a legend, so no colour is the only way to tell
them apart. Every label is escaped.
"""

from __future__ import annotations

import math
from html import escape

# Dark, distinct colours; each has a contrast of at least 4.5:1 with white.
# Grey is kept for the series named `muted` (what is left over).
COLOURS = ("#1f4e79", "#b35806", "#1b7837", "#762a83", "#b2182b", "#01665e", "#6b5b00")
GREY = "#5a5a5a"
WIDTH, PLOT_TOP, PLOT_HEIGHT, LEFT, RIGHT = 720, 16, 220, 64, 16
LEGEND_ROW = 22


def nice_top(value: int) -> int:
    """A round number at least `value` for the top of the axis.

    >>> nice_top(0), nice_top(7), nice_top(1234), nice_top(50)
    (4, 8, 1500, 60)
    """
    if value <= 4:
        return 4
    step = 10 ** int(math.log10(value))
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        top = int(step * factor)
        if top >= value and top % 4 == 0:
            return top
    return step * 10


def stacked_bars(  # noqa: PLR0913, PLR0917 (what one chart needs)
    ident: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[int]]],
    muted: str = "",
) -> str:
    """SVG of one bar per label, each stacked from the series' values."""
    colours = _colours([name for name, _ in series], muted)
    count = len(labels)
    top = nice_top(max((sum(s[1][i] for s in series) for i in range(count)), default=0))
    legend_rows = -(-len(series) // 3)
    height = PLOT_TOP + PLOT_HEIGHT + 40 + legend_rows * LEGEND_ROW
    slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bip-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{ident}-t {ident}-d" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="13" fill="#1a1a1a">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        *_axis(top),
    ]
    for i, label in enumerate(labels):
        parts += _bar(i, slot, top, [v[i] for _, v in series], colours)
        x = LEFT + slot * (i + 0.5)
        y = PLOT_TOP + PLOT_HEIGHT + 18
        parts.append(
            f'<text x="{x:.1f}" y="{y}" text-anchor="middle">{escape(label)}</text>'
        )
    parts += _legend([name for name, _ in series], colours, PLOT_TOP + PLOT_HEIGHT + 40)
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(top: int) -> list[str]:
    lines = []
    for step in range(5):
        value = top * step // 4
        y = PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * step / 4
        lines.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#767676" stroke-width="1"/>'
        )
        lines.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value:,}</text>".replace(",", "\u00a0")
        )
    return lines


def _colours(names: list[str], muted: str) -> list[str]:
    others = iter(COLOURS * (len(names) // len(COLOURS) + 1))
    return [GREY if name == muted else next(others) for name in names]


def _bar(
    i: int, slot: float, top: int, values: list[int], colours: list[str]
) -> list[str]:
    x, width = LEFT + slot * i + slot * 0.15, slot * 0.7
    base = float(PLOT_TOP + PLOT_HEIGHT)
    rects = []
    for value, colour in zip(values, colours, strict=True):
        height = PLOT_HEIGHT * value / top
        if height <= 0:
            continue
        base -= height
        rects.append(
            f'<rect x="{x:.1f}" y="{base:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}" fill="{colour}" '
            'stroke="#fff" stroke-width="1"/>'
        )
    return rects


def _legend(names: list[str], colours: list[str], y0: int) -> list[str]:
    items = []
    column = (WIDTH - LEFT) / 3
    for n, name in enumerate(names):
        x = LEFT + column * (n % 3)
        y = y0 + LEGEND_ROW * (n // 3)
        items.append(
            f'<rect x="{x:.1f}" y="{y}" width="14" height="14" fill="{colours[n]}"/>'
        )
        items.append(f'<text x="{x + 20:.1f}" y="{y + 12}">{escape(name[:40])}</text>')
    return items
