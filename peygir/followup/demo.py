"""Turn the demo data's "letters" into letter actions, through the same services as pages."""

from typing import Any

from peygir.accounts.models import User
from peygir.followup.models import FollowupAction
from peygir.followup.services import followup_record_letter, followup_record_reply
from peygir.organizations.models import Organization
from peygir.persian import parse_jalali_date
from peygir.resolutions.models import Resolution


def demo_letters_load(resolution: Resolution, letters: list[dict[str, Any]], actor: User) -> int:
    """Record each letter in date order; a received one answers the latest letter sent before
    it. Return how many were recorded."""
    orgs = Organization.objects.in_bulk(
        [row["recipient"] for row in letters if row.get("recipient")], field_name="code"
    )
    recorded = 0
    sent: list[FollowupAction] = []
    for row in sorted(letters, key=lambda row: parse_jalali_date(row["date"])):
        date = parse_jalali_date(row["date"])
        other = orgs.get(row.get("recipient") or "")
        if row.get("direction") == "received":
            earlier = [letter for letter in sent if letter.date <= date]
            if not earlier:
                continue
            followup_record_reply(
                actor=actor,
                letter=earlier[-1],
                number=row["number"],
                date=date,
                subject=row.get("subject", ""),
            )
        else:
            sent.append(
                followup_record_letter(
                    actor=actor,
                    resolution=resolution,
                    number=row["number"],
                    date=date,
                    subject=row.get("subject", ""),
                    sender=resolution.followup_owner,
                    recipient=other,
                )
            )
        recorded += 1
    return recorded
