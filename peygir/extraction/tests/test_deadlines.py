"""Every deadline form of the issue resolves against the meeting date, vague ones flagged."""

import datetime

import pytest

from peygir.extraction.deadlines import add_months, find_deadlines, pick
from peygir.extraction.folding import fold
from peygir.persian import jalali_iso, jalali_to_date

ABAN_10 = jalali_to_date(1403, 8, 10)  # a Thursday
DEY_5 = jalali_to_date(1403, 10, 5)


def _resolve(text: str, reference: datetime.date = ABAN_10) -> tuple[str, str | None, bool]:
    folded = fold(text)
    deadline = pick(find_deadlines(folded.text, reference))
    assert deadline is not None, text
    written = text[folded.start(deadline.start) : folded.end(deadline.end)]
    return written, jalali_iso(deadline.date) or None, deadline.vague


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ظرف یک هفته", "1403-08-17"),
        ("ظرف دو هفته", "1403-08-24"),
        ("ظرف دو ماه", "1403-10-10"),
        ("ظرف ۴۵ روز", "1403-09-25"),
        ("ظرف 45 روز", "1403-09-25"),
        ("ظرف ٤٥ روز", "1403-09-25"),
        ("حداکثر ظرف مدت بیست و پنج روز", "1403-09-05"),
        ("ظرف یک سال", "1404-08-10"),
        ("طی سه ماه آینده", "1403-11-10"),
        ("طی سه‌ماه آینده", "1403-11-10"),
        ("تا پایان آذر ماه", "1403-09-30"),
        ("تا پایان آذرماه", "1403-09-30"),
        ("تا پایان آذر‌ماه سال جاری", "1403-09-30"),
        ("تا پایان آذر ۱۴۰۴", "1404-09-30"),
        ("تا پایان مهر", "1404-07-30"),  # Mehr has passed: the next one
        ("تا پایان مهر سال جاری", "1403-07-30"),
        ("حداکثر تا ۱۵ آبان", "1403-08-15"),
        ("تا ۵ آبان", "1404-08-05"),
        ("تا ۲۰ دی ماه", "1403-10-20"),
        ("تا ۲۰ دي ماه", "1403-10-20"),
        ("تا اول مهر ۱۴۰۴", "1404-07-01"),
        ("تا تاریخ ۱۴۰۳/۱۰/۳۰", "1403-10-30"),
        ("تا پایان سال ۱۴۰۳", "1403-12-30"),
        ("تا پایان سال ۱۴۰۴", "1404-12-29"),
        ("تا پایان سال جاری", "1403-12-30"),
        ("تا پایان امسال", "1403-12-30"),
        ("تا پایان سال آینده", "1404-12-29"),
        ("در سه ماهه نخست سال آینده", "1404-03-31"),
        ("در سه‌ماهه دوم سال جاری", "1403-06-31"),
        ("تا پایان نیمه نخست سال آینده", "1404-06-31"),
        ("تا پایان ماه جاری", "1403-08-30"),
        ("در ماه آینده", "1403-09-30"),
        ("تا پایان هفته جاری", "1403-08-11"),
        ("تا پایان هفته آینده", "1403-08-18"),
    ],
)
def test_a_stated_deadline_resolves_to_its_jalali_date(text: str, expected: str) -> None:
    written, resolved, vague = _resolve(text)
    assert (written, resolved, vague) == (text, expected, False)


@pytest.mark.parametrize(
    "text",
    [
        "ظرف هفته‌های آینده",
        "ظرف هفتههای آینده",
        "ظرف هفته های آینده",
        "به‌زودی",
        "بزودی",
        "در اسرع وقت",
        "در آینده نزدیک",
        "در کوتاه‌ترین زمان ممکن",
        "هرچه سریع‌تر",
        "طی ماه‌های آتی",
        "ظرف چند روز آینده",
    ],
)
def test_a_vague_deadline_is_flagged_and_left_unresolved(text: str) -> None:
    assert _resolve(text) == (text, None, True)


def test_a_month_left_without_a_year_is_the_next_one_to_come() -> None:
    assert _resolve("تا پایان آذر", DEY_5)[1] == "1404-09-30"


def test_working_days_skip_fridays_and_the_holidays_given() -> None:
    holiday = jalali_to_date(1403, 8, 12)

    def working(day: datetime.date) -> bool:
        return day.weekday() != 4 and day != holiday

    found = find_deadlines(fold("ظرف ۳ روز کاری").text, ABAN_10, is_working_day=working)
    # 11 Aban is a Friday and 12 Aban a holiday: 13, 14, 15 Aban are the three days.
    assert jalali_iso(found[0].date) == "1403-08-15"


def test_a_day_that_does_not_exist_gives_no_deadline() -> None:
    assert [d.date for d in find_deadlines(fold("تا ۳۱ مهر ۱۴۰۴").text, ABAN_10)] == []


def test_adding_months_keeps_the_day_or_the_last_day_of_a_shorter_month() -> None:
    assert add_months(jalali_to_date(1403, 6, 31), 1) == jalali_to_date(1403, 7, 30)
    assert add_months(jalali_to_date(1403, 11, 30), 2) == jalali_to_date(1404, 1, 30)
