"""Tests for vaultkit.text.moment; expected strings were produced by moment.js 2.x."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from vaultkit.text.moment import format_moment, has_date_tokens, parse_moment

# Four moments chosen to cover padding, Sunday/Thursday, midnight, noon, PM.
SUNDAY_MORNING = dt.datetime(2026, 11, 22, 9, 5, 7)
THURSDAY_EVENING = dt.datetime(2026, 3, 5, 21, 0, 0)
NEW_YEAR_MIDNIGHT = dt.datetime(2009, 1, 1, 0, 0, 0)
JUNE_NOON = dt.datetime(2026, 6, 30, 12, 30, 59)
MOMENTS = (SUNDAY_MORNING, THURSDAY_EVENING, NEW_YEAR_MIDNIGHT, JUNE_NOON)

# token: moment's output for each of MOMENTS, in order
TOKEN_CASES = {
    "YYYY": ("2026", "2026", "2009", "2026"),
    "YY": ("26", "26", "09", "26"),
    "Q": ("4", "1", "1", "2"),
    "M": ("11", "3", "1", "6"),
    "MM": ("11", "03", "01", "06"),
    "MMM": ("Nov", "Mar", "Jan", "Jun"),
    "MMMM": ("November", "March", "January", "June"),
    "Mo": ("11th", "3rd", "1st", "6th"),
    "D": ("22", "5", "1", "30"),
    "DD": ("22", "05", "01", "30"),
    "Do": ("22nd", "5th", "1st", "30th"),
    "DDD": ("326", "64", "1", "181"),
    "DDDD": ("326", "064", "001", "181"),
    "d": ("0", "4", "4", "2"),
    "do": ("0th", "4th", "4th", "2nd"),
    "dd": ("Su", "Th", "Th", "Tu"),
    "ddd": ("Sun", "Thu", "Thu", "Tue"),
    "dddd": ("Sunday", "Thursday", "Thursday", "Tuesday"),
    "E": ("7", "4", "4", "2"),
    "e": ("0", "4", "4", "2"),
    "w": ("48", "10", "1", "27"),
    "ww": ("48", "10", "01", "27"),
    "wo": ("48th", "10th", "1st", "27th"),
    "gg": ("26", "26", "09", "26"),
    "gggg": ("2026", "2026", "2009", "2026"),
    "W": ("47", "10", "1", "27"),
    "WW": ("47", "10", "01", "27"),
    "Wo": ("47th", "10th", "1st", "27th"),
    "GG": ("26", "26", "09", "26"),
    "GGGG": ("2026", "2026", "2009", "2026"),
    "H": ("9", "21", "0", "12"),
    "HH": ("09", "21", "00", "12"),
    "h": ("9", "9", "12", "12"),
    "hh": ("09", "09", "12", "12"),
    "k": ("9", "21", "24", "12"),
    "kk": ("09", "21", "24", "12"),
    "m": ("5", "0", "0", "30"),
    "mm": ("05", "00", "00", "30"),
    "s": ("7", "0", "0", "59"),
    "ss": ("07", "00", "00", "59"),
    "A": ("AM", "PM", "AM", "PM"),
    "a": ("am", "pm", "am", "pm"),
}


@pytest.mark.parametrize("token", TOKEN_CASES)
def test_each_token_formats_like_moment(token):
    assert tuple(format_moment(value, token) for value in MOMENTS) == TOKEN_CASES[token]


def test_spec_examples():
    day = dt.date(2026, 11, 22)
    assert format_moment(day, "dddd, MMMM Do YYYY") == "Sunday, November 22nd 2026"
    assert format_moment(day, "YYYY-MM-DD") == "2026-11-22"
    assert format_moment(day, "YYYY/MM/YYYY-MM-DD") == "2026/11/2026-11-22"


def test_a_date_formats_its_time_as_midnight():
    assert format_moment(dt.date(2026, 11, 22), "HH:mm:ss h A k") == "00:00:00 12 AM 24"


def test_unix_timestamps_of_aware_datetimes():
    utc = dt.datetime(2026, 11, 22, 9, 5, 7, 123456, tzinfo=dt.UTC)
    assert format_moment(utc, "X") == "1795338307"
    assert format_moment(utc, "x") == "1795338307123"
    plus_two = utc.replace(tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert format_moment(plus_two, "X") == "1795331107"
    # Wall-clock tokens still show the value's own clock, not UTC.
    assert format_moment(plus_two, "HH:mm") == "09:05"


def test_unix_timestamps_read_naive_values_as_local_time():
    naive = dt.datetime(2026, 11, 22, 9, 5, 7)
    assert format_moment(naive, "X") == str(int(naive.timestamp()))
    assert format_moment(dt.date(2026, 11, 22), "X") == format_moment(
        dt.datetime(2026, 11, 22), "X"
    )


def test_unix_timestamps_before_the_epoch_round_down():
    value = dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=dt.UTC)
    assert format_moment(value, "X x") == "-1 -500"


ORDINALS = [
    "1st",
    "2nd",
    "3rd",
    "4th",
    "5th",
    "6th",
    "7th",
    "8th",
    "9th",
    "10th",
    "11th",
    "12th",
    "13th",
    "14th",
    "15th",
    "16th",
    "17th",
    "18th",
    "19th",
    "20th",
    "21st",
    "22nd",
    "23rd",
    "24th",
    "25th",
    "26th",
    "27th",
    "28th",
    "29th",
    "30th",
    "31st",
]


@pytest.mark.parametrize("day", range(1, 32))
def test_day_ordinals(day):
    assert format_moment(dt.date(2026, 1, day), "Do") == ORDINALS[day - 1]


def test_week_ordinals():
    assert format_moment(dt.date(2026, 12, 13), "wo") == "51st"
    assert format_moment(dt.date(2026, 12, 20), "wo") == "52nd"
    assert format_moment(dt.date(2026, 12, 31), "Wo") == "53rd"


# date: moment's "gggg-[W]ww e|GGGG-[W]WW E"
WEEK_BOUNDARIES = {
    dt.date(2026, 12, 31): "2027-W01 4|2026-W53 4",
    dt.date(2027, 1, 1): "2027-W01 5|2026-W53 5",
    dt.date(2021, 1, 3): "2021-W02 0|2020-W53 7",
    dt.date(2020, 12, 31): "2021-W01 4|2020-W53 4",
    dt.date(2021, 1, 1): "2021-W01 5|2020-W53 5",
    dt.date(2022, 1, 1): "2022-W01 6|2021-W52 6",
    dt.date(2022, 12, 31): "2022-W53 6|2022-W52 6",
    dt.date(2023, 1, 1): "2023-W01 0|2022-W52 7",
    dt.date(2024, 12, 29): "2025-W01 0|2024-W52 7",
    dt.date(2024, 12, 31): "2025-W01 2|2025-W01 2",
    dt.date(2015, 12, 31): "2016-W01 4|2015-W53 4",
    dt.date(2016, 1, 1): "2016-W01 5|2015-W53 5",
    dt.date(2017, 1, 1): "2017-W01 0|2016-W52 7",
}


@pytest.mark.parametrize("day", WEEK_BOUNDARIES)
def test_week_tokens_around_new_year(day):
    assert format_moment(day, "gggg-[W]ww e|GGGG-[W]WW E") == WEEK_BOUNDARIES[day]


def test_two_digit_week_years_follow_the_week_not_the_calendar():
    assert format_moment(dt.date(2026, 12, 31), "YY gg GG") == "26 27 26"
    assert format_moment(dt.date(2027, 1, 1), "YY gg GG") == "27 27 26"


def test_the_ends_of_the_calendar():
    assert format_moment(dt.date(1, 1, 1), "YYYY-MM-DD GGGG-[W]WW gggg-[W]ww") == (
        "0001-01-01 0001-W01 0001-W01"
    )
    # moment pads to four digits but does not cut a fifth.
    assert format_moment(dt.date(9999, 12, 31), "YYYY-MM-DD GGGG-[W]WW gggg-[W]ww") == (
        "9999-12-31 9999-W52 10000-W01"
    )


def _locale_week_by_definition(day: dt.date) -> tuple[int, int]:
    # Week 1 is the Sunday-to-Saturday week holding Jan 1.
    for year in (day.year + 1, day.year):
        jan1 = dt.date(year, 1, 1)
        first_sunday = jan1 - dt.timedelta(days=jan1.isoweekday() % 7)
        if day >= first_sunday:
            return year, (day - first_sunday).days // 7 + 1
    raise AssertionError(day)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_week_tokens_match_their_definitions(day):
    iso_year, iso_week, iso_weekday = day.isocalendar()
    assert format_moment(day, "GGGG WW E") == f"{iso_year:04d} {iso_week:02d} {iso_weekday}"
    year, week = _locale_week_by_definition(day)
    assert format_moment(day, "gggg ww e") == f"{year} {week:02d} {iso_weekday % 7}"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("[Today is] dddd", "Today is Sunday"),
        ("gggg-[W]ww", "2026-W48"),
        ("[YYYY-MM-DD]", "YYYY-MM-DD"),
        ("[]YYYY", "2026"),
        ("[[Daily]] YYYY", "[Daily] 2026"),  # the first [ is plain text
        ("[a]b] D", "a]b 22"),
        ("[abc", "[ambc"),  # unclosed: "[" is plain, then a is am/pm
        ("YYYY [at] HH:mm", "2026 at 09:05"),
    ],
)
def test_bracket_escapes(fmt, expected):
    assert format_moment(SUNDAY_MORNING, fmt) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("MMMMM", "November11"),  # longest token first: MMMM then M
        ("DDDDD", "32622"),
        ("Do.", "22nd."),
        ("ggg", "26g"),
        ("/YYYY/-_.,:;!? ☃ #", "/2026/-_.,:;!? ☃ #"),
        ("", ""),
    ],
)
def test_tokenising_and_plain_characters(fmt, expected):
    assert format_moment(SUNDAY_MORNING, fmt) == expected


# --- parsing ---------------------------------------------------------------

ROUND_TRIP_FORMATS = [
    "YYYY-MM-DD",
    "DD.MM.YYYY",
    "YYYY/MM/YYYY-MM-DD",
    "dddd, MMMM Do YYYY",
    "YYYYMMDD",
    "ddd D MMM YYYY",
    "YYYY-DDDD",
    "GGGG-[W]WW-E",
    "gggg-[W]ww-e",
]


# Stop before the last days of 9999, whose locale week-year is 10000.
@given(
    st.dates(max_value=dt.date(9999, 12, 25)),
    st.sampled_from(ROUND_TRIP_FORMATS),
)
def test_parse_inverts_format(day, fmt):
    assert parse_moment(format_moment(day, fmt), fmt) == day


DATE_TOKENS = [t for t in TOKEN_CASES if t[0] in "YQMDdEewgWG"]


@given(
    st.dates(min_value=dt.date(2000, 1, 10), max_value=dt.date(2099, 12, 20)),
    st.lists(st.sampled_from(DATE_TOKENS), min_size=1, max_size=6),
    st.sampled_from(["-", " ", "/", ", "]),
)
def test_parse_inverts_format_for_any_token_mix(day, tokens, separator):
    fmt = separator.join(tokens)
    text = format_moment(day, fmt)
    parsed = parse_moment(text, fmt)
    if has_date_tokens(fmt):
        assert parsed == day
    elif parsed is not None:
        # A week alone reads as its first day, which must still fit the text.
        assert format_moment(parsed, fmt) == text


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("2026-11-22", "YYYY-MM-DD", dt.date(2026, 11, 22)),
        ("22.11.2026", "DD.MM.YYYY", dt.date(2026, 11, 22)),
        ("2026/11/2026-11-22", "YYYY/MM/YYYY-MM-DD", dt.date(2026, 11, 22)),
        ("Sunday, November 22nd 2026", "dddd, MMMM Do YYYY", dt.date(2026, 11, 22)),
        ("sunday, NOVEMBER 22ND 2026", "dddd, MMMM Do YYYY", dt.date(2026, 11, 22)),
        ("20260305", "YYYYMMDD", dt.date(2026, 3, 5)),
        ("5/3/26", "D/M/YY", dt.date(2026, 3, 5)),
        ("Th 5 Mar 2026", "dd D MMM YYYY", dt.date(2026, 3, 5)),
        ("2026-064", "YYYY-DDDD", dt.date(2026, 3, 5)),
        ("2026-64", "YYYY-DDD", dt.date(2026, 3, 5)),
        ("2024-366", "YYYY-DDDD", dt.date(2024, 12, 31)),
        ("Q1 2026 March 5th, 4th day", "[Q]Q YYYY MMMM Do, do [day]", dt.date(2026, 3, 5)),
        ("2026-11-22 0905", "YYYY-MM-DD HHmm", dt.date(2026, 11, 22)),
        ("2026-11-22 9:05 pm", "YYYY-MM-DD h:mm a", dt.date(2026, 11, 22)),
        ("1795338307 2026-11-22", "X YYYY-MM-DD", dt.date(2026, 11, 22)),
        # ISO and locale weeks, with and without a weekday
        ("2020-W53-7", "GGGG-[W]WW-E", dt.date(2021, 1, 3)),
        ("2021-W02-0", "gggg-[W]ww-e", dt.date(2021, 1, 3)),
        ("2021-W02 Sunday", "gggg-[W]ww dddd", dt.date(2021, 1, 3)),
        ("2026-W53", "GGGG-[W]WW", dt.date(2026, 12, 28)),  # Monday
        ("2027-W01", "gggg-[W]ww", dt.date(2026, 12, 27)),  # Sunday
        ("2022-W53", "gggg-[W]ww", dt.date(2022, 12, 25)),
        ("2026 47th", "GGGG Wo", dt.date(2026, 11, 16)),
    ],
)
def test_parse(text, fmt, expected):
    assert parse_moment(text, fmt) == expected


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        # not the format at all
        ("hello", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("2026-11-22", "DD.MM.YYYY"),
        ("2026-1-22", "YYYY-MM-DD"),  # MM wants two digits
        ("2026-01-05", "YYYY-M-D"),  # and M/D want none padded
        ("٢٠٢٦-١١-٢٢", "YYYY-MM-DD"),  # only ASCII digits
        ("2026w47", "GGGG[W]WW"),  # literal text keeps its case
        ("Sunday, November 22th 2026", "dddd, MMMM Do YYYY"),  # wrong suffix
        ("ſunday, November 22nd 2026", "dddd, MMMM Do YYYY"),
        # partial matches need prefix=True
        ("2026-11-22 session", "YYYY-MM-DD"),
        ("2026-11-223", "YYYY-MM-DD"),
        (" 2026-11-22", "YYYY-MM-DD"),
        # impossible values
        ("2026-02-30", "YYYY-MM-DD"),
        ("2023-02-29", "YYYY-MM-DD"),
        ("2026-13-01", "YYYY-MM-DD"),
        ("2026-00-10", "YYYY-MM-DD"),
        ("2026-11-00", "YYYY-MM-DD"),
        ("0000-01-01", "YYYY-MM-DD"),
        ("2026-366", "YYYY-DDDD"),
        ("2025-W53", "GGGG-[W]WW"),
        ("2023-W53", "gggg-[W]ww"),
        ("2026-W00", "GGGG-[W]WW"),
        ("2026-11-22 2561", "YYYY-MM-DD HHmm"),
        # facts that disagree with each other
        ("Monday, November 22nd 2026", "dddd, MMMM Do YYYY"),
        ("2026-11-22 1", "YYYY-MM-DD E"),
        ("2025/11/2026-11-22", "YYYY/MM/YYYY-MM-DD"),
        ("2026/12/2026-11-22", "YYYY/MM/YYYY-MM-DD"),
        ("2026-11-22 Q1", "YYYY-MM-DD [Q]Q"),
        ("2026-11-22 W48", "YYYY-MM-DD [W]WW"),
        ("2026-12-31 2026", "YYYY-MM-DD gggg"),
        # not enough to name a day
        ("2026-11", "YYYY-MM"),
        ("11-22", "MM-DD"),
        ("Sunday", "dddd"),
        ("2026 Sunday", "YYYY dddd"),
        ("", ""),
        ("notes", "[notes]"),
    ],
)
def test_parse_rejects(text, fmt):
    assert parse_moment(text, fmt) is None


def test_parse_agreeing_extra_facts():
    fmt = "YYYY-MM-DD [W]WW [w]ww E"
    assert parse_moment("2026-11-22 W47 w48 7", fmt) == dt.date(2026, 11, 22)
    assert parse_moment("2026-12-31 2027", "YYYY-MM-DD gggg") == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("2026-11-12 session", "YYYY-MM-DD", dt.date(2026, 11, 12)),
        ("2026-11-12", "YYYY-MM-DD", dt.date(2026, 11, 12)),
        ("2026-11-12.md", "YYYY-MM-DD", dt.date(2026, 11, 12)),
        ("Thursday, November 12th 2026 - after", "dddd, MMMM Do YYYY", dt.date(2026, 11, 12)),
        ("2026-11-1 x", "YYYY-MM-D", dt.date(2026, 11, 1)),
        ("2026-11-12 session", "YYYY-MM-D", dt.date(2026, 11, 12)),
    ],
)
def test_parse_prefix(text, fmt, expected):
    assert parse_moment(text, fmt, prefix=True) == expected


@pytest.mark.parametrize("text", ["session 2026-11-12", "2026-11", "2026-02-30 session", "x"])
def test_parse_prefix_still_needs_the_start(text):
    assert parse_moment(text, "YYYY-MM-DD", prefix=True) is None


@given(st.text(), st.text(), st.booleans())
def test_parse_never_raises(text, fmt, prefix):
    result = parse_moment(text, fmt, prefix=prefix)
    assert result is None or isinstance(result, dt.date)


@given(
    st.text(alphabet="0123456789-/WSundayMoThrsDecNvt ", max_size=30),
    st.sampled_from([*ROUND_TRIP_FORMATS, "YY-M-D", "GGGG-[W]WW", "gggg-[W]ww", "YYYY-DDD"]),
    st.booleans(),
)
def test_parse_never_raises_on_near_misses(text, fmt, prefix):
    result = parse_moment(text, fmt, prefix=prefix)
    if result is not None and not prefix:
        assert format_moment(result, fmt).lower() == text.lower()


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("YYYY-MM-DD", True),
        ("YY-M-D", True),
        ("dddd, MMMM Do YYYY", True),
        ("YYYY-DDDD", True),
        ("GGGG-[W]WW-E", True),
        ("gggg-[W]ww-dddd", True),
        ("journal/YYYY/MM/YYYY-MM-DD", True),
        ("YYYY-MM", False),
        ("MM-DD", False),
        ("GGGG-[W]WW", False),  # a week, not a day
        ("YYYY-[W]ww-e", False),  # calendar year with a locale week is ambiguous
        ("gggg-MM-DD", False),
        ("[YYYY-MM-DD]", False),
        ("X", False),
        ("HH:mm", False),
        ("", False),
    ],
)
def test_has_date_tokens(fmt, expected):
    assert has_date_tokens(fmt) is expected


# --- the daily format's own reader ------------------------------------------------------------

# Names a daily page may have, or nearly: digits, dashes and a few other characters.
NEAR_ISO = st.text(alphabet="0123456789-_ a٣", max_size=14) | st.dates().map(str).flatmap(
    lambda day: st.sampled_from([day, day + " session", day[:-1], "0" + day, day + "7"])
)


@given(NEAR_ISO, st.booleans())
@example("2026-02-30", False)  # no such day
@example("0000-01-01", True)  # nor year
@example("2026-11-123", True)  # the 12th, followed by a 3
def test_the_iso_day_is_read_as_the_format_reads_it(text: str, prefix: bool):
    """YYYY-MM-DD, the daily format of nearly every vault, has a reader of its own (every
    daily page's name goes through it); it reads exactly the day any format's reader reads."""
    from vaultkit.text.moment import ISO_DAY, _iso_day, _parsed

    assert _iso_day(text, prefix) == _parsed(text, ISO_DAY, prefix)
