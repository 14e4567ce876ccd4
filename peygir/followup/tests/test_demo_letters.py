"""The demo data's letters become letter actions; a received one answers the one sent."""

from peygir.conftest import World
from peygir.followup.choices import ActionKind
from peygir.followup.demo import demo_letters_load
from peygir.followup.tests.helpers import on


def test_demo_letters_become_actions_and_replies(world: World) -> None:
    with on("1405/03/01"):
        resolution = world.resolution()
        count = demo_letters_load(
            resolution,
            [
                {
                    "direction": "received",
                    "number": "31877/1404",
                    "date": "1404/07/22",
                    "recipient": "QM-ROADS",
                    "subject": "اعلام تخصیص اعتبار",
                },
                {
                    "direction": "sent",
                    "number": "5520/1404",
                    "date": "1404/06/15",
                    "recipient": "MIN-ROADS",
                    "subject": "درخواست اعتبار",
                },
            ],
            world.users["secretariat"],
        )
    assert count == 2
    sent = resolution.followup_actions.get(kind=ActionKind.LETTER_SENT)
    received = resolution.followup_actions.get(kind=ActionKind.LETTER_RECEIVED)
    assert sent.recipient == world.ministry and received.in_reply_to == sent
