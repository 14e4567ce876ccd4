"""The lists' place filter at national scale: provinces and counties in a grouped select,
anything deeper found by name (through htmx, or by submitting the form without script)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from peygir.conftest import World, open_tab
from peygir.places.services import place_create

Clients = Callable[[str], Client]


def _select(html: str) -> str:
    found = re.search(r'<select name="place".*?</select>', html, re.S)
    assert found, "no place select"
    return found.group(0)


def _option_values(select: str) -> set[str]:
    return set(re.findall(r'<option value="(\d*)"', select))


def test_the_select_offers_provinces_and_counties_grouped_by_province(
    world: World, client_for: Clients
) -> None:
    other = place_create(code="IR-TH", name="تهران", kind="province")
    rey = place_create(code="TH-REY", name="ری", kind="county", parent=other)
    select = _select(client_for("secretariat").get("/staff/resolutions/").text)
    offered = _option_values(select)
    assert {str(p.pk) for p in (world.province, world.kahak, world.qom, other, rey)} <= offered
    # Villages and cities are found by name, not listed.
    assert str(world.fordo.pk) not in offered
    assert str(world.qom_city.pk) not in offered
    assert '<optgroup label="تهران">' in select and '<optgroup label="قم">' in select
    assert "کل استان" in select and "همه‌جا" in select


def test_a_deeper_place_chosen_by_link_stays_offered_and_chosen(
    world: World, client_for: Clients
) -> None:
    page = client_for("secretariat").get(f"/staff/resolutions/?place={world.fordo.pk}").text
    assert f'<option value="{world.fordo.pk}" selected>فردو (روستا، کهک)</option>' in _select(page)


def test_typing_a_name_narrows_the_select_to_the_places_so_named(
    world: World, client_for: Clients
) -> None:
    response = client_for("officer").get("/staff/places/", {"place_name": "قم"})
    assert response.status_code == 200
    offered = _option_values(_select(response.text))
    assert offered == {"", str(world.province.pk), str(world.qom.pk), str(world.qom_city.pk)}
    assert "۳ مکان این نام را دارند" in response.text
    assert 'hx-swap-oob="true"' in response.text  # the note beside the search box follows


def test_one_place_with_the_name_is_the_one_meant(world: World, client_for: Clients) -> None:
    response = client_for("secretariat").get("/staff/places/", {"place_name": "فردو"})
    assert f'<option value="{world.fordo.pk}" selected>' in response.text
    assert "مصوبات فردو نشان داده می‌شود" in response.text


def test_without_script_submitting_a_name_filters_the_list(
    world: World, client_for: Clients
) -> None:
    world.resolution(title="ساخت مدرسه روستای فردو", places=[world.fordo])
    world.resolution(title="گازرسانی به شهرک صنعتی قم", places=[world.qom_city])
    # A stray space is normalised away like in any typed input.
    text = client_for("secretariat").get("/staff/resolutions/", {"place_name": " فردو"}).text
    assert "ساخت مدرسه روستای فردو" in text
    assert "گازرسانی به شهرک صنعتی قم" not in text


def test_an_unknown_name_says_so_and_filters_nothing(world: World, client_for: Clients) -> None:
    world.resolution(title="ساخت مدرسه روستای فردو", places=[world.fordo])
    text = client_for("secretariat").get("/staff/resolutions/", {"place_name": "ناکجا"}).text
    assert "مکانی با این نام نیست." in text
    assert "ساخت مدرسه روستای فردو" in text


def test_the_place_search_is_for_staff_only(world: World, client: Client) -> None:
    response = client.get("/staff/places/", {"place_name": "قم"})
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


@pytest.mark.browser
def test_in_a_browser_the_name_narrows_the_select_and_the_list_follows(
    browser: Browser, live_server: Any, world: World
) -> None:
    world.resolution(title="ساخت مدرسه روستای فردو", places=[world.fordo])
    world.resolution(title="گازرسانی به شهرک صنعتی قم", places=[world.qom_city])
    page, external = open_tab(browser, live_server, user=world.users["secretariat"])
    page.goto(f"{live_server.url}/staff/resolutions/")
    page.get_by_label("یافتن مکان با نام").fill("قم")
    note = page.locator("#place-note")
    expect(note).to_contain_text("۳ مکان این نام را دارند")
    place = page.get_by_label("مکان (و همه زیرمجموعه‌های آن)")
    expect(place.locator("option")).to_have_count(4)  # «همه‌جا» and the three named «قم»
    place.select_option(label="قم (شهر، قم)")
    page.get_by_role("button", name="اعمال").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="گازرسانی به شهرک صنعتی قم")).to_be_visible()
    expect(page.get_by_role("link", name="ساخت مدرسه روستای فردو")).to_have_count(0)
    assert external == []
    page.context.close()
