"""Commitments are found in every form and spelling, and offsets index the input exactly."""

from pathlib import Path

import pytest

from peygir.extraction.bodies import Body, BodyMatcher
from peygir.extraction.extractor import Commitment, extract
from peygir.persian import jalali_iso, jalali_to_date

ABAN_10 = jalali_to_date(1403, 8, 10)
ZWNJ = "\u200c"


def _one(text: str, **kwargs: object) -> Commitment:
    found = extract(text, reference=ABAN_10, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, text
    return found[0]


@pytest.mark.parametrize(
    ("text", "responsible"),
    [
        ("مقرر شد شهرداری کهک ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("مقرر گردید شهرداری کهک ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("مقررشد شهرداری کهک ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("شهرداری کهک موظف است ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("شهرداری کهک موظف شد ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("دهیاری‌های بخش فردو موظفند ظرف یک ماه معابر را لکه‌گیری کنند.", "دهیاری‌های بخش فردو"),
        ("دهیاری‌های بخش فردو موظف‌اند ظرف یک ماه معابر را لکه‌گیری کنند.", "دهیاری‌های بخش فردو"),
        ("شهرداری کهک مکلف است ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("شهرداری کهک متعهد شد ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("قرار شد شهرداری کهک ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("استاندار به شهرداری کهک دستور داد ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("استاندار دستور داد شهرداری کهک ظرف یک ماه معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("شهرداری کهک باید تا پایان آذر معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("معابر باید تا پایان آذر توسط شهرداری کهک لکه‌گیری شود.", "شهرداری کهک"),
        ("ظرف یک ماه طرح لکه‌گیری معابر توسط شهرداری کهک تهیه شود.", "شهرداری کهک"),
        ("طرح لکه‌گیری معابر ظرف یک ماه تهیه شود.", None),
        ("گزارش کار تا پایان آذر به استانداری ارسال گردد.", None),
        ("بازدید از پروژه ظرف یک هفته صورت گیرد.", None),
        ("مدیرکل راهداری استان متعهد شد ظرف یک ماه معابر را لکه‌گیری کند.", "مدیرکل راهداری استان"),
        ("به دستور استاندار، شهرداری کهک ظرف یک ماه معابر را لکه‌گیری می‌کند.", "شهرداری کهک"),
        ("استاندار از شهرداری کهک خواست تا پایان آذر معابر را لکه‌گیری کند.", "شهرداری کهک"),
        ("مقرر شد دانشگاه قم و پارک علم و فناوری ظرف یک ماه تفاهم‌نامه را امضا کنند.", "دانشگاه قم"),
    ],
)
def test_each_trigger_is_a_commitment_with_its_body(text: str, responsible: str | None) -> None:
    assert _one(text).responsible == responsible


@pytest.mark.parametrize(
    "text",
    [
        # past reports
        "سال گذشته مقرر شد جاده روستای فردو آسفالت شود که این کار انجام شد.",
        "قرار بود پروژه مدرسه کهک تا پایان سال ۱۴۰۲ تحویل شود اما متوقف ماند.",
        "طبق مصوبه سفر قبلی مقرر شده بود شرکت گاز روستاها را گازرسانی کند.",
        "مصوبات تمامی سفرها تهیه شده و در سامانه مربوطه ثبت شده است.",
        "مقرر شد پروژه تا پایان سال ۱۴۰۲ تکمیل شود.",  # a deadline already past
        # praise
        "استاندار قم از تلاش‌های اداره کل راهداری در بازگشایی راه‌ها قدردانی کرد.",
        "اقدامات شرکت گاز در گازرسانی به روستاهای محروم شایسته تقدیر است.",
        # background and general statements
        "طبق قانون، شهرداری‌ها موظفند بخشی از درآمد خود را صرف عمران شهری کنند.",
        "همه ما وظیفه داریم در راستای حل مشکلات مردم تلاش کنیم.",
        "تمامی مدیران باید پاسخگوی مطالبات مردم باشند.",
        "باید از تجارب مسئولین با سابقه در امور مدیریتی استفاده کرد.",
        "در تلاش هستیم که مصوبه‌ای فراموش نشود و اگر قولی به مردم داده‌ایم عملی شود.",
        "حمایت‌های خوبی از مدیریت شهری انجام داده است که باید تبیین شود.",
        "رعایت استانداردها باعث کاهش خسارت‌ها می‌شود.",
        "در این جلسه مشکلات آب شرب روستاها مورد بررسی قرار گرفت.",
        "استاندار قم بر لزوم تسریع در اجرای طرح‌های نیمه‌تمام تأکید کرد.",
        "به دستور استاندار، جلسه شورای اداری کهک برگزار شد.",  # an order reported, no deadline
        "وی افزود: پیش‌بینی می‌شود این پروژه تا پایان سال تکمیل شود.",  # a forecast
        "ممکن است این طرح تا پایان آذر اجرا شود.",
        "موضوع در دستور کار قرار گرفت تا پایان سال بررسی شود.",
        # negation and questions
        "قرار نیست هیچ پروژه‌ای بدون تأمین اعتبار آغاز شود.",
        "شهرداری موظف نیست هزینه این پروژه را پرداخت کند.",
        "آیا شرکت گاز موظف است هزینه انشعاب را کاهش دهد؟",
    ],
)
def test_reports_praise_background_and_general_statements_are_not_commitments(
    text: str,
) -> None:
    assert extract(text, reference=ABAN_10) == []


@pytest.mark.parametrize(
    "text",
    [
        "مقرر شد شهرداری کهک ظرف یک ماه معابر را لکه\u200cگیری کند.",
        "مقرر شد شهرداري كهك ظرف يك ماه معابر را لكه‌گيري كند.",  # Arabic ي and ك
        "مقرر شد شهرداری کهک ظرف 1 ماه معابر را لکه گیری کند.",  # Latin digit, no ZWNJ
        "مقرر شد شهرداری کهک ظرف ١ ماه معابر را لکهگیری کند.",  # Arabic-Indic digit
        "مقرر\u00a0شد شهرداری\u200f کهک ظرف یـک ماه معابر را لکه‌گیری کند.",  # NBSP, RLM, tatweel
    ],
)
def test_every_spelling_variant_gives_the_same_commitment(text: str) -> None:
    c = _one(text)
    assert (c.deadline is not None and c.deadline.isoformat()) == "2024-11-30"  # ۱۰ آذر ۱۴۰۳
    assert c.responsible is not None and text[c.start : c.end].startswith("مقرر")


def test_offsets_index_the_input_exactly_with_crlf_zwnj_and_arabic_letters() -> None:
    text = (
        "صورتجلسه سفر استاندار\r\n"
        "۱- مقرر شد شركت گاز استان قم ظرف دو ماه گازرساني به روستاي فردو را تکمیل کند.\r\n"
        "\r\n"
        "۲-\tاداره کل راه و شهرسازی موظف است تا پایان آذر‌ماه محور کهک را ایمن‌سازی نماید.\r\n"
        "\u200fحضار از زحمات دهیاری تشکر کردند. گزارش نهایی ظرف یک هفته به دبیرخانه ارسال شود."
    )
    found = extract(text, reference=ABAN_10, places=["فردو", "کهک"])
    assert [text[c.start : c.end] for c in found] == [c.sentence for c in found]
    assert [c.sentence[:8] for c in found] == ["مقرر شد ", "اداره کل", "گزارش نه"]
    first, second, third = found
    assert first.responsible == "شركت گاز استان قم"
    assert text.index(first.responsible) > first.start
    assert first.places == ["فردو"]
    assert second.deadline_text == f"تا پایان آذر{ZWNJ}ماه"
    assert second.sentence.endswith("نماید.")
    assert third.deadline_text == "ظرف یک هفته"
    for c in found:
        assert c.deadline_text is None or c.deadline_text in text[c.start : c.end]


def test_the_article_yields_its_one_commitment_with_a_vague_deadline() -> None:
    with open("/work/shared/seed/article-fa.txt", encoding="utf-8") as f:
        article = f.read()
    [c] = extract(article, reference=ABAN_10)
    assert article[c.start : c.end] == c.sentence
    assert c.sentence.startswith("استاندار قم در ادامه جلسه")
    assert (c.deadline_text, c.deadline, c.vague_deadline) == ("ظرف هفتههای آینده", None, True)
    assert c.action.startswith("لیستی از نیازمندیها")


def test_an_amount_with_a_decimal_point_is_not_cut_as_a_sentence_end() -> None:
    c = _one("مقرر شد مبلغ ۲.۵ میلیارد ریال ظرف یک ماه برای این کار اختصاص یابد.")
    assert c.amount_rials == 2_500_000_000


def test_the_amount_is_read_in_rials() -> None:
    c = _one("مقرر شد مبلغ ۵۰ میلیارد تومان برای تکمیل درمانگاه کهک اختصاص یابد.")
    assert c.amount_rials == 500_000_000_000


def test_the_action_is_what_is_to_be_done() -> None:
    c = _one("مقرر شد اداره کل راه و شهرسازی ظرف سه ماه نسبت به آسفالت راه روستای فردو اقدام کند.")
    assert c.action == "آسفالت راه روستای فردو"


def test_places_come_from_the_registry_and_village_names_but_not_body_names() -> None:
    c = _one(
        "مقرر شد شرکت گاز استان قم ظرف یک ماه گاز روستای سیرو و شهر کهک را وصل کند.",
        places=["قم", "کهک"],
    )
    assert c.places == ["سیرو", "کهک"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("اداره کل راه و شهرسازی", 1),
        ("راه و شهرسازی استان قم", 1),
        ("اداره كل راه و شهرسازي استان قم", 1),
        ("مدیرکل راه و شهرسازی استان", 1),
        ("وزارت راه و شهرسازی", 2),
        ("راهداری", 3),  # the provincial body wins over the national one
        ("فرماندار کهک", 4),
        ("شهرداری کهک", None),
    ],
)
def test_the_body_as_written_is_matched_to_a_known_body(written: str, expected: int | None) -> None:
    matcher = BodyMatcher(
        [
            Body(1, ("اداره کل راه و شهرسازی استان قم", "راه و شهرسازی")),
            Body(2, ("وزارت راه و شهرسازی", ""), rank=1),
            Body(30, ("سازمان راهداری و حمل و نقل جاده‌ای", "راهداری"), rank=1),
            Body(3, ("اداره کل راهداری و حمل و نقل جاده‌ای استان قم", "راهداری")),
            Body(4, ("فرمانداری شهرستان کهک", "فرمانداری کهک")),
        ]
    )
    assert matcher.match(written) == expected


def test_a_whole_minutes_document_yields_its_numbered_resolutions_only() -> None:
    path = Path(__file__).resolve().parents[1] / "data" / "minutes-kahak.txt"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    found = extract(text, reference=jalali_to_date(1403, 8, 20), places=["کهک", "فردو", "ونارچ"])
    assert [
        (c.responsible, jalali_iso(c.deadline) or None, c.vague_deadline, c.amount_rials)
        for c in found
    ] == [
        ("اداره کل راه و شهرسازی استان قم", "1403-09-30", False, None),
        ("شرکت گاز استان قم", "1403-10-05", False, None),
        ("شرکت آب و فاضلاب استان قم", "1403-12-30", False, None),
        (None, None, False, 35_000_000_000),
        ("فرمانداری کهک", None, False, None),
        ("اداره کل میراث فرهنگی، گردشگری و صنایع دستی استان قم", None, True, None),
        (None, "1404-03-31", False, None),
    ]
    assert all(text[c.start : c.end] == c.sentence for c in found)
    assert all(c.sentence[0] != "۱" for c in found)  # list numbers are left out
