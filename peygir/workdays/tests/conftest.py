import pytest

from peygir.workdays.calendar import invalidate_holidays
from peygir.workdays.services import holidays_load


@pytest.fixture
def holidays(db: None) -> int:
    count = holidays_load()
    invalidate_holidays()
    yield count
    invalidate_holidays()
