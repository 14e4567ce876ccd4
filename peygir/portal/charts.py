"""Bar charts drawn on the server as SVG geometry: no script, no external library.

The chart is laid out right to left on a fixed 600-unit-wide canvas that the browser scales
as a whole: labels on the right, bars growing leftwards, the count at each bar's end.
"""

from dataclasses import dataclass

from peygir.portal.selectors import Record

WIDTH = 600
LABEL_EDGE = 592  # labels end here (the right margin)
BAR_START = 440  # bars grow leftwards from here
BAR_SPAN = 380
BAR_HEIGHT = 28
ROW = 40


@dataclass(frozen=True)
class Bar:
    rating: str
    label: str
    count: int
    percent: int
    x: int
    y: int
    width: int
    text_y: int
    count_x: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_x: int


def bar_chart(record: Record) -> Chart:
    """Lay the meter out as horizontal bars, scaled to the largest count."""
    largest = max((row.count for row in record.rows), default=0) or 1
    bars = []
    for index, row in enumerate(record.rows):
        width = round(BAR_SPAN * row.count / largest)
        bars.append(
            Bar(
                rating=row.rating,
                label=row.label,
                count=row.count,
                percent=row.percent,
                x=BAR_START - width,
                y=index * ROW,
                width=width,
                text_y=index * ROW + BAR_HEIGHT - 7,
                count_x=BAR_START - width - 8,
            )
        )
    return Chart(bars=bars, width=WIDTH, height=len(bars) * ROW, label_x=LABEL_EDGE)
