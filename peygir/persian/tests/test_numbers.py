import pytest

from peygir.persian import format_rials, parse_amount_rials, words_to_number


@pytest.mark.parametrize(
    ("text", "rials"),
    [
        ("پنجاه میلیارد ریال", 50_000_000_000),
        ("۲٫۵ میلیون تومان", 25_000_000),
        ("2.5 میلیون تومان", 25_000_000),
        ("۲/۵ میلیون تومان", 25_000_000),
        ("۱۲۰ میلیون ریال", 120_000_000),
        ("یک هزار و دویست میلیارد ریال", 1_200_000_000_000),
        ("3.5 همت", 35_000_000_000_000),
        ("۱۲٬۵۰۰٬۰۰۰ ریال", 12_500_000),
        ("12,500,000 ریال", 12_500_000),
        ("۵۰۰ هزار تومان", 5_000_000),
        ("دو میلیارد و پانصد میلیون ریال", 2_500_000_000),
        ("۵۰میلیارد ریال", 50_000_000_000),
        ("دو و نیم میلیون تومان", 25_000_000),
        ("هزار و پانصد ریال", 1_500),
        ("١٥٠٠٠", 15_000),  # no unit: rials
        ("يك ميليارد ريال", 1_000_000_000),
    ],
)
def test_parse_amount_rials(text: str, rials: int) -> None:
    assert parse_amount_rials(text) == rials


@pytest.mark.parametrize("text", ["", "سیب", "ریال", "۱٫۲۵ ریال", "میلیون میلیون", "پنج سیب"])
def test_parse_amount_rials_rejects(text: str) -> None:
    assert parse_amount_rials(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("صفر", 0),
        ("سیصد و پنجاه", 350),
        ("یک صد و بیست", 120),
        ("یکصد و بیست", 120),
        ("هزار", 1_000),
        ("صد هزار", 100_000),
        ("بیست و یک هزار و سیصد و چهل و پنج", 21_345),
        ("یک میلیون و دویست هزار", 1_200_000),
        ("۲۵ هزار", 25_000),
        ("پانزده", 15),
        ("نوزده", 19),
    ],
)
def test_words_to_number(text: str, number: int) -> None:
    assert words_to_number(text) == number


def test_words_to_number_rejects_other_words() -> None:
    assert words_to_number("پنجاه میلیارد ریال") is None
    assert words_to_number("نیم") is None


@pytest.mark.parametrize(
    ("rials", "text"),
    [
        (50_000_000_000, "۵۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال"),
        (0, "۰ ریال"),
        (999, "۹۹۹ ریال"),
        (1_000, "۱٬۰۰۰ ریال"),
        (-2_500, "−۲٬۵۰۰ ریال"),
    ],
)
def test_format_rials(rials: int, text: str) -> None:
    assert format_rials(rials) == text


def test_format_then_parse_round_trips() -> None:
    for n in (0, 7, 1_000, 12_500_000, 50_000_000_000):
        assert parse_amount_rials(format_rials(n)) == n
