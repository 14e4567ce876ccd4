"""The row parser never crashes: every input gives a valid row or a Persian error."""

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peygir.conftest import World
from peygir.spreadsheets.columns import COLUMNS, headers
from peygir.spreadsheets.lookups import Lookups
from peygir.spreadsheets.parser import check_header, neutralize, parse_row, unneutralize
from peygir.spreadsheets.reader import FileRejected, read_table

PERSIAN = re.compile(r"[\u0600-\u06ff]")
cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.sampled_from(["۱۴۰۳/۱۲/۳۰", "۱۴۰۵/۱۳/۰۱", "0/0/0", "٪۵۰", "بله", "=1+1", "'-3", "فردو؛"]),
)


@pytest.fixture(scope="module")
def lookups() -> Lookups:
    return Lookups()  # empty registry: every name is unknown, which must not crash either


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(row=st.lists(cells, min_size=0, max_size=len(COLUMNS) + 3))
def test_any_row_parses_or_explains_in_persian(lookups: Lookups, row: list[Any]) -> None:
    positions, errors = check_header(headers())
    assert not errors
    parsed = parse_row(2, row, positions, lookups)
    for error in parsed.errors:
        assert PERSIAN.search(error), error
    if not parsed.errors:
        assert parsed.values["title"]


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused(content: bytes) -> None:
    try:
        table = read_table(content)
        list(table.rows)
    except FileRejected as error:
        assert PERSIAN.search(str(error))


@given(text=st.text(max_size=30))
def test_neutralizing_is_undone_exactly(text: str) -> None:
    safe = neutralize(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unneutralize(safe) == text


def test_the_real_registry_too(world: World) -> None:
    lookups = Lookups.load()
    positions, _ = check_header(headers())
    row = ["", "عنوان", "", world.source.code] + ["نامعلوم"] * (len(COLUMNS) - 4)
    parsed = parse_row(2, row, positions, lookups)
    assert parsed.errors and all(PERSIAN.search(e) for e in parsed.errors)
