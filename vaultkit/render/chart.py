"""A small, deterministic SVG mood chart for a journal period.

No charting library is used: pygal 3.1.3 puts a random ``chart-<uuid4>`` id into every
render (two renders of the same data differ) and embeds a ``<script>`` that loads
pygal-tooltips.min.js from kozea.github.io. leather 0.4.1 is byte-stable and free of
scripts, but a chart has exactly one Y scale/axis (so no mood axis next to an intensity
axis), has no vertical marker shape, and has no ``<title>``/``<desc>``/``role``. Its theme
(an opaque ``#f9f9f9`` background, Monaco font) is a set of module-level globals, and it
writes coordinates as 28-digit Decimals. A few dozen lines of string building cost less
than working around all of that.

Geometry (all public so tests and callers can find where things land):
the plot area spans x from ``PLOT_LEFT`` to ``PLOT_RIGHT`` and y from ``PLOT_TOP`` to
``PLOT_BOTTOM``. Day ``i`` (0 = start) is the centre of slot ``i`` of ``n`` equal slots:
``x = PLOT_LEFT + (i + 0.5) * PLOT_WIDTH / n``. A mood ``v`` on the 1..scale axis is at
``y = PLOT_BOTTOM - (v - 1) / (scale - 1) * PLOT_HEIGHT``. An intensity ``p`` on the
0..100 axis is at ``y = PLOT_BOTTOM - p / 100 * PLOT_HEIGHT``. All numbers are written
with ``DECIMALS`` decimals.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping, Sequence

__all__ = [
    "AXIS_COLOR",
    "DECIMALS",
    "EMPTY_TEXT",
    "HEIGHT",
    "MONTHS",
    "MOOD_COLOR",
    "PALETTE",
    "PLOT_BOTTOM",
    "PLOT_HEIGHT",
    "PLOT_LEFT",
    "PLOT_RIGHT",
    "PLOT_TOP",
    "PLOT_WIDTH",
    "STRENGTH_TEXT",
    "WIDTH",
    "mood_chart",
]

WIDTH = 640
HEIGHT = 240
PLOT_LEFT = 40
PLOT_RIGHT = 596
PLOT_TOP = 44
PLOT_BOTTOM = 208
PLOT_WIDTH = PLOT_RIGHT - PLOT_LEFT
PLOT_HEIGHT = PLOT_BOTTOM - PLOT_TOP
DECIMALS = 1

# Obsidian embeds ![[chart.svg]] as an <img>, so the page's CSS variables and
# currentColor never reach the SVG and it cannot follow the light/dark theme. The
# background is therefore transparent and every colour is a mid tone that stays
# readable on white as well as on Obsidian's near-black (#1e1e1e): #888888 has
# about 3.5:1 contrast on white and 4.6:1 on #1e1e1e.
AXIS_COLOR = "#888888"
GRID_COLOR = "#888888"  # drawn at low opacity
MOOD_COLOR = "#4a90d9"
SESSION_COLOR = "#9a7fd1"
# Mid-saturation colours (mostly Okabe-Ito, which works for colour-blind readers),
# none too light for white or too dark for black. They are given out by the sorted
# order of the emotion words.
PALETTE = (
    "#e69f00",
    "#009e73",
    "#d55e00",
    "#cc79a7",
    "#8c8c2a",
    "#2aa6a6",
    "#c0504d",
    "#7f7fcf",
)

# English month names written out here, because strftime("%b") follows the locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EMPTY_TEXT = "Nothing recorded in this period"
# The right axis holds the person's own ratings of how strong a feeling was. A "%" would
# read as a score or a share of something, which these numbers are not.
STRENGTH_TEXT = "strength 0\u2013100"

_MAX_DATE_LABELS = 10
_MAX_LEGEND_WORD = 16
_MAX_TITLE = 80
# A generous width per character at font-size 10: no font metrics, so the layout is the same
# everywhere.
_CHAR_WIDTH = 6
# The axis title sits at the right end of the legend's row, so the legend ends before it.
_STRENGTH_LEFT = WIDTH - 4 - len(STRENGTH_TEXT) * _CHAR_WIDTH
# Characters that XML 1.0 forbids even when escaped; notes can contain them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _num(v: float) -> str:
    s = f"{v:.{DECIMALS}f}"
    return "0.0" if s == "-0.0" else s  # "-0.0" would make equal inputs look different


def _esc(text: str) -> str:
    text = _XML_INVALID.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _label(day: datetime.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


def _value(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else _num(v)


def _clamp(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)


def _as_date(d: datetime.date) -> datetime.date:
    # datetime is a subclass of date, but subtracting it from a date raises.
    return d.date() if isinstance(d, datetime.datetime) else d


def mood_chart(
    *,
    start: datetime.date,
    end: datetime.date,
    moods: Sequence[tuple[datetime.date, float]],
    emotions: Sequence[tuple[datetime.date, str, float]],
    sessions: Sequence[datetime.date],
    scale: int = 10,
    title: str,
) -> str:
    """Return the SVG document (text, ending in a newline) for one period.

    Moods are clamped to 1..scale and intensities to 0..100. Entries outside
    start..end are ignored, and so are non-finite values. If a day has more
    than one mood, the last one counts.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError("end is before start")
    if scale < 2:
        raise ValueError("scale must be at least 2")
    n_days = (end - start).days + 1

    def x_of(day: datetime.date) -> float:
        return PLOT_LEFT + ((day - start).days + 0.5) * PLOT_WIDTH / n_days

    def mood_y(v: float) -> float:
        return PLOT_BOTTOM - (_clamp(v, 1, scale) - 1) / (scale - 1) * PLOT_HEIGHT

    def pct_y(p: float) -> float:
        return PLOT_BOTTOM - _clamp(p, 0, 100) / 100 * PLOT_HEIGHT

    def in_range(d: datetime.date) -> bool:
        return start <= d <= end

    mood_by_day: dict[datetime.date, float] = {}
    for d, v in moods:
        d = _as_date(d)
        if in_range(d) and math.isfinite(v):
            mood_by_day[d] = _clamp(float(v), 1, scale)
    mood_days = sorted(mood_by_day)

    # Sorting makes the output independent of the order the notes were read in.
    emos = sorted(
        (d, w.strip(), int(_clamp(p, 0, 100)))
        for d, w, p in ((_as_date(d), w, p) for d, w, p in emotions)
        if in_range(d) and w.strip() and math.isfinite(p)
    )
    words = sorted({w for _, w, _ in emos})
    color = {w: PALETTE[i % len(PALETTE)] for i, w in enumerate(words)}
    session_days = sorted({_as_date(d) for d in sessions if in_range(_as_date(d))})

    out: list[str] = []
    add = out.append
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}" '
        f'font-family="sans-serif">'
    )
    add(f"<title>{_esc(title)}</title>")
    add(
        f"<desc>{_esc(_describe(start, end, scale, mood_days, mood_by_day, emos, session_days))}</desc>"
    )
    add(
        f'<text x="{_num(PLOT_LEFT)}" y="{_num(16)}" font-size="13" fill="{AXIS_COLOR}">'
        f"{_esc(_short(title, _MAX_TITLE))}</text>"
    )

    # Axes: a left mood scale and a right 0..100 intensity scale, over faint gridlines.
    add(f'<g class="axes" stroke="{AXIS_COLOR}" stroke-width="1" fill="none">')
    left, right, top, bottom = (_num(v) for v in (PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM))
    add(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>')
    add(f'<line x1="{right}" y1="{top}" x2="{right}" y2="{bottom}"/>')
    add(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    add("</g>")
    add(f'<g class="labels" fill="{AXIS_COLOR}" font-size="10">')
    step = max(1, math.ceil((scale - 1) / 5))
    for v in sorted(set(range(1, scale + 1, step)) | {scale}):
        y = _num(mood_y(v))
        add(
            f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" '
            f'stroke="{GRID_COLOR}" stroke-opacity="0.2"/>'
        )
        add(
            f'<text x="{_num(PLOT_LEFT - 4)}" y="{_num(mood_y(v) + 3)}" text-anchor="end">{v}</text>'
        )
    for p in (0, 25, 50, 75, 100):
        add(f'<text x="{_num(PLOT_RIGHT + 4)}" y="{_num(pct_y(p) + 3)}">{p}</text>')
    add(
        f'<text x="{_num(WIDTH - 4)}" y="{_num(PLOT_TOP - 8)}" text-anchor="end">{STRENGTH_TEXT}</text>'
    )
    every = math.ceil(n_days / _MAX_DATE_LABELS)  # thin the labels so they never overlap
    for i in range(0, n_days, every):
        day = start + datetime.timedelta(days=i)
        add(
            f'<text x="{_num(x_of(day))}" y="{_num(PLOT_BOTTOM + 14)}" '
            f'text-anchor="middle">{_label(day)}</text>'
        )
    add("</g>")

    add(f'<g class="sessions" stroke="{SESSION_COLOR}" fill="{SESSION_COLOR}" font-size="9">')
    for d in session_days:
        x = _num(x_of(d))
        add(
            f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
        )
        add(f'<text x="{_num(x_of(d) + 3)}" y="{_num(PLOT_TOP + 9)}" stroke="none">session</text>')
    add("</g>")

    add('<g class="emotions" stroke="none">')
    for d, w, p in emos:
        add(
            f'<circle cx="{_num(x_of(d))}" cy="{_num(pct_y(p))}" r="3.5" '
            f'fill="{color[w]}" fill-opacity="0.85"/>'
        )
    add("</g>")

    # One polyline per run of consecutive days, so a missing day shows as a gap
    # instead of a line that suggests a value nobody recorded.
    add(f'<g class="mood" stroke="{MOOD_COLOR}" fill="{MOOD_COLOR}">')
    for run in _runs(mood_days):
        if len(run) > 1:
            pts = " ".join(f"{_num(x_of(d))},{_num(mood_y(mood_by_day[d]))}" for d in run)
            add(f'<polyline points="{pts}" fill="none" stroke-width="2"/>')
    for d in mood_days:
        add(
            f'<circle cx="{_num(x_of(d))}" cy="{_num(mood_y(mood_by_day[d]))}" r="2.5" stroke="none"/>'
        )
    add("</g>")

    _legend(add, words, color)
    if not mood_days and not emos:
        add(
            f'<text class="empty" x="{_num(PLOT_LEFT + PLOT_WIDTH / 2)}" '
            f'y="{_num(PLOT_TOP + PLOT_HEIGHT / 2)}" text-anchor="middle" font-size="13" '
            f'fill="{AXIS_COLOR}">{EMPTY_TEXT}</text>'
        )
    add("</svg>")
    return "\n".join(out) + "\n"


def _runs(days: list[datetime.date]) -> list[list[datetime.date]]:
    runs: list[list[datetime.date]] = []
    for d in days:
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def _legend(add: Callable[[str], None], words: list[str], color: dict[str, str]) -> None:
    # Text width is estimated at a fixed width per character (no font metrics) so the
    # layout stays the same everywhere. Words that don't fit are counted in
    # "+N more"; the <desc> still lists every value. Room is kept for "+NN more" before
    # the right axis's title.
    y, x, limit = 32, PLOT_LEFT, _STRENGTH_LEFT - 8 - len("+NN more") * _CHAR_WIDTH
    add(f'<g class="legend" font-size="10" fill="{AXIS_COLOR}">')
    add(
        f'<line x1="{_num(x)}" y1="{_num(y - 3)}" x2="{_num(x + 12)}" y2="{_num(y - 3)}" '
        f'stroke="{MOOD_COLOR}" stroke-width="2"/>'
    )
    add(f'<text x="{_num(x + 16)}" y="{_num(y)}">mood</text>')
    x += 16 + 4 * 6 + 20
    for i, w in enumerate(words):
        shown = _short(w, _MAX_LEGEND_WORD)
        width = 10 + len(shown) * _CHAR_WIDTH + 12
        if x + width > limit:
            add(f'<text x="{_num(x)}" y="{_num(y)}">+{len(words) - i} more</text>')
            break
        add(f'<circle cx="{_num(x + 3)}" cy="{_num(y - 3)}" r="3.5" fill="{color[w]}"/>')
        add(f'<text x="{_num(x + 10)}" y="{_num(y)}">{_esc(shown)}</text>')
        x += width
    add("</g>")


def _describe(
    start: datetime.date,
    end: datetime.date,
    scale: int,
    mood_days: list[datetime.date],
    mood_by_day: Mapping[datetime.date, float],
    emos: list[tuple[datetime.date, str, int]],
    session_days: list[datetime.date],
) -> str:
    """The chart's data in plain words, for screen readers and text-only viewers."""
    parts = [f"From {_label(start)} to {_label(end)}."]
    if mood_days:
        parts.append(
            f"Mood (1 to {scale}): "
            + ", ".join(f"{_label(d)} {_value(mood_by_day[d])}" for d in mood_days)
            + "."
        )
    else:
        parts.append("Mood: none recorded.")
    if emos:
        parts.append(
            "Emotions (strength 0 to 100): "
            + ", ".join(f"{w} {p} on {_label(d)}" for d, w, p in emos)
            + "."
        )
    else:
        parts.append("Emotions: none recorded.")
    if session_days:
        parts.append("Sessions: " + ", ".join(_label(d) for d in session_days) + ".")
    else:
        parts.append("Sessions: none.")
    return " ".join(parts)
