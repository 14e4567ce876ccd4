"""Tell Persian from Arabic, Urdu, English and Finglish by script and letter rules.

Short comments defeat statistical detectors, and Persian typed on an Arabic keyboard (ي ك)
fools them into "Arabic"; the letters each language has and Persian lacks do not:
Urdu writes ے ہ ں ٹ ڈ ڑ ھ, Arabic writes ة ى and its own function words, and Persian
writes پ چ ژ گ and its own. Latin text is English when most of its words are English
words, otherwise Persian typed in Latin letters (Finglish). A Latin word inside Persian
text leaves it Persian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peygir.comments.screening.wordlists import lexicon
from peygir.persian.letters import INVISIBLE_RE

PERSIAN = "fa"
ARABIC = "ar"
URDU = "ur"
ENGLISH = "en"
FINGLISH = "fa-Latn"
OTHER = "other"
NONE = "none"

_ARABIC_SCRIPT_RE = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN_RE = re.compile("[A-Za-z]")
_OTHER_LETTER_RE = re.compile(r"[^\W\d_A-Za-z\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]")
_URDU_LETTERS = "ےۓہںٹڈڑھ"
_PERSIAN_ONLY = "پچژگیک"
_ARABIC_LETTERS = "ةى"
_WORD_RE = re.compile("[\u0600-\u06ff]+")
_LATIN_WORD_RE = re.compile("[a-z']+")
# Function words only Arabic uses (Persian spells على as علی, the name Ali).
_ARABIC_WORDS = frozenset(
    [
        "الذي",
        "التي",
        "الذين",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "في",
        "على",
        "إلى",
        "الى",
        "عن",
        "أن",
        "إن",
        "لقد",
        "قد",
        "ليس",
        "ليست",
        "كان",
        "كانت",
        "هل",
        "لم",
        "لن",
        "نحن",
        "أنا",
        "انا",
        "جدا",
        "أو",
        "ثم",
        "حتى",
        "لكن",
        "ولكن",
        "يجب",
        "هناك",
        "هي",
        "عند",
        "منذ",
        "فيه",
        "فيها",
        "لها",
        "لهم",
        "عليه",
        "عليها",
        "أيضا",
        "ايضا",
        "شكرا",
        "وهذا",
        "وهو",
        "وفي",
    ]
)
# Words Persian uses and Arabic does not.
_PERSIAN_WORDS = frozenset(
    [
        "است",
        "را",
        "می",
        "که",
        "این",
        "آن",
        "از",
        "با",
        "برای",
        "ها",
        "های",
        "شود",
        "نیست",
        "هست",
        "کرد",
        "شد",
        "بود",
        "اگر",
        "ولی",
        "اما",
        "چرا",
        "چه",
        "خیلی",
        "تا",
        "هیچ",
        "باید",
        "شده",
        "کنند",
        "کند",
        "میشود",
        "نمیشود",
        "هستند",
        "بودند",
        "کردند",
        "چند",
        "کجا",
        "چطور",
    ]
)
# Arabic-script words with the article that Persian also uses.
_PERSIAN_AL_WORDS = frozenset(
    ["الان", "البته", "الگو", "الکترونیک", "الهام", "الزام", "الزاما", "الحاق"]
)
_URDU_WORDS = frozenset(
    ["ہے", "ہیں", "کے", "کی", "میں", "اور", "نہیں", "کا", "کو", "سے", "پر", "یہ", "وہ", "بھی"]
)


@dataclass(frozen=True)
class LanguageSignal:
    language: str
    persian_share: float  # share of letters in Arabic script
    evidence: dict[str, int]


def _latin_language(text: str) -> tuple[str, dict[str, int]]:
    lex = lexicon()
    words = [w.replace("'", "") for w in _LATIN_WORD_RE.findall(text.casefold())]
    words = [w for w in words if w]
    english = sum(w in lex.english for w in words)
    finglish = sum(w in lex.finglish and w not in lex.english for w in words)
    evidence = {"english_words": english, "finglish_words": finglish, "latin_words": len(words)}
    # Finglish shares many short words with English («to», «in», «man»), which the English
    # list leaves out; English needs most of its words to be English.
    if words and english >= max(1, finglish) and english / len(words) >= 0.4:
        return ENGLISH, evidence
    return FINGLISH, evidence


def _arabic_script_language(text: str) -> tuple[str, dict[str, int]]:
    words = _WORD_RE.findall(text)
    urdu_letters = sum(text.count(ch) for ch in _URDU_LETTERS)
    urdu_words = sum(w in _URDU_WORDS for w in words)
    arabic = sum(text.count(ch) for ch in _ARABIC_LETTERS)
    arabic += sum(w in _ARABIC_WORDS for w in words)
    arabic += sum(
        1
        for w in words
        if w.startswith(("ال", "وال", "بال"))
        and len(w) > 4
        and w not in _PERSIAN_AL_WORDS
        and not any(ch in _PERSIAN_ONLY for ch in w)
    )
    persian = sum(w in _PERSIAN_WORDS for w in words)
    # Persian keyboards type ی and ک (U+06CC, U+06A9), Arabic ones ي and ك; only Persian
    # has پ چ ژ گ. Urdu shares ی and ک but was told apart above.
    persian += sum(1 for w in words if any(ch in _PERSIAN_ONLY for ch in w))
    evidence = {
        "urdu": urdu_letters + urdu_words,
        "arabic": arabic,
        "persian": persian,
        "words": len(words),
    }
    if urdu_letters >= 2 or (urdu_letters and urdu_words):
        return URDU, evidence
    if arabic >= 2 and arabic > persian:
        return ARABIC, evidence
    if arabic >= 1 and persian == 0:
        return ARABIC, evidence
    return PERSIAN, evidence


def detect(text: str) -> LanguageSignal:
    """Return the language of *text*: fa, ar, ur, en, fa-Latn (Finglish), other or none."""
    text = INVISIBLE_RE.sub("", text)
    arabic_script = len(_ARABIC_SCRIPT_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    other = len(_OTHER_LETTER_RE.findall(text))
    letters = arabic_script + latin + other
    if not letters:
        return LanguageSignal(NONE, 0.0, {})
    share = arabic_script / letters
    if other > arabic_script + latin:
        return LanguageSignal(OTHER, share, {"other_letters": other})
    if arabic_script >= latin:
        language, evidence = _arabic_script_language(text)
    else:
        language, evidence = _latin_language(text)
    return LanguageSignal(language, round(share, 3), evidence)
