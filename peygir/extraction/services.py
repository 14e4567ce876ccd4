"""Register the resolutions a secretary accepted from the proposals, all or none."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from peygir.accounts.models import User
from peygir.resolutions import services
from peygir.resolutions.models import Resolution, Source


class ProposalRejected(ValidationError):
    """A proposal the resolution service refused; `index` says which one."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index
        self.error = error


@transaction.atomic
def resolutions_register_proposals(
    *, actor: User, source: Source, proposals: Sequence[Mapping[str, Any]]
) -> list[Resolution]:
    """Register every proposal through ``resolution_create``; one refusal undoes them all."""
    created: list[Resolution] = []
    for index, row in enumerate(proposals):
        deadline: datetime.date | None = row.get("deadline")
        try:
            created.append(
                services.resolution_create(
                    actor=actor,
                    source=source,
                    title=row["title"],
                    text=row.get("text") or "",
                    category=row.get("category"),
                    places=[row["place"]] if row.get("place") else [],
                    responsible_body=row.get("responsible_body"),
                    followup_owner=row.get("followup_owner"),
                    start_date=source.start_date,
                    deadline=deadline,
                    next_followup_date=row.get("next_followup_date"),
                )
            )
        except ValidationError as error:
            raise ProposalRejected(index, error) from error
    return created
