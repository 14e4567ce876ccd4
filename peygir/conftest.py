"""Shared test fixtures: a small place tree, a few organizations, and one user per persona."""

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from peygir.accounts.models import Membership, Role, User
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.places.services import place_create
from peygir.resolutions import services
from peygir.resolutions.choices import SourceKind
from peygir.resolutions.models import Category, Resolution, Source

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> Iterator[None]:
    """Public pages (portal/pagecache.py) and dashboards counted live (reports/kept.py) are
    kept per process under keys read from the database; a rolled-back test's ids and
    counters come back in the next test with other content, so every test starts and ends
    without kept pages."""
    from django.core.cache import caches

    for alias in ("pages", "default"):
        caches[alias].clear()
    yield
    for alias in ("pages", "default"):
        caches[alias].clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium per test process, shared by every app's browser tests.

    Playwright's sync API keeps an event loop in this thread, and only one may run per
    process: a second `sync_playwright()` in the same worker fails, so no app starts its own.
    """
    from playwright.sync_api import sync_playwright

    # The ORM calls that tests make between page actions are synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_tab(
    browser: Any, live_server: Any, *, user: Any = None, viewport: tuple[int, int] = (1200, 900)
) -> tuple[Any, list[str]]:
    """A fresh Persian Chromium tab, signed in as *user* (if any) through a Django session
    cookie, and the list that collects every request leaving the test server (which must stay
    empty: nothing is fetched from a CDN). Close it with `page.context.close()`."""
    from django.conf import settings
    from django.test import Client

    width, height = viewport
    context = browser.new_context(locale="fa-IR", viewport={"width": width, "height": height})
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    page = context.new_page()
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else external.append(request.url)
        ),
    )
    return page, external


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_completes_two_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's force_login stands for a whole sign-in: password and, if needed, the code.

    Without it every test that signs an administrator in would first be sent to enrol in
    two-step sign-in. The two-step rule itself is tested through the real pages
    (peygir/workspace/tests/test_two_factor.py), never through force_login.
    """
    from django.test import Client

    from peygir.accounts import two_factor

    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        session[two_factor.SESSION_KEY] = two_factor.VERIFIED
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@dataclass
class World:
    """A tiny province: two counties, a few bodies, and the personas who work in them."""

    province: Place
    kahak: Place
    qom: Place
    fordo: Place
    qom_city: Place
    secretariat_org: Organization
    deputy_org: Organization
    kahak_governorate: Organization
    qom_governorate: Organization
    roads: Organization
    gas: Organization
    ministry: Organization
    council_org: Organization
    category: Category
    source: Source
    users: dict[str, User]

    def resolution(self, **overrides: object) -> Resolution:
        """Register a resolution in Kahak, assigned to the roads directorate, due in 1405."""
        fields: dict[str, object] = {
            "actor": self.users["secretariat"],
            "source": self.source,
            "title": "آسفالت راه روستای فردو",
            "text": "مقرر شد راه روستای فردو تا پایان خرداد ۱۴۰۵ آسفالت شود.",
            "category": self.category,
            "places": [self.fordo],
            "responsible_body": self.roads,
            "followup_owner": self.kahak_governorate,
            "start_date": datetime.date(2025, 6, 1),
            "deadline": datetime.date(2026, 6, 21),
            "next_followup_date": datetime.date(2026, 1, 10),
        }
        fields.update(overrides)
        return services.resolution_create(**fields)  # type: ignore[arg-type]


def _org(code: str, name: str, kind: str, level: str, place: Place | None) -> Organization:
    return Organization.objects.create(code=code, name=name, kind=kind, level=level, place=place)


@pytest.fixture
def world(db: None) -> World:
    province = place_create(code="IR-QM", name="قم", kind="province")
    kahak = place_create(code="QM-KAHAK", name="کهک", kind="county", parent=province)
    qom = place_create(code="QM-QOM", name="قم", kind="county", parent=province)
    fordo = place_create(code="QM-V-FORDO", name="فردو", kind="village", parent=kahak)
    qom_city = place_create(code="QM-QOM-CITY", name="قم", kind="city", parent=qom)
    orgs = {
        "secretariat": _org(
            "GOV-QM-SEC", "دبیرخانه پیگیری مصوبات", "deputy", "provincial", province
        ),
        "deputy": _org(
            "GOV-QM-DEV", "معاونت هماهنگی امور عمرانی", "deputy", "provincial", province
        ),
        "kahak": _org("FG-KAHAK", "فرمانداری شهرستان کهک", "county_governorate", "county", kahak),
        "qom": _org("FG-QOM", "فرمانداری شهرستان قم", "county_governorate", "county", qom),
        "roads": _org(
            "QM-ROADS", "اداره کل راه و شهرسازی استان قم", "executive_body", "provincial", province
        ),
        "gas": _org("QM-GAS", "شرکت گاز استان قم", "company", "provincial", province),
        "ministry": _org("MIN-ROADS", "وزارت راه و شهرسازی", "ministry", "national", None),
        "council": _org("COUNCIL-CITY-KAHAK", "شورای اسلامی شهر کهک", "council", "local", kahak),
    }
    personas = {
        "secretariat": (Role.SECRETARIAT, orgs["secretariat"]),
        "deputy": (Role.DEPUTY, orgs["deputy"]),
        "county": (Role.COUNTY, orgs["kahak"]),
        "other_county": (Role.COUNTY, orgs["qom"]),
        "officer": (Role.OFFICER, orgs["roads"]),
        "gas_officer": (Role.OFFICER, orgs["gas"]),
        "council": (Role.COUNCIL, orgs["council"]),
        "moderator": (Role.MODERATOR, orgs["secretariat"]),
    }
    users: dict[str, User] = {}
    for username, (role, org) in personas.items():
        user = User.objects.create_user(username=username, password="x-test-password-1")
        Membership.objects.create(user=user, organization=org, role=role)
        users[username] = user
    users["admin"] = User.objects.create_superuser(username="admin", password="x-test-password-1")
    users["outsider"] = User.objects.create_user(username="outsider", password="x-test-password-1")
    category = Category.objects.create(code="roads", name="راه و حمل و نقل")
    source = services.source_create(
        actor=users["secretariat"],
        kind=SourceKind.TRIP,
        title="سفر استاندار به شهرستان کهک",
        start_date=datetime.date(2025, 5, 20),
        places=[kahak],
    )
    return World(
        province=province,
        kahak=kahak,
        qom=qom,
        fordo=fordo,
        qom_city=qom_city,
        secretariat_org=orgs["secretariat"],
        deputy_org=orgs["deputy"],
        kahak_governorate=orgs["kahak"],
        qom_governorate=orgs["qom"],
        roads=orgs["roads"],
        gas=orgs["gas"],
        ministry=orgs["ministry"],
        council_org=orgs["council"],
        category=category,
        source=source,
        users=users,
    )
