"""A need travels from a council's list, through merge and a dossier, to Tehran's answer."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from peygir.accounts.models import Membership, Role, User
from peygir.conftest import World
from peygir.needs import services
from peygir.needs.exports import dossier_pdf, dossier_xlsx
from peygir.needs.models import AnswerKind, ItemStatus, NeedEvent, NeedItem
from peygir.needs.selectors import duplicate_candidates, need_items_visible_to
from peygir.organizations.models import Organization
from peygir.resolutions.choices import SourceKind


@pytest.fixture
def village_council(world: World) -> tuple[Organization, User]:
    council = Organization.objects.create(
        code="COUNCIL-VILLAGE-FORDO",
        name="شورای اسلامی روستای فردو",
        kind="council",
        level="local",
        place=world.fordo,
    )
    member = User.objects.create_user(username="fordo_member", password="x-test-password-1")
    Membership.objects.create(user=member, organization=council, role=Role.COUNCIL)
    return council, member


def submitted_list(
    world: World, council: Organization, user: User, title: str, cost: int
) -> NeedItem:
    needs_list = services.needs_list_create(actor=user, council=council, title="نیازهای ۱۴۰۵")
    item = services.need_item_add(
        actor=user,
        needs_list=needs_list,
        title=title,
        place=world.fordo,
        estimated_cost=cost,
        priority=1,
    )
    services.needs_list_submit(actor=user, needs_list=needs_list)
    item.refresh_from_db()
    return item


def test_a_village_need_goes_all_the_way_to_a_resolution(world: World, village_council) -> None:  # type: ignore[no-untyped-def]
    council, member = village_council
    deputy = world.users["deputy"]
    ours = submitted_list(world, council, member, "آسفالت راه روستای فردو", 40_000_000_000)
    theirs = submitted_list(
        world, world.council_org, world.users["council"], "آسفالت راه روستاي فردو", 55_000_000_000
    )
    assert ours.tracking_code and ours.tracking_code.startswith("N-14")
    assert ours.status == ItemStatus.SUBMITTED

    # The deputy sees the same road asked for by two councils, and merges them.
    pairs = duplicate_candidates()
    assert {(a.pk, b.pk) for a, b, _score in pairs} == {(ours.pk, theirs.pk)}
    services.need_items_merge(actor=deputy, primary=ours, duplicates=[theirs])
    theirs.refresh_from_db()
    assert theirs.status == ItemStatus.MERGED and theirs.merged_into == ours
    ours.refresh_from_db()
    assert ours.estimated_cost == 55_000_000_000

    services.need_item_classify(
        actor=deputy, item=ours, target_body=world.ministry, provincial_priority=1
    )
    dossier = services.dossier_create(
        actor=deputy, target_body=world.ministry, title="پرونده وزارت راه و شهرسازی"
    )
    assert services.dossier_add_items(actor=deputy, dossier=dossier, items=[ours]) == 1
    services.dossier_record_visit(
        actor=deputy,
        dossier=dossier,
        visit_date=datetime.date(2026, 12, 1),
        delegation="معاون عمرانی و اعضای شورا",
        met_with="معاون وزیر راه و شهرسازی",
    )
    services.need_item_answer(
        actor=deputy,
        item=ours,
        answer=AnswerKind.ACCEPTED,
        note="با تخصیص اعتبار موافقت شد",
        answer_date=datetime.date(2026, 12, 1),
        credit=30_000_000_000,
        credit_date=datetime.date(2026, 12, 10),
        followup_owner=world.deputy_org,
    )
    ours.refresh_from_db()
    resolution = ours.resolution
    assert resolution is not None
    assert resolution.need == ours  # linked both ways
    assert resolution.source.kind == SourceKind.NEEDS_DOSSIER
    assert resolution.national_counterpart == world.ministry
    assert resolution.funding_lines.get().approved == 30_000_000_000

    # The council sees the answer to its item; the other council's original is kept.
    seen = need_items_visible_to(member).get(pk=ours.pk)
    assert seen.answer == AnswerKind.ACCEPTED
    assert NeedItem.objects.filter(pk=theirs.pk).exists()
    assert list(NeedEvent.objects.filter(item=ours).values_list("kind", flat=True)) == [
        "submitted",
        "absorbed",
        "classified",
        "added_to_dossier",
        "visit_recorded",
        "answered",
    ]


def test_a_submitted_list_cannot_be_changed(world: World) -> None:
    user = world.users["council"]
    item = submitted_list(world, world.council_org, user, "احداث سالن ورزشی", 1000)
    with pytest.raises(ValidationError) as caught:
        services.need_item_update(actor=user, item=item, title="عنوان دیگر")
    assert "ارسال" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        services.need_item_add(actor=user, needs_list=item.needs_list, title="مورد تازه")  # type: ignore[arg-type]
    services.needs_list_return(
        actor=world.users["deputy"], needs_list=item.needs_list, reason="هزینه‌ها را دقیق کنید"
    )  # type: ignore[arg-type]
    services.need_item_update(actor=user, item=item, title="عنوان دقیق‌تر")
    assert NeedEvent.objects.filter(item=item, kind="returned").exists()


def test_answers_need_their_details(world: World) -> None:
    item = submitted_list(world, world.council_org, world.users["council"], "گازرسانی", 5)
    deputy = world.users["deputy"]
    day = datetime.date(2026, 12, 1)
    with pytest.raises(ValidationError):
        services.need_item_answer(
            actor=deputy, item=item, answer=AnswerKind.ACCEPTED, answer_date=day
        )
    with pytest.raises(ValidationError):
        services.need_item_answer(
            actor=deputy, item=item, answer=AnswerKind.REFUSED, answer_date=day
        )
    with pytest.raises(ValidationError):
        services.need_item_answer(
            actor=deputy, item=item, answer=AnswerKind.REFERRED, answer_date=day
        )
    services.need_item_answer(
        actor=deputy, item=item, answer=AnswerKind.NEEDS_STUDY, answer_date=day, note="در دست بررسی"
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.ANSWERED and item.resolution is None


def test_negative_cost_is_refused(world: World) -> None:
    user = world.users["council"]
    needs_list = services.needs_list_create(actor=user, council=world.council_org, title="فهرست")
    with pytest.raises(ValidationError) as caught:
        services.need_item_add(actor=user, needs_list=needs_list, title="x", estimated_cost=-1)
    assert "منفی" in str(caught.value)


def test_public_desk_request_gets_a_tracking_code(world: World) -> None:
    item = services.need_item_register_at_desk(
        actor=world.users["secretariat"],
        source=world.source,
        title="مرمت مدرسه روستا",
        requester_name="علی رضایی",
    )
    assert item.tracking_code and item.status == ItemStatus.SUBMITTED


def test_councils_see_only_their_own_items(world: World, village_council) -> None:  # type: ignore[no-untyped-def]
    council, member = village_council
    ours = submitted_list(world, council, member, "آب شرب", 1)
    theirs = submitted_list(world, world.council_org, world.users["council"], "سالن ورزشی", 1)
    assert set(need_items_visible_to(member)) == {ours}
    assert set(need_items_visible_to(world.users["county"])) == {ours, theirs}  # both in Kahak
    assert not need_items_visible_to(world.users["officer"]).exists()
    assert not need_items_visible_to(world.users["outsider"]).exists()


@pytest.fixture
def big_dossier(world: World):  # type: ignore[no-untyped-def]
    user = world.users["council"]
    needs_list = services.needs_list_create(
        actor=user, council=world.council_org, title="فهرست بزرگ"
    )
    NeedItem.objects.bulk_create(
        NeedItem(
            needs_list=needs_list,
            title=f"نیاز شماره {index} روستای فردو",
            tracking_code=f"N-1405-{index:05d}",
            status=ItemStatus.CLASSIFIED,
            target_body=world.ministry,
            estimated_cost=index * 1_000_000,
        )
        for index in range(1, 501)
    )
    dossier = services.dossier_create(
        actor=world.users["deputy"],
        target_body=world.ministry,
        title="پرونده وزارت راه",
        planned_date=datetime.date(2026, 12, 20),
    )
    services.dossier_add_items(
        actor=world.users["deputy"], dossier=dossier, items=NeedItem.objects.all()
    )
    return dossier


def test_a_dossier_of_500_items_renders_as_a_persian_pdf(big_dossier) -> None:  # type: ignore[no-untyped-def]
    pdf = PdfReader(io.BytesIO(dossier_pdf(big_dossier)))
    assert len(pdf.pages) > 10
    first = pdf.pages[0].extract_text()
    # pypdf returns the shaped glyphs' text; look for a word that survives extraction whole.
    assert "پرونده" in first or "هدنورپ" in first
    assert "۱۴۰۵" in first or "۵۰۴۱" in first  # the Jalali year of the planned visit
    fonts = str(pdf.pages[0]["/Resources"]["/Font"])
    assert "Vazirmatn" in str(
        [
            pdf.pages[0]["/Resources"]["/Font"][name].get_object()["/BaseFont"]
            for name in pdf.pages[0]["/Resources"]["/Font"]
        ]
    ), fonts


def test_the_dossier_workbook_is_rtl_with_persian_headers(big_dossier) -> None:  # type: ignore[no-untyped-def]
    workbook = load_workbook(io.BytesIO(dossier_xlsx(big_dossier)))
    sheet = workbook.active
    assert sheet is not None
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].value == "پرونده وزارت راه"
    assert sheet["B2"].value == "۱۴۰۵/۰۹/۲۹"
    assert sheet["A3"].value == "کد رهگیری"
    assert sheet.max_row == 3 + 500
    assert sheet["B4"].value == "نیاز شماره 1 روستای فردو"


def test_need_history_is_append_only(world: World) -> None:
    item = submitted_list(world, world.council_org, world.users["council"], "آب شرب", 1)
    event = NeedEvent.objects.get(item=item)
    event.message = "بازنویسی"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        NeedEvent.objects.filter(item=item).update(message="x")
    with pytest.raises(TypeError):
        NeedEvent.objects.filter(item=item).delete()
