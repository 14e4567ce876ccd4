"""Webhooks never reach inside the network: literal private addresses are refused when saved,
and names that resolve inside the network are refused when connecting (that one is in
test_webhooks.py, beside the loopback receiver)."""

import pytest
from django.core.exceptions import ValidationError

from peygir.api.egress import check_destination
from peygir.api.services import webhook_subscribe
from peygir.conftest import World

REFUSAL = "وب‌هوک فقط به نشانی‌های عمومی اینترنت فرستاده می‌شود."


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://api.localhost/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_private_addresses_are_refused_when_subscribing(url: str, world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        webhook_subscribe(user=world.users["officer"], url=url)
    assert caught.value.message_dict["url"] == [REFUSAL]


def test_public_addresses_and_names_are_accepted_when_saved() -> None:
    check_destination("https://hooks.example.org/peygir")
    check_destination("http://8.8.8.8/hook")
