"""A sweep run's message names its steps in one text of distances between ids
(step_ids.py); the messages queued before, with a list of ids, are read the same."""

import random

import pytest

from peygir.notifications.step_ids import (
    StepIds,
    step_ids_all,
    step_ids_context,
    step_ids_count,
    step_ids_first,
)


def test_each_id_is_written_as_its_distance_from_the_one_before() -> None:
    context = step_ids_context([1412, 1405, 1406, 1407, 1551])
    assert context == {"step_deltas": "1405,1,1,5,139", "count": 5}
    assert step_ids_all(context) == [1405, 1406, 1407, 1412, 1551]
    assert step_ids_count(context) == 5


def test_the_first_ids_are_read_without_the_rest() -> None:
    context = step_ids_context([*range(1, 101), *range(200, 300)])
    assert step_ids_first(context, 3) == [1, 2, 3]
    assert step_ids_first(context, 102) == [*range(1, 101), 200, 201]
    assert step_ids_first(context, 500) == step_ids_all(context)
    # The text after the ids asked for is not read: here it is not even ids.
    broken = {"step_deltas": "7,2,1,1,not ids", "count": 5}
    assert step_ids_first(broken, 4) == [7, 9, 10, 11]


def test_an_email_names_the_first_steps_and_counts_them_all() -> None:
    context = step_ids_context(range(10, 0, -1), at_most=3)
    assert step_ids_all(context) == [1, 2, 3]
    assert step_ids_count(context) == 10


def test_any_set_of_ids_comes_back_as_it_went() -> None:
    draw = random.Random(1405)
    for size in (1, 2, 17, 1000):
        ids = draw.sample(range(1, 3 * size + 10), size)
        context = step_ids_context(ids)
        assert step_ids_all(context) == sorted(ids)
        assert step_ids_count(context) == size
        assert step_ids_first(context, 5) == sorted(ids)[:5]


def test_a_message_that_names_no_step() -> None:
    context = step_ids_context([])
    assert (step_ids_all(context), step_ids_count(context), step_ids_first(context, 3)) == (
        [],
        0,
        [],
    )


def test_a_message_queued_with_a_list_of_ids_is_read_as_before() -> None:
    old = {"steps": [4, 8, 15, 16, 23, 42]}
    assert step_ids_all(old) == [4, 8, 15, 16, 23, 42]
    assert step_ids_count(old) == 6
    assert step_ids_first(old, 2) == [4, 8]
    assert step_ids_count(None) == 0 and step_ids_all(None) == []


def test_a_page_of_the_steps_decodes_the_ids_up_to_its_end_only() -> None:
    context = step_ids_context(range(10, 30))
    ids = StepIds(context)
    assert len(ids) == 20
    assert ids[0:3] == [10, 11, 12] and ids[18:25] == [28, 29]
    assert ids[5] == 15 and ids[-1] == 29 and list(ids) == list(range(10, 30))
    assert list(reversed(ids))[:2] == [29, 28] and 12 in ids
    with pytest.raises(IndexError):
        ids[20]
    # What lies past the page is not read: here it is not even ids.
    broken = StepIds({"step_deltas": "7,2,1,1,not ids", "count": 9})
    assert broken[1:3] == [9, 10] and broken[0] == 7
    # A message queued with a list of ids reads the same.
    assert StepIds({"steps": [4, 8, 15]})[1:] == [8, 15]
