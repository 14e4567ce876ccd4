"""Wording guidance: the text should say who does it and by when (no database for the text)."""

import pytest

from peygir.conftest import World
from peygir.feasibility.wording import bodies_named, has_time_expression, wording_hints


@pytest.mark.parametrize(
    "text",
    [
        "مقرر شد راه روستای فردو تا پایان خرداد ۱۴۰۵ آسفالت شود.",
        "ظرف سه ماه گزارش دهد",
        "حداکثر ۳۰ روز",
        "تا ۱۴۰۵/۰۳/۳۱ تکمیل شود",
        "تا پايان سال به بهره برداری برسد",
        "در مهر 1404 افتتاح شود",
        "طی هفته آینده جلسه برگزار شود",
    ],
)
def test_time_expressions_are_found(text: str) -> None:
    assert has_time_expression(text)


@pytest.mark.parametrize(
    "text",
    ["مقرر شد راه روستا آسفالت شود.", "تیر برق روستا جابه‌جا شود", "پیگیری شود", ""],
)
def test_text_without_a_time_is_noticed(text: str) -> None:
    assert not has_time_expression(text)


def test_bodies_are_found_whatever_the_spelling(world: World) -> None:
    text = "مقرر شد اداره كل راه و شهرسازي استان قم نسبت به آسفالت اقدام کند"
    assert bodies_named(text, [world.roads, world.gas]) == [world.roads]


def test_hints_say_when_the_text_names_no_body_and_no_time(world: World) -> None:
    resolution = world.resolution(title="آسفالت راه", text="مقرر شد راه روستا آسفالت شود.")
    hints, named = wording_hints(resolution)
    assert [hint.code for hint in hints] == ["no_body_in_text", "no_time_in_text"]
    assert "دستگاه مسئولی" in hints[0].message
    assert named == []


def test_no_hints_for_a_well_worded_resolution(world: World) -> None:
    resolution = world.resolution(
        text="مقرر شد اداره کل راه و شهرسازی استان قم راه فردو را تا پایان خرداد ۱۴۰۵ آسفالت کند."
    )
    assert wording_hints(resolution) == ([], [world.roads])


def test_a_text_naming_another_body_than_the_responsible_one_is_noticed(world: World) -> None:
    resolution = world.resolution(text="مقرر شد شرکت گاز استان قم تا پایان سال گازرسانی کند.")
    hints, _named = wording_hints(resolution)
    assert [hint.code for hint in hints] == ["other_body_in_text"]
