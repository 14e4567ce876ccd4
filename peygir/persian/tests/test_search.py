import pytest

from peygir.persian import search_key, search_terms

Z = "\u200c"

SAME_KEY = [
    ("مصوبه" + Z + "های", "مصوبه های", "مصوبههای"),
    ("می" + Z + "شود", "می شود", "میشود", "مي شود"),
    ("نمی" + Z + "شود", "نمی شود", "نمیشود"),
    ("بین" + Z + "الملل", "بین الملل"),
    ("آن" + Z + "ها", "آن ها", "آنها", "انها"),
    ("بزرگ" + Z + "ترین", "بزرگ ترین", "بزرگترین"),
    ("ویژه" + Z + "ای", "ویژه ای", "ویژهای"),
    ("كتاب", "کتاب"),
    ("علي", "علی", "على"),
    ("آبادانی", "ابادانی", "آبـادانی"),
    ("تأکید", "تاکید"),
    ("مسئول", "مسیول"),
    ("خانۀ", "خانهٔ", "خانه"),
    ("کِتاب", "کتاب"),
    ("۱۲۳", "١٢٣", "123"),
    ("۱۲٬۵۰۰", "12,500", "12500"),
    ("۲٫۵", "2.5"),
    ("Peygir", "PEYGIR", "peygir"),
    ("\u200fقم\u200e", "قم"),
]


@pytest.mark.parametrize("spellings", SAME_KEY)
def test_spelling_variants_share_a_key(spellings: tuple[str, ...]) -> None:
    keys = {search_key(s) for s in spellings}
    assert len(keys) == 1, keys


def test_key_drops_punctuation_and_extra_space() -> None:
    assert search_key("  «مصوبه»،  قم!  ") == "مصوبه قم"


def test_different_words_keep_different_keys() -> None:
    assert search_key("میز") != search_key("می ز")
    assert search_key("دفتر") == "دفتر"
    assert search_key("که ای") == "که ای"


def test_search_terms() -> None:
    assert search_terms("مصوبه های استانداری قم، مصوبههای ۱۴۰۳") == [
        "مصوبههای",
        "استانداری",
        "قم",
        "1403",
    ]
    assert search_terms("") == []
