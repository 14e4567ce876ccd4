from collections.abc import Iterator

import pytest

from peygir.workdays.calendar import invalidate_holidays
from peygir.workdays.services import holidays_load


@pytest.fixture(autouse=True)
def holidays(db: None) -> Iterator[None]:
    holidays_load()
    invalidate_holidays()
    yield
    invalidate_holidays()
