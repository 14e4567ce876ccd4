"""`peygir normalize` prints each line of its input normalized, line for line."""

import subprocess
import sys


def run(stdin: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "peygir.manage", "normalize", *args, "-"],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_it_restores_zwnj_and_persian_letters_line_for_line() -> None:
    output = run("مصوبات سفرها ثبت شده است و اجرا میشود\nكار  ادامه دارد\n")
    assert output.splitlines() == [
        "مصوبات سفرها ثبت شده است و اجرا می‌شود",
        "کار ادامه دارد",
    ]


def test_empty_lines_are_kept() -> None:
    assert run("الف\n\nب\n").splitlines() == ["الف", "", "ب"]


def test_persian_digits_option() -> None:
    assert run("سال 1403\n", "--persian-digits").strip() == "سال ۱۴۰۳"
