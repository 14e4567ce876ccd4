"""Properties that must hold for any text, checked with hypothesis."""

import string
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from peygir.persian import normalize, normalize_input, search_key
from peygir.persian.letters import ZWNJ
from peygir.persian.normalize import clean_characters

PERSIAN_WORDS = [
    "می", "نمی", "شود", "کنم", "مصوبه", "ها", "های", "هایی", "ای", "ایم", "اند", "ویژه",
    "کتاب", "میز", "میدان", "همه", "تهران", "بزرگ", "تر", "ترین", "خانه", "اش", "بین",
    "الملل", "نامه", "نگاری", "داده", "هاشمی", "میلیارد", "که", "آن", "قم", "استانداری",
]  # fmt: skip
ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأؤئءۀ"
    "يكةى"  # Arabic forms
    "\u064b\u064e\u0650\u0651\u0654\u0640"  # diacritics, hamza above, tatweel
    "\u200c\u200d\u200e\u200f\u202b\u2067\ufeff"  # ZWNJ, ZWJ, bidi, BOM
    "۰۱۲۹٠١٩09"
    " .،؛؟!:«»()\n,?"
    "abcXYZ"
)
SEPARATORS = ["", " ", ZWNJ, "  "]

texts = st.text(alphabet=ALPHABET, max_size=60)
phrases = st.lists(
    st.tuples(st.sampled_from(PERSIAN_WORDS), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda parts: "".join(w + s for w, s in parts))
latin = st.text(alphabet=string.printable, max_size=80)
any_text = st.one_of(texts, phrases)

_VARIANTS = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه"})


def letters(text: str) -> Counter[str]:
    return Counter(ch for ch in text if ch.isalpha() and ch != "\u0640")


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(any_text)
@example("اـٔ")  # tatweel between a letter and its hamza: composed on the first pass
@example("ا\u200cٔ")  # likewise a needless ZWNJ
def test_normalize_input_is_idempotent(text: str) -> None:
    once = normalize_input(text)
    assert normalize_input(once) == once


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_search_key_is_idempotent(text: str) -> None:
    once = search_key(text)
    assert search_key(once) == once


@settings(max_examples=300, deadline=None)
@given(latin)
def test_latin_text_is_left_alone(text: str) -> None:
    assert normalize(text) == text
    assert normalize_input(text) == text.strip()


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_normalize_never_loses_a_letter(text: str) -> None:
    assert letters(normalize(text)) == letters(clean_characters(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآيكةى \u200c", max_size=60))
def test_letter_cleaning_only_folds_letters(text: str) -> None:
    folded = text.translate(str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"}))
    assert letters(clean_characters(text)) == letters(folded)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_search_key_never_loses_a_letter(text: str) -> None:
    expected = letters(clean_characters(text).translate(_VARIANTS).casefold())
    assert letters(search_key(text)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PERSIAN_WORDS), min_size=1, max_size=6))
def test_search_key_ignores_zwnj_versus_space_versus_nothing(words: list[str]) -> None:
    with_zwnj = search_key(ZWNJ.join(words))
    assert search_key(" ".join(words)).replace(" ", "") == with_zwnj.replace(" ", "")
    assert search_key("".join(words)).replace(" ", "") == with_zwnj.replace(" ", "")
