"""Ranked hits: order, snippets (highlighted, escaped) and queries that cannot break the engine."""

import pytest

from peygir.search.models import SearchKind
from peygir.search.selectors import search
from peygir.search.services import search_index

ZWNJ = "\u200c"
FILLER = " ".join(["گزارش جلسه شورای اداری استان با حضور مدیران کل دستگاه‌های اجرایی"] * 6)


def _index(object_id: int, text: str) -> None:
    search_index(SearchKind.NEWS, object_id, parts=[text], display=text)


@pytest.mark.django_db
def test_a_focused_document_ranks_above_a_passing_mention() -> None:
    _index(1, f"{FILLER} و درباره سد پانزده خرداد هم گفته شد")
    _index(2, "سد پانزده خرداد: آبگیری سد پانزده خرداد آغاز شد")
    hits = search("سد پانزده خرداد")
    assert [hit.object_id for hit in hits] == [2, 1]
    assert hits[0].score > hits[1].score


@pytest.mark.django_db
def test_limit_and_offset_page_through_the_hits() -> None:
    for object_id in range(1, 6):
        _index(object_id, f"بازدید از مدرسه شماره {object_id}")
    first = search("مدرسه", limit=2)
    rest = search("مدرسه", limit=10, offset=2)
    assert len(first) == 2 and len(rest) == 3
    assert {h.object_id for h in first}.isdisjoint({h.object_id for h in rest})


@pytest.mark.django_db
def test_the_snippet_marks_the_words_in_the_users_spelling() -> None:
    _index(1, f"مقرر شد مصوبه{ZWNJ}های سفر تا پایان سال اجرا شود")
    (hit,) = search("مصوبه های")
    assert f"<mark>مصوبه{ZWNJ}های</mark>" in hit.snippet_html


@pytest.mark.django_db
def test_the_snippet_marks_a_verb_written_apart() -> None:
    _index(1, "این راه تا پایان سال آسفالت مي شود")
    (hit,) = search(f"می{ZWNJ}شود")
    assert "<mark>مي شود</mark>" in hit.snippet_html


@pytest.mark.django_db
def test_the_snippet_is_cut_around_the_first_match() -> None:
    _index(1, f"{FILLER} سرانجام کتابخانه افتتاح شد {FILLER}")
    (hit,) = search("کتابخانه")
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    assert "<mark>کتابخانه</mark>" in hit.snippet_html


@pytest.mark.django_db
def test_html_in_the_text_is_escaped_in_the_snippet() -> None:
    _index(1, 'پل <script>alert("x")</script> <b onclick=x>فردو</b>')
    (hit,) = search("فردو")
    assert "<script>" not in hit.snippet_html and "<b " not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>onclick=x&gt;فردو&lt;/b&gt;</mark>" in hit.snippet_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        'پل"',
        "پل OR فردو",
        "NOT پل",
        "پل AND",
        "NEAR(پل فردو)",
        "folded:پل",
        "پل*",
        "^پل",
        "(پل",
        "پل & | ! :* '",
        "'; DROP TABLE search_searchentry; --",
        "\\",
        "-پل",
        "+پل",
    ],
)
def test_query_language_characters_do_not_break_the_search(query: str) -> None:
    _index(1, "پل روستای فردو")
    hits = search(query)
    assert [hit.object_id for hit in hits] in ([1], [])


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "!!!", "«»", "\u200c"])
def test_a_query_without_words_finds_nothing(query: str) -> None:
    _index(1, "پل روستای فردو")
    assert search(query) == []
