"""Bar charts drawn on the server as SVG geometry: no script, no external library."""

from dataclasses import dataclass

from peygir.portal.selectors import Record

BAR_HEIGHT = 28
GAP = 10


@dataclass(frozen=True)
class Bar:
    rating: str
    label: str
    count: int
    percent: int
    y: int
    width: float  # in percent of the chart's width
    x: float  # right-to-left: a bar starts at the right edge


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int


def bar_chart(record: Record) -> Chart:
    """Lay the meter out as horizontal bars, scaled to the largest count."""
    largest = max((row.count for row in record.rows), default=0) or 1
    bars = [
        Bar(
            rating=row.rating,
            label=row.label,
            count=row.count,
            percent=row.percent,
            y=index * (BAR_HEIGHT + GAP),
            width=round(100 * row.count / largest, 1),
            x=round(100 - 100 * row.count / largest, 1),
        )
        for index, row in enumerate(record.rows)
    ]
    return Chart(bars=bars, height=len(bars) * (BAR_HEIGHT + GAP))
