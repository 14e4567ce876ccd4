"""Two-step sign-in: enrolling, the code after the password, and administrators who must."""

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from peygir.accounts import two_factor
from peygir.accounts.models import LoginEvent, LoginEventKind, User
from peygir.conftest import World
from peygir.persian import to_persian_digits
from peygir.workspace.models import LoginFailure

PASSWORD = "x-test-password-1"
CODE_URL = "/staff/login/code/"
ENROL_URL = "/staff/account/two-factor/"


@pytest.fixture
def clock() -> Iterator[Any]:
    """A stopped clock: which codes are valid is then certain, not a matter of luck."""
    with time_machine.travel("2026-03-01 08:00:05 +0000", tick=False) as traveller:
        yield traveller


def enrolled(user: User) -> TOTPDevice:
    device = two_factor.device_start(user=user)
    device.confirmed = True
    device.save()
    return device


def wrong_code(device: TOTPDevice) -> str:
    right = {two_factor.current_code(device)}
    return next(c for c in ("000000", "111111", "222222") if c not in right)


def sign_in(client: Client, username: str, next_url: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/staff/login/", data)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def kinds(user: User) -> list[str]:
    return list(LoginEvent.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_enrolment_shows_the_secret_once_as_a_qr_code_and_confirms_with_a_code(
    world: World, clock: Any
) -> None:
    officer = world.users["officer"]
    client = Client()
    client.force_login(officer)
    page = client.get(ENROL_URL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = two_factor.secret_base32(device)
    assert "<svg" in page.text and secret in page.text
    assert "otpauth://totp/Peygir%3Aofficer?secret=" in page.text
    response = client.post(ENROL_URL, {"code": two_factor.current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert kinds(officer) == [LoginEventKind.TWO_FACTOR_ENROLLED]
    after = client.get(ENROL_URL)
    assert "ورود دومرحله‌ای روشن است" in after.text
    assert secret not in after.text and "<svg" not in after.text


def test_each_visit_to_enrolment_makes_a_new_secret(world: World) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    client.get(ENROL_URL)
    first = TOTPDevice.objects.get(user=world.users["officer"]).key
    client.get(ENROL_URL)
    assert TOTPDevice.objects.get(user=world.users["officer"]).key != first


def test_a_wrong_code_does_not_turn_it_on(world: World, clock: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    client.get(ENROL_URL)
    device = TOTPDevice.objects.get(user=world.users["officer"])
    page = client.post(ENROL_URL, {"code": wrong_code(device)})
    assert page.status_code == 200
    assert "این کد نادرست است" in page.text
    # The same secret stays on the page so that the user can try again.
    assert two_factor.secret_base32(device) in page.text
    device.refresh_from_db()
    assert not device.confirmed


def test_staff_without_a_device_sign_in_with_the_password_only(world: World) -> None:
    client = Client()
    response = sign_in(client, "officer", next_url="/staff/inbox/")
    assert response.headers["Location"] == "/staff/inbox/"
    assert client.get("/staff/inbox/").status_code == 200
    assert kinds(world.users["officer"]) == [LoginEventKind.SUCCEEDED]


def test_sign_in_asks_for_the_code_after_the_password(world: World, clock: Any) -> None:
    officer = world.users["officer"]
    device = enrolled(officer)
    client = Client()
    response = sign_in(client, "officer", next_url="/staff/inbox/")
    assert response.headers["Location"] == CODE_URL
    assert not signed_in(client)  # nothing is reachable with the password alone
    assert client.get("/staff/inbox/").status_code == 302
    assert "کد شش‌رقمی" in client.get(CODE_URL).text
    response = client.post(CODE_URL, {"code": two_factor.current_code(device)})
    assert response.headers["Location"] == "/staff/inbox/"
    assert signed_in(client)
    assert client.get("/staff/inbox/").status_code == 200
    assert kinds(officer) == [LoginEventKind.SUCCEEDED]


def test_persian_digits_in_the_code_are_accepted(world: World, clock: Any) -> None:
    device = enrolled(world.users["officer"])
    client = Client()
    sign_in(client, "officer")
    code = two_factor.current_code(device)
    typed = to_persian_digits(f"{code[:3]} {code[3:]}")
    assert client.post(CODE_URL, {"code": typed}).status_code == 302
    assert signed_in(client)


def test_a_wrong_code_is_refused_and_recorded(world: World, clock: Any) -> None:
    officer = world.users["officer"]
    device = enrolled(officer)
    client = Client()
    sign_in(client, "officer")
    page = client.post(CODE_URL, {"code": wrong_code(device)})
    assert page.status_code == 200
    assert "این کد نادرست است یا پیش‌تر به کار رفته" in page.text
    assert not signed_in(client)
    assert kinds(officer) == [LoginEventKind.CODE_FAILED]
    assert LoginFailure.objects.filter(username="officer").count() == 1


def test_a_code_cannot_be_used_twice(world: World, clock: Any) -> None:
    device = enrolled(world.users["officer"])
    code = two_factor.current_code(device)
    first = Client()
    sign_in(first, "officer")
    assert first.post(CODE_URL, {"code": code}).status_code == 302
    second = Client()
    sign_in(second, "officer")
    assert second.post(CODE_URL, {"code": code}).status_code == 200
    assert not signed_in(second)
    clock.shift(30)  # the next code, half a minute later, is fine
    assert second.post(CODE_URL, {"code": two_factor.current_code(device)}).status_code == 302


def test_repeated_wrong_codes_lock_the_account(world: World, clock: Any) -> None:
    device = enrolled(world.users["officer"])
    client = Client()
    sign_in(client, "officer")
    for _ in range(3):
        client.post(CODE_URL, {"code": wrong_code(device)})
    # The right password again does not reset the count of wrong codes.
    sign_in(client, "officer")
    client.post(CODE_URL, {"code": wrong_code(device)})
    locked = client.post(CODE_URL, {"code": wrong_code(device)})
    assert locked.status_code == 429
    assert "ورود برای چند دقیقه قفل شد" in locked.text
    # Locked: even the password and the right code get nowhere now.
    assert sign_in(client, "officer").status_code == 429
    assert client.post(CODE_URL, {"code": two_factor.current_code(device)}).status_code == 302
    assert not signed_in(client)
    assert LoginEventKind.LOCKED_OUT in kinds(world.users["officer"])


def test_the_pending_sign_in_expires(world: World, clock: Any) -> None:
    device = enrolled(world.users["officer"])
    client = Client()
    sign_in(client, "officer")
    clock.shift(6 * 60)
    response = client.post(CODE_URL, {"code": two_factor.current_code(device)})
    assert response.headers["Location"] == "/staff/login/"
    assert not signed_in(client)


@pytest.mark.parametrize("page", ["/staff/overview/", "/admin/", "/admin/resolutions/resolution/"])
def test_an_administrator_without_a_device_must_enrol_first(world: World, page: str) -> None:
    client = Client()
    response = sign_in(client, "admin", next_url=page)
    assert response.headers["Location"].startswith(ENROL_URL)
    refused = client.get(page)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith(ENROL_URL + "?next=")
    assert "مدیران سامانه باید" in client.get(ENROL_URL).text


def test_an_administrator_reaches_the_admin_once_enrolled(world: World, clock: Any) -> None:
    client = Client()
    sign_in(client, "admin", next_url="/admin/")
    client.get(ENROL_URL)
    device = TOTPDevice.objects.get(user=world.users["admin"])
    response = client.post(ENROL_URL, {"code": two_factor.current_code(device), "next": "/admin/"})
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/staff/overview/").status_code == 200


def test_the_admin_login_page_is_the_same_door(world: World, clock: Any) -> None:
    device = enrolled(world.users["admin"])
    client = Client()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/login/?next=%2Fadmin%2F"
    assert sign_in(client, "admin", next_url="/admin/").headers["Location"] == CODE_URL
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    response = client.post(CODE_URL, {"code": two_factor.current_code(device)})
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_counts_in_the_same_lockout(world: World) -> None:
    client = Client()
    for _ in range(5):
        client.post("/staff/login/?next=/admin/", {"username": "admin", "password": "wrong"})
    locked = client.post(
        "/staff/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert locked.status_code == 429
    assert client.get("/admin/login/").headers["Location"] == "/staff/login/?next=%2Fadmin%2F"


def test_a_signed_in_user_without_admin_access_is_told_so(world: World) -> None:
    client = Client()
    client.force_login(world.users["outsider"])
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_logout_is_recorded(world: World) -> None:
    client = Client()
    client.force_login(world.users["admin"])
    assert client.post("/admin/logout/").status_code == 302
    assert not signed_in(client)
    assert kinds(world.users["admin"]) == [LoginEventKind.LOGGED_OUT]


def test_a_session_without_the_code_ends_once_a_device_is_added(world: World) -> None:
    client = Client()
    sign_in(client, "officer")
    assert client.get("/staff/inbox/").status_code == 200
    enrolled(world.users["officer"])  # from another browser
    response = client.get("/staff/inbox/")
    assert response.headers["Location"].startswith("/staff/login/?next=")
    assert not signed_in(client)


def test_turning_it_off_needs_a_right_code(world: World, clock: Any) -> None:
    officer = world.users["officer"]
    device = enrolled(officer)
    client = Client()
    client.force_login(officer)
    page = client.post(ENROL_URL, {"code": wrong_code(device)})
    assert page.status_code == 200
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert client.post(ENROL_URL, {"code": two_factor.current_code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert kinds(officer) == [LoginEventKind.CODE_FAILED, LoginEventKind.TWO_FACTOR_DISABLED]
    assert LoginFailure.objects.filter(username="officer").count() == 1


def test_the_new_forms_need_the_csrf_token(world: World, clock: Any) -> None:
    device = enrolled(world.users["officer"])
    client = Client(enforce_csrf_checks=True)
    client.get("/staff/login/")
    token = client.cookies["csrftoken"].value
    data = {"username": "officer", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post("/staff/login/", data).headers["Location"] == CODE_URL
    code = two_factor.current_code(device)
    assert client.post(CODE_URL, {"code": code}).status_code == 403
    response = client.post(CODE_URL, {"code": code, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    token = client.cookies["csrftoken"].value  # rotated at sign-in
    clock.shift(30)
    code = two_factor.current_code(device)
    assert client.post(ENROL_URL, {"code": code}).status_code == 403
    assert TOTPDevice.objects.filter(user=world.users["officer"]).exists()
    assert client.post(ENROL_URL, {"code": code, "csrfmiddlewaretoken": token}).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["officer"]).exists()


def test_the_admin_keeps_the_password_rules(world: World) -> None:
    admin = world.users["admin"]
    client = Client()
    client.force_login(admin)
    weak = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    page = client.post("/admin/password_change/", weak)
    assert page.status_code == 200
    assert "errorlist" in page.text
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)
