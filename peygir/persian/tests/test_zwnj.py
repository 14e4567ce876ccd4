"""Every ZWNJ rule and every trap word, one row each."""

import pytest

from peygir.persian import normalize

Z = "\u200c"


def z(text: str) -> str:
    """Write the expected form with «_» standing for a ZWNJ."""
    return text.replace("_", Z)


RESTORED = [
    # می and نمی verb prefixes, joined or with a space
    ("میشود", "می_شود"),
    ("می شود", "می_شود"),
    ("نمیشود", "نمی_شود"),
    ("نمی شود", "نمی_شود"),
    ("میکنم", "می_کنم"),
    ("میدهند", "می_دهند"),
    ("مینماید", "می_نماید"),
    ("میگوید", "می_گوید"),
    ("میرفتیم", "می_رفتیم"),
    ("میتوان", "می_توان"),
    ("نمیتوانیم", "نمی_توانیم"),
    ("میدانم", "می_دانم"),
    ("برمیگردد", "برمی_گردد"),
    ("درمیآید", "درمی_آید"),
    # plural ها / های / هایی and their clitics
    ("گامهای", "گام_های"),
    ("بخشهای", "بخش_های"),
    ("حمایتهای", "حمایت_های"),
    ("هفتههای", "هفته_های"),
    ("مصوبههای", "مصوبه_های"),
    ("مصوبه های", "مصوبه_های"),
    ("مصوبه ها", "مصوبه_ها"),
    ("وعدههایی", "وعده_هایی"),
    ("نیازمندیها", "نیازمندی_ها"),
    ("کتابهایشان", "کتاب_هایشان"),
    ("آن ها", "آن_ها"),
    ("شورا ها", "شوراها"),  # ا does not join forward: no ZWNJ needed, just no space
    ("واحدهای مسکونی", "واحدهای مسکونی"),  # واحد + های, not واحده + ای (د does not join)
    # ای ایم اید اند ام ات اش after a silent ه
    ("ویژهای", "ویژه_ای"),
    ("مصوبهای", "مصوبه_ای"),
    ("وعدهای", "وعده_ای"),
    ("نامه ای", "نامه_ای"),
    ("دادهایم", "داده_ایم"),
    ("کردهایم", "کرده_ایم"),
    ("رفتهایم", "رفته_ایم"),
    ("رفته اید", "رفته_اید"),
    ("شدهاند", "شده_اند"),
    ("خستهام", "خسته_ام"),
    ("خانهات", "خانه_ات"),
    ("خانهاش", "خانه_اش"),
    # تر and ترین where safe
    ("بزرگترین", "بزرگ_ترین"),
    ("بزرگتر", "بزرگ_تر"),
    ("بزرگ ترین", "بزرگ_ترین"),
    # compounds from the lexicon
    ("بهرهمندی", "بهره_مندی"),
    ("نامهنگاری", "نامه_نگاری"),
    ("علامتگذاری", "علامت_گذاری"),
    ("بین الملل", "بین_الملل"),
    ("علامت گذاری", "علامت_گذاری"),
]


@pytest.mark.parametrize(("given", "expected"), RESTORED)
def test_zwnj_is_restored(given: str, expected: str) -> None:
    assert normalize(given) == z(expected)


TRAPS = [
    # words that start like می / نمی
    "میز", "میلیارد", "میدان", "میراث", "مینا", "میلاد", "میوه", "میان", "میزان", "میهن",
    "میخ", "میمون", "میلیون", "میکروب", "میهمان", "میدانی", "میمونی",
    # words that start or end like ها / های / هایی
    "هاشمی", "تنها", "تنهایی", "انتهایی", "اشتها", "هایی",
    # words that end in ه + something
    "همه", "تهران", "اشتباهات", "شبهات", "توجهات", "دیدگاهتان", "ابهام", "الهام",
    # words ending in تر
    "دفتر", "دختر", "کمتر", "بیشتر", "بهتر", "مشتری", "بستر", "کبوتر",
    # phrases that must keep their space
    "اداره کل", "تهیه شده", "تهیه شود", "که ای کاش", "چشم تر",
]  # fmt: skip


@pytest.mark.parametrize("word", TRAPS)
def test_trap_words_are_not_damaged(word: str) -> None:
    assert normalize(word) == word


@pytest.mark.parametrize(
    "written", ["می" + Z + "شود", "مصوبه" + Z + "ها", "هیچ" + Z + "کدام", "این" + Z + "که"]
)
def test_a_zwnj_the_writer_put_is_kept(written: str) -> None:
    assert normalize(written) == written


def test_sentence() -> None:
    given = "اگر وعدهای میدهند قابلیت اجرا داشته باشد، وعدههایی که قابلیت تحقق ندارد"
    expected = "اگر وعده_ای می_دهند قابلیت اجرا داشته باشد، وعده_هایی که قابلیت تحقق ندارد"
    assert normalize(given) == z(expected)
