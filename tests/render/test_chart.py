"""The SVG mood chart: valid, byte-stable, correctly placed, escaped and self-contained."""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET

import pytest

from vaultkit.render.chart import (
    EMPTY_TEXT,
    HEIGHT,
    MOOD_COLOR,
    PALETTE,
    PLOT_BOTTOM,
    PLOT_HEIGHT,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    PLOT_WIDTH,
    STRENGTH_TEXT,
    WIDTH,
    mood_chart,
)

NS = "{http://www.w3.org/2000/svg}"
START, END = dt.date(2024, 11, 3), dt.date(2024, 11, 9)  # 7 day slots


def d(day: int) -> dt.date:
    return dt.date(2024, 11, day)


def x_of(day: int, n_days: int = 7) -> float:
    return PLOT_LEFT + (day - START.day + 0.5) * PLOT_WIDTH / n_days


def mood_y(v: float, scale: int = 10) -> float:
    return PLOT_BOTTOM - (v - 1) / (scale - 1) * PLOT_HEIGHT


def pct_y(p: float) -> float:
    return PLOT_BOTTOM - p / 100 * PLOT_HEIGHT


def chart(**kw) -> str:
    args = dict(start=START, end=END, moods=[], emotions=[], sessions=[], title="Week")
    args.update(kw)
    return mood_chart(**args)


def group(svg: str, cls: str) -> ET.Element:
    return ET.fromstring(svg).find(f"{NS}g[@class='{cls}']")


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    return [
        [tuple(map(float, p.split(","))) for p in pl.get("points").split()]
        for pl in group(svg, "mood").iter(f"{NS}polyline")
    ]


def flat(points) -> list[float]:
    return [v for pt in points for v in pt]


EMOTIONS = [(d(3), "anxious", 70), (d(3), "calm", 20), (d(5), "sad", 40), (d(8), "anxious", 10)]
FULL = dict(moods=[(d(3), 6), (d(4), 5), (d(5), 7)], emotions=EMOTIONS, sessions=[d(5)])


def test_parses_as_svg_with_fixed_size_and_accessibility():
    root = ET.fromstring(chart(**FULL, title="My week"))
    assert root.tag == f"{NS}svg"
    assert (root.get("width"), root.get("height")) == (str(WIDTH), str(HEIGHT))
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    assert root.get("role") == "img" and root.get("aria-label") == "My week"
    assert root.find(f"{NS}title").text == "My week"
    assert root.get("font-family") == "sans-serif"


