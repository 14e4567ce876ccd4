"""Signing in and out, and the lockout after repeated failures."""

import pytest
import time_machine
from django.test import Client

from peygir.conftest import World
from peygir.workspace.models import LoginFailure

PASSWORD = "x-test-password-1"


def _login(client: Client, username: str, password: str) -> object:
    return client.post("/staff/login/", {"username": username, "password": password})


def test_it_signs_in_and_sends_the_secretariat_to_the_overview(world: World) -> None:
    client = Client()
    response = _login(client, "secretariat", PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == "/staff/overview/"


def test_it_sends_an_officer_to_the_inbox(world: World) -> None:
    client = Client()
    _login(client, "officer", PASSWORD)
    assert client.get("/staff/").headers["Location"] == "/staff/inbox/"


def test_it_refuses_a_wrong_password_in_persian(world: World) -> None:
    response = Client().post("/staff/login/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "نام کاربری یا گذرواژه نادرست است" in response.text
    assert 'value="officer"' in response.text  # what was typed is kept


def test_it_locks_the_username_after_five_failures(world: World) -> None:
    client = Client()
    for _ in range(4):
        assert _login(client, "officer", "wrong").status_code == 200
    assert _login(client, "officer", "wrong").status_code == 429
    # Even the right password is refused while locked.
    response = _login(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert "ورود برای چند دقیقه قفل شد" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_window(world: World) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "officer", "wrong")
    with time_machine.travel("2099-01-01 00:00 +0000", tick=False):
        assert _login(client, "officer", PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(world: World) -> None:
    client = Client()
    for _ in range(3):
        _login(client, "officer", "wrong")
    assert _login(client, "officer", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="officer").exists()


def test_it_does_not_follow_a_next_to_another_site(world: World) -> None:
    response = Client().post(
        "/staff/login/?next=https://evil.example/",
        {"username": "officer", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/staff/"


@pytest.mark.parametrize("url", ["/staff/overview/", "/staff/resolutions/", "/staff/inbox/"])
def test_anonymous_visitors_are_sent_to_sign_in(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login/?next=")


def test_logout_needs_a_post(world: World) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    assert client.get("/staff/logout/").status_code == 405
    assert client.post("/staff/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
