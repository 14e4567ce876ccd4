"""The sign-in audit log: what is recorded, that it cannot be rewritten, and the admin's view."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from peygir.accounts import two_factor
from peygir.accounts.audit import Origin, login_event_record
from peygir.accounts.models import LoginEvent, LoginEventKind
from peygir.conftest import World

PASSWORD = "x-test-password-1"


def test_a_wrong_password_is_recorded_with_the_name_tried_but_never_the_password(
    world: World,
) -> None:
    client = Client(HTTP_USER_AGENT="Firefox/140 " + "x" * 500, REMOTE_ADDR="10.0.0.7")
    client.post("/staff/login/", {"username": "officer", "password": "secret-guess-1"})
    client.post("/staff/login/", {"username": "nobody", "password": "secret-guess-2"})
    first, second = LoginEvent.objects.order_by("id")
    assert (first.kind, first.username, first.user) == (
        LoginEventKind.PASSWORD_FAILED,
        "officer",
        world.users["officer"],
    )
    assert (second.username, second.user) == ("nobody", None)
    assert first.ip_address == "10.0.0.7"
    assert first.user_agent.startswith("Firefox/140") and len(first.user_agent) == 200
    stored = " ".join(str(v) for v in LoginEvent.objects.values_list())
    assert "secret-guess" not in stored


def test_sign_in_and_sign_out_are_recorded(world: World) -> None:
    client = Client()
    client.post("/staff/login/", {"username": "officer", "password": PASSWORD})
    client.post("/staff/logout/")
    kinds = list(LoginEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [LoginEventKind.SUCCEEDED, LoginEventKind.LOGGED_OUT]


def test_a_locked_out_attempt_is_recorded_as_such(world: World) -> None:
    client = Client()
    for _ in range(6):
        client.post("/staff/login/", {"username": "officer", "password": "wrong"})
    kinds = list(LoginEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [LoginEventKind.PASSWORD_FAILED] * 5 + [LoginEventKind.LOCKED_OUT]


def test_audit_rows_are_append_only(world: World) -> None:
    event = login_event_record(
        kind=LoginEventKind.SUCCEEDED,
        origin=Origin(ip_address=None, user_agent=""),
        user=world.users["officer"],
    )
    event.username = "someone-else"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        LoginEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(TypeError):
        LoginEvent.objects.all().delete()
    # Below the ORM too: the database refuses (peygir.core.db_guards).
    for sql in ["UPDATE accounts_loginevent SET username = 'x'", "DELETE FROM accounts_loginevent"]:
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    event.refresh_from_db()
    assert event.username == "officer"


def test_the_admin_lists_the_log_by_user_and_cannot_change_it(world: World) -> None:
    origin = Origin(ip_address="10.0.0.9", user_agent="")
    for persona in ["officer", "county"]:
        login_event_record(kind=LoginEventKind.SUCCEEDED, origin=origin, user=world.users[persona])
    client = Client()
    client.force_login(world.users["admin"])
    officer = world.users["officer"]
    page = client.get(f"/admin/accounts/loginevent/?user__id__exact={officer.pk}")
    assert page.status_code == 200
    assert [event.user for event in page.context_data["cl"].result_list] == [officer]
    event = LoginEvent.objects.filter(user=officer).get()
    assert client.get("/admin/accounts/loginevent/add/").status_code == 403
    assert client.post(f"/admin/accounts/loginevent/{event.pk}/delete/").status_code == 403
    response = client.post(f"/admin/accounts/loginevent/{event.pk}/change/", {"username": "x"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.username == "officer"


def test_the_admin_never_shows_a_device_secret_and_records_its_removal(world: World) -> None:
    officer = world.users["officer"]
    device = two_factor.device_start(user=officer)
    device.confirmed = True
    device.save()
    client = Client()
    client.force_login(world.users["admin"])
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.text
    assert two_factor.secret_base32(device).replace(" ", "") not in page.text.replace(" ", "")
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    removal = LoginEvent.objects.get(user=officer)
    assert removal.kind == LoginEventKind.TWO_FACTOR_REMOVED
