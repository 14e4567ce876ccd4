import pytest

from peygir.persian import normalize, normalize_input

Z = "\u200c"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # Arabic letter forms
        ("علي", "علی"),
        ("كتاب", "کتاب"),
        ("مدرسة", "مدرسه"),
        ("مصطفى", "مصطفی"),
        ("خانهٔ ما", "خانۀ ما"),
        ("\ufefb", "لا"),  # presentation-form ligature
        # tatweel, diacritics, bidi and zero-width characters
        ("استـــانداری", "استانداری"),
        ("کِتاب", "کتاب"),
        ("\u200fقم\u200e", "قم"),
        ("\u202bقم\u202c", "قم"),
        ("\u2067قم\u2069", "قم"),
        ("ق\u200bم", "قم"),
        ("ق\u200dم", "قم"),
        ("\ufeffقم", "قم"),
        ("قم" + Z, "قم"),
        (Z + "قم", "قم"),
        ("شورا" + Z + "ها", "شوراها"),  # ا never joins forward, so the ZWNJ does nothing
        ("کتاب" + Z + Z + "ها", "کتاب" + Z + "ها"),
        ("کتاب" + Z + " ها", "کتاب" + Z + "ها"),
        # digits
        ("١٢٣ و 123", "۱۲۳ و 123"),
        # odd spaces
        ("استان\u00a0قم", "استان قم"),
    ],
)
def test_character_cleanup(given: str, expected: str) -> None:
    assert normalize(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("سلام ، خوبی ؟", "سلام، خوبی؟"),
        ("سلام،خوبی", "سلام، خوبی"),
        ("تهران , قم", "تهران، قم"),
        ("تهران ; قم", "تهران؛ قم"),
        ("چرا ?", "چرا؟"),
        ("گفت :سلام", "گفت: سلام"),
        ("پایان .", "پایان."),
        ("« مصوبه »", "«مصوبه»"),
        ("کلمه«مصوبه»است", "کلمه «مصوبه» است"),
        ("( قم )", "(قم)"),
        ("استان  قم", "استان قم"),
        ("۱۲،۵", "۱۲،۵"),
        ("خط اول\nخط دوم", "خط اول\nخط دوم"),
    ],
)
def test_spacing_around_punctuation(given: str, expected: str) -> None:
    assert normalize(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("مصوبه 12 COVID-19 A4", "مصوبه ۱۲ COVID-19 A4"),
        ("١٤٠٣/08/15", "۱۴۰۳/۰۸/۱۵"),
    ],
)
def test_persian_digits_option(given: str, expected: str) -> None:
    assert normalize(given, persian_digits=True) == expected


def test_options_turn_rules_off() -> None:
    assert normalize("کِتاب", strip_diacritics=False) == "کِتاب"
    assert normalize("میشود", fix_zwnj=False) == "میشود"
    assert normalize("میشود") == "می" + Z + "شود"


@pytest.mark.parametrize(
    "latin",
    ["Hello, world !", "a  b ,c", "COVID-19 (2020)", "« Bonjour »", "  padded  ", "x?y;z"],
)
def test_latin_text_is_left_alone(latin: str) -> None:
    assert normalize(latin) == latin


def test_normalize_input_keeps_typed_digits_and_strips_outer_space() -> None:
    assert normalize_input("  مصوبه 12 و ١٣ و ۱۴ ") == "مصوبه 12 و ۱۳ و ۱۴"
    assert normalize_input("مي شود") == "می" + Z + "شود"
    assert normalize_input("كِتاب") == "کِتاب"  # diacritics the user typed stay


def test_article_is_normalized_without_losing_a_letter() -> None:
    from pathlib import Path

    article = Path(__file__).parent / "data" / "article-fa.txt"
    text = article.read_text(encoding="utf-8")
    out = normalize(text)
    assert out.replace(Z, "").replace(" ", "") == text.replace(" ", "")
    assert out.count("\n") == text.count("\n")
    assert "می" + Z + "شود" in out and "مصوبه" + Z + "ای" in out
