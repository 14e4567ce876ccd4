"""The source article as demo news, linked to the resolutions of the meeting it reports."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from peygir.persian import normalize
from peygir.portal.models import Article
from peygir.portal.services import article_create
from peygir.resolutions.models import Resolution

ARTICLE = Path(__file__).resolve().parent / "data" / "article-fa.txt"
MEETING_CODE = "MTG-1401-COUNCILS"
# 20 Mehr 1401, the day of the meeting, at noon in Tehran.
PUBLISHED_AT = datetime.datetime(2022, 10, 12, 12, 0, tzinfo=ZoneInfo("Asia/Tehran"))


def load_demo_article() -> Article | None:
    """Publish the article once; return it, or None when it is already there."""
    title, _, body = normalize(ARTICLE.read_text(encoding="utf-8")).partition("\n")
    if Article.objects.filter(title=title.strip()).exists():
        return None
    return article_create(
        title=title.strip(),
        body=body.strip(),
        published_at=PUBLISHED_AT,
        source_name="سپهر اقتصاد",
        resolutions=Resolution.objects.filter(source__code=MEETING_CODE),
    )
