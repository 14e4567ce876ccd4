"""Every workspace page opens for the secretariat (a smoke net under the behaviour tests)."""

from collections.abc import Callable

import pytest
from django.test import Client

from peygir.conftest import World


@pytest.mark.parametrize(
    "url",
    [
        "/staff/overview/",
        "/staff/weekly/",
        "/staff/resolutions/",
        "/staff/inbox/",
        "/staff/sources/",
        "/staff/sources/new/",
    ],
)
def test_it_opens_each_page(world: World, client_for: Callable[[str], Client], url: str) -> None:
    world.resolution()
    response = client_for("secretariat").get(url)
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text and 'lang="fa"' in response.text
