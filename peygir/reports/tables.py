"""A dashboard as data: sections, each a table with the chart drawn from its columns.

The page, the Excel workbook and the PDF all render the same `Section`s, so the numbers
under a chart, in a sheet and on paper are the same numbers.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "int", "percent", "rials", "days", "date"]


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = "int"


@dataclass(frozen=True)
class ChartSpec:
    """Which columns a chart plots, and how."""

    series: tuple[int, ...]
    kind: Literal["bar", "line"] = "bar"
    stacked: bool = False
    horizontal: bool = False
    percent: bool = False
    # Only the first rows are drawn (the table keeps them all).
    limit: int = 15
    # One colour per series when the meaning calls for it (kept is green, broken red).
    colors: tuple[str, ...] = ()


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    chart: ChartSpec | None = None
    note: str = ""
    footer: list[Any] | None = None

    @property
    def chart_height(self) -> int:
        """Pixels: horizontal bars grow with the rows drawn, so two rows are not a wall."""
        if self.chart is None or not self.chart.horizontal:
            return 300
        return 90 + 36 * min(len(self.rows), self.chart.limit)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    def chart_data(self) -> dict[str, Any] | None:
        """What the page's script draws: labels (first column) and one dataset per series."""
        if self.chart is None or not self.rows:
            return None
        rows = self.rows[: self.chart.limit]
        return {
            "kind": self.chart.kind,
            "stacked": self.chart.stacked,
            "horizontal": self.chart.horizontal,
            "percent": self.chart.percent,
            "labels": [str(row[0]) for row in rows],
            "datasets": [
                {
                    "label": self.columns[i].label,
                    "data": [row[i] or 0 for row in rows],
                    "color": self.chart.colors[n] if n < len(self.chart.colors) else None,
                }
                for n, i in enumerate(self.chart.series)
            ],
        }

    def bars(self) -> list[tuple[str, Any, int]]:
        """For the PDF: the first plotted column as (label, value, width 0–100)."""
        if self.chart is None or not self.rows:
            return []
        column = self.chart.series[0]
        rows = self.rows[: self.chart.limit]
        largest = 100 if self.chart.percent else max((row[column] or 0 for row in rows), default=0)
        return [
            (str(row[0]), row[column], round(100 * (row[column] or 0) / largest) if largest else 0)
            for row in rows
        ]

    @property
    def bar_label(self) -> str:
        return self.columns[self.chart.series[0]].label if self.chart else ""


@dataclass
class Dashboard:
    slug: str
    title: str
    intro: str
    sections: list[Section]
    headline: list[tuple[str, Any, Kind]] = field(default_factory=list)
