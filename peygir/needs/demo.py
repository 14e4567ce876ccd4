"""Demo needs: two councils of Kahak ask for the same road; a dossier for the ministry."""

import datetime

from peygir.accounts.models import User
from peygir.needs import services
from peygir.needs.models import NeedsList
from peygir.organizations.models import Organization
from peygir.places.models import Place


def load_needs_demo(users: dict[str, User]) -> None:
    """Create the demo needs once; a second run changes nothing."""
    if NeedsList.objects.exists():
        return
    council = Organization.objects.filter(code="COUNCIL-CITY-KAHAK").first()
    village = Organization.objects.filter(code="COUNCIL-VILLAGE-FORDO").first()
    ministry = Organization.objects.filter(code="MIN-ROADS").first()
    if not (council and village and ministry):
        return
    places = {place.code: place for place in Place.objects.filter(code__startswith="QM-")}
    fordo = places.get("QM-V-FORDO")
    kahak = places.get("QM-KAHAK-CITY")
    member = users["council"]
    city_list = services.needs_list_create(
        actor=member, council=council, title="فهرست نیازها و مشکلات شهر کهک"
    )
    road = services.need_item_add(
        actor=member,
        needs_list=city_list,
        title="آسفالت راه ارتباطی کهک به فردو",
        description="راه ۱۲ کیلومتری کهک به فردو خاکی است و در زمستان بسته می‌شود.",
        place=fordo,
        estimated_cost=85_000_000_000,
        priority=1,
    )
    services.need_item_add(
        actor=member,
        needs_list=city_list,
        title="تکمیل شبکه فاضلاب شهر کهک",
        place=kahak,
        estimated_cost=120_000_000_000,
        priority=1,
    )
    services.need_item_add(
        actor=member,
        needs_list=city_list,
        title="احداث سالن ورزشی چندمنظوره",
        place=kahak,
        estimated_cost=40_000_000_000,
        priority=2,
    )
    services.needs_list_submit(actor=member, needs_list=city_list)
    village_list = services.needs_list_create(
        actor=users["admin"], council=village, title="نیازهای روستای فردو"
    )
    same_road = services.need_item_add(
        actor=users["admin"],
        needs_list=village_list,
        title="آسفالت راه ارتباطی فردو به کهک",
        place=fordo,
        estimated_cost=90_000_000_000,
        priority=1,
    )
    services.needs_list_submit(actor=users["admin"], needs_list=village_list)
    deputy = users["deputy"]
    road.refresh_from_db()
    same_road.refresh_from_db()
    services.need_items_merge(actor=deputy, primary=road, duplicates=[same_road])
    services.need_item_classify(
        actor=deputy, item=road, target_body=ministry, provincial_priority=1
    )
    dossier = services.dossier_create(
        actor=deputy,
        target_body=ministry,
        title="پرونده نیازهای شوراهای استان قم برای وزارت راه و شهرسازی",
        planned_date=datetime.date(2026, 12, 15),
    )
    services.dossier_add_items(actor=deputy, dossier=dossier, items=[road])
