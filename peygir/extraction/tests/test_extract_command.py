"""`peygir extract` prints the documented JSON, matched against the registry."""

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peygir.conftest import World

MINUTES = (
    "\ufeffصورتجلسه سفر استاندار به شهرستان کهک\r\n"
    "۱- مقرر شد اداره كل راه و شهرسازی ظرف سه ماه نسبت به آسفالت راه روستای فردو اقدام کند.\r\n"
    "۲- شرکت گاز استان قم موظف است تا پایان آذر‌ماه مبلغ ۲۰ میلیارد ریال برای گازرسانی "
    "هزینه کند.\r\n"
    "۳- استاندار از تلاش‌های فرمانداری کهک قدردانی کرد.\r\n"
    "۴- مقرر شد راه و شهرسازی استان قم به‌زودی طرح تعریض را ارائه دهد.\r\n"
)
KEYS = [
    "start",
    "end",
    "sentence",
    "action",
    "responsible",
    "responsible_id",
    "deadline_text",
    "deadline",
    "vague_deadline",
    "places",
    "amount_rials",
]


def _run(*args: str) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command("extract", *args, stdout=out)
    result: list[dict[str, object]] = json.loads(out.getvalue())
    return result


def test_it_prints_one_object_per_commitment_with_offsets_into_the_file(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes(MINUTES.encode("utf-8"))
    found = _run("--reference-date", "۱۴۰۳/۰۸/۱۰", str(path))
    assert [list(item) for item in found] == [KEYS] * 3
    for item in found:
        assert MINUTES[item["start"] : item["end"]] == item["sentence"]  # type: ignore[misc]
    roads, gas, later = found
    assert roads["responsible"] == "اداره كل راه و شهرسازی"
    assert roads["responsible_id"] == world.roads.pk
    assert (roads["deadline"], roads["vague_deadline"]) == ("1403-11-10", False)
    assert roads["places"] == ["فردو"]
    assert (gas["responsible_id"], gas["deadline"]) == (world.gas.pk, "1403-09-30")
    assert gas["amount_rials"] == 20_000_000_000
    # «راه و شهرسازی استان قم» is the short form of «اداره کل راه و شهرسازی استان قم».
    assert later["responsible_id"] == world.roads.pk
    assert (later["deadline_text"], later["deadline"], later["vague_deadline"]) == (
        "به‌زودی",
        None,
        True,
    )


def test_it_rejects_a_reference_date_that_does_not_exist_in_persian(world: World) -> None:
    with pytest.raises(CommandError, match="وجود ندارد"):
        _run("--reference-date", "1403/07/31", "-")


def test_it_reads_standard_input_as_given(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "مقرر شد شهرداری کهک ظرف یک هفته معابر را لکه‌گیری کند.\r\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    [item] = _run("--reference-date", "1403-08-10", "-")
    assert item["deadline"] == "1403-08-17"
    assert text[item["start"] : item["end"]] == item["sentence"]  # type: ignore[misc]