def test_same_input_gives_identical_bytes_and_emotion_order_does_not_matter():
    first = chart(**FULL).encode()
    assert chart(**FULL).encode() == first
    shuffled = list(EMOTIONS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert chart(**{**FULL, "emotions": list(shuffled)}).encode() == first
    assert first.endswith(b"</svg>\n") and b"\r" not in first


def test_mood_points_are_at_documented_coordinates():
    svg = chart(moods=[(d(3), 6), (d(4), 5), (d(5), 7.5)])
    [line] = polylines(svg)
    expected = [(x_of(3), mood_y(6)), (x_of(4), mood_y(5)), (x_of(5), mood_y(7.5))]
    assert flat(line) == pytest.approx(flat(expected), abs=0.051)
    dots = [
        (float(c.get("cx")), float(c.get("cy"))) for c in group(svg, "mood").iter(f"{NS}circle")
    ]
    assert flat(dots) == pytest.approx(flat(expected), abs=0.051)


def test_mood_on_other_scale_uses_that_scale():
    svg = chart(moods=[(d(3), 1), (d(4), 5)], scale=5)
    assert flat(polylines(svg)[0]) == pytest.approx(
        flat([(x_of(3), PLOT_BOTTOM), (x_of(4), PLOT_TOP)]), abs=0.051
    )


def test_missing_days_split_the_line():
    svg = chart(moods=[(d(3), 6), (d(4), 5), (d(6), 4), (d(7), 3), (d(9), 8)])
    lines = polylines(svg)
    assert [len(pl) for pl in lines] == [2, 2]  # Nov 9 stands alone: a dot, no line
    assert lines[0][-1][0] == pytest.approx(x_of(4), abs=0.051)
    assert lines[1][0][0] == pytest.approx(x_of(6), abs=0.051)
    assert len(list(group(svg, "mood").iter(f"{NS}circle"))) == 5


def test_session_is_a_dashed_labelled_line_at_its_day():
    svg = chart(moods=[(d(3), 5)], sessions=[d(6), dt.date(2024, 12, 1)])
    g = group(svg, "sessions")
    [line] = g.iter(f"{NS}line")
    assert float(line.get("x1")) == float(line.get("x2")) == pytest.approx(x_of(6), abs=0.051)
    assert line.get("stroke-dasharray")
    assert (float(line.get("y1")), float(line.get("y2"))) == (PLOT_TOP, PLOT_BOTTOM)
    assert [t.text for t in g.iter(f"{NS}text")] == ["session"]


def test_emotions_use_right_axis_and_palette_by_sorted_word():
    # "sad" comes first by day but second by word: colours must follow the word order.
    g = group(chart(emotions=[(d(4), "anxious", 40), (d(3), "sad", 70)]), "emotions")
    circles = [
        (float(c.get("cx")), float(c.get("cy")), c.get("fill")) for c in g.iter(f"{NS}circle")
    ]
    (x1, y1, f1), (x2, y2, f2) = circles
    assert (x1, y1) == pytest.approx((x_of(3), pct_y(70)), abs=0.051) and f1 == PALETTE[1]
    assert (x2, y2) == pytest.approx((x_of(4), pct_y(40)), abs=0.051) and f2 == PALETTE[0]
    legend = [t.text for t in group(chart(emotions=EMOTIONS), "legend").iter(f"{NS}text")]
    assert legend == ["mood", "anxious", "calm", "sad"]


def test_user_text_is_escaped():
    word, title = "<b>&\"x'", 'Me & <you> "quoted"'
    svg = chart(emotions=[(d(3), word, 50)], title=title)
    assert "<b>" not in svg and "<you>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == title and root.get("aria-label") == title
    assert word in [t.text for t in group(svg, "legend").iter(f"{NS}text")]
    assert word in root.find(f"{NS}desc").text


def test_self_contained_no_scripts_links_or_urls():
    svg = chart(**FULL, title="see http://example.com")
    # The SVG namespace must stay (an <img> won't render without it); nothing else may link out.
    body = svg.replace('xmlns="http://www.w3.org/2000/svg"', "", 1)
    body = body.replace("see http://example.com", "")  # the user's own words, shown as text
    for bad in ("<script", "http", "href", "url(", "<image", "<foreignObject", "@import"):
        assert bad not in body


def test_out_of_range_values_are_clamped_into_the_plot():
    svg = chart(moods=[(d(3), 15), (d(4), -3)], emotions=[(d(3), "x", 250), (d(4), "y", -40)])
    ys = [
        float(c.get("cy"))
        for cls in ("mood", "emotions")
        for c in group(svg, cls).iter(f"{NS}circle")
    ]
    assert ys == pytest.approx([PLOT_TOP, PLOT_BOTTOM, PLOT_TOP, PLOT_BOTTOM], abs=0.051)
    xs = [float(c.get("cx")) for c in group(svg, "mood").iter(f"{NS}circle")]
    assert all(PLOT_LEFT <= x <= PLOT_RIGHT for x in xs)
    desc = ET.fromstring(svg).find(f"{NS}desc").text  # the words match what is drawn
    assert "Nov 3 10, Nov 4 1." in desc and "x 100 on Nov 3, y 0 on Nov 4." in desc


def test_entries_outside_the_period_are_ignored():
    outside = dt.date(2024, 10, 30)
    svg = chart(
        moods=[(outside, 5), (d(3), 6)], emotions=[(outside, "sad", 50)], sessions=[outside]
    )
    assert len(list(group(svg, "mood").iter(f"{NS}circle"))) == 1
    assert list(group(svg, "emotions").iter(f"{NS}circle")) == []
    assert list(group(svg, "sessions").iter(f"{NS}line")) == []
    assert "Oct" not in svg


def test_empty_period_is_valid_and_says_nothing_recorded():
    svg = chart(sessions=[d(5)])
    root = ET.fromstring(svg)
    assert EMPTY_TEXT in [t.text for t in root.iter(f"{NS}text")]
    assert EMPTY_TEXT not in chart(moods=[(d(3), 5)])


def test_desc_lists_the_values_in_words():
    desc = ET.fromstring(chart(**FULL)).find(f"{NS}desc").text
    assert "Mood (1 to 10): Nov 3 6, Nov 4 5, Nov 5 7." in desc
    assert (
        "Emotions (strength 0 to 100): anxious 70 on Nov 3, calm 20 on Nov 3, "
        "sad 40 on Nov 5, anxious 10 on Nov 8."
    ) in desc
    assert "Sessions: Nov 5." in desc


def test_date_labels_use_english_months_regardless_of_locale():
    texts = [
        t.text
        for t in group(chart(start=dt.date(2024, 12, 30), end=dt.date(2025, 1, 2)), "labels").iter(
            f"{NS}text"
        )
    ]
    assert {"Dec 30", "Dec 31", "Jan 1", "Jan 2"} <= set(texts)


def test_mood_line_colour_and_invalid_period():
    assert group(chart(moods=[(d(3), 5)]), "mood").get("stroke") == MOOD_COLOR
    with pytest.raises(ValueError):
        chart(start=END, end=START)


def test_right_axis_reads_as_strength_not_percent():
    # The numbers are the person's own ratings of a feeling; "%" reads like a score.
    svg = chart(**FULL)
    texts = [t.text for t in group(svg, "labels").iter(f"{NS}text")]
    assert STRENGTH_TEXT == "strength 0\u2013100" and STRENGTH_TEXT in texts
    assert "%" not in texts and "%" not in ET.fromstring(svg).find(f"{NS}desc").text
    [label] = [t for t in group(svg, "labels").iter(f"{NS}text") if t.text == STRENGTH_TEXT]
    assert (float(label.get("x")), label.get("text-anchor")) == (WIDTH - 4, "end")
    assert float(label.get("y")) < PLOT_TOP  # above the axis it names


@pytest.mark.parametrize("count", [1, 3, 6, 12, 40])
def test_the_legend_never_runs_into_the_axis_title(count):
    # Widths are estimated at 6 units a character, as the chart itself does.
    words = [f"feeling{i:02d}" + "x" * (i % 9) for i in range(count)]
    svg = chart(emotions=[(d(3), w, 50) for w in words])
    ends = [float(t.get("x")) + len(t.text) * 6 for t in group(svg, "legend").iter(f"{NS}text")]
    title_left = WIDTH - 4 - len(STRENGTH_TEXT) * 6
    assert max(ends) < title_left
    shown = [t.text for t in group(svg, "legend").iter(f"{NS}text")][1:]
    assert shown[-1].endswith("more") or len(shown) == count
