"""Make a test resolution pass the feasibility gate, the way a secretariat would."""

from peygir.accounts.models import User
from peygir.feasibility.models import Answer, ChecklistItem
from peygir.feasibility.services import checklist_record, feasibility_assess
from peygir.resolutions import services
from peygir.resolutions.choices import AuthorityLevel, FeasibilityVerdict, Status
from peygir.resolutions.models import Resolution


def satisfy_gate(resolution: Resolution, *, assessor: User, body_officer: User | None) -> None:
    """Accept, fund, set the authority level, answer the checklist and find it feasible."""
    if resolution.status in {Status.REGISTERED, Status.ASSIGNED}:
        services.resolution_accept(actor=body_officer, resolution=resolution)
    if not resolution.funding_lines.filter(approved__gt=0).exists():
        services.funding_line_add(
            actor=assessor,
            resolution=resolution,
            source="provincial",
            fiscal_year=1404,
            approved=5_000_000_000,
        )
    if not resolution.authority_level:
        services.resolution_update_details(
            actor=assessor,
            resolution=resolution,
            expected_version=resolution.version,
            authority_level=AuthorityLevel.PROVINCE,
        )
    items = ChecklistItem.objects.filter(is_active=True)
    checklist_record(
        actor=assessor,
        resolution=resolution,
        answers=[(item, Answer.YES, "") for item in items],
    )
    feasibility_assess(
        actor=assessor,
        resolution=resolution,
        verdict=FeasibilityVerdict.FEASIBLE,
        reasons="دستگاه مسئول پذیرفته و اعتبار و مهلت تعیین شده است.",
    )
