"""Personal API tokens: shown once, stored hashed, revoked by their owner; and the session."""

from collections.abc import Callable

from rest_framework.test import APIClient

from peygir.api.models import ApiToken
from peygir.api.services import api_token_create, token_digest
from peygir.conftest import World

from .conftest import API

Api = Callable[[str | None], APIClient]


def test_a_new_token_is_shown_once_and_stored_as_a_digest(api: Api, world: World) -> None:
    response = api("officer").post(f"{API}/me/tokens/", {"name": "سامانه اتوماسیون"}, format="json")
    assert response.status_code == 201
    plain = response.json()["token"]
    row = ApiToken.objects.get(pk=response.json()["id"])
    assert row.digest == token_digest(plain)
    assert plain not in {row.digest, row.prefix, row.name}
    listed = api("officer").get(f"{API}/me/tokens/").json()
    assert all("token" not in item for item in listed)


def test_a_token_works_with_the_token_keyword_too(world: World) -> None:
    issued = api_token_create(user=world.users["officer"], name="x")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.plain}")
    assert client.get(f"{API}/resolutions/").status_code == 200


def test_a_revoked_token_stops_working(world: World) -> None:
    issued = api_token_create(user=world.users["officer"], name="x")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")
    assert client.delete(f"{API}/me/tokens/{issued.token.pk}/").status_code == 204
    response = client.get(f"{API}/resolutions/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response.json()["message"] == "این توکن باطل شده است."


def test_a_wrong_secret_with_a_real_prefix_is_refused(world: World) -> None:
    issued = api_token_create(user=world.users["officer"], name="x")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.plain[:-2]}xx")
    assert client.get(f"{API}/resolutions/").status_code == 401


def test_nobody_revokes_anothers_token(api: Api, world: World) -> None:
    issued = api_token_create(user=world.users["officer"], name="x")
    response = api("secretariat").delete(f"{API}/me/tokens/{issued.token.pk}/")
    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_a_token_needs_a_name(api: Api) -> None:
    response = api("officer").post(f"{API}/me/tokens/", {"name": "  "}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["fields"]


def test_the_session_of_the_pages_works_and_checks_csrf(world: World) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["secretariat"])
    assert client.get(f"{API}/resolutions/").status_code == 200
    response = client.post(f"{API}/me/tokens/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
