"""The demo's side of feasibility: a sample checklist, and assessing before publishing.

`peygir demo` publishes its public resolutions through the same gate as everyone else, so
each is assessed here first, the way the development deputy would.
"""

from peygir.accounts.models import User
from peygir.feasibility.models import Answer, ChecklistItem
from peygir.feasibility.services import checklist_record, feasibility_assess
from peygir.resolutions.choices import AuthorityLevel, FeasibilityVerdict
from peygir.resolutions.models import Resolution
from peygir.resolutions.services import resolution_publish

# code, question, guidance: an example of what a province asks; it edits them in the admin.
DEMO_CHECKLIST = [
    (
        "site",
        "محل اجرای طرح (زمین، مسیر یا ساختمان) تعیین تکلیف شده است؟",
        "مالکیت زمین، معارض و تغییر کاربری بررسی شود.",
    ),
    (
        "permits",
        "مجوزهای لازم (محیط زیست، منابع طبیعی، میراث فرهنگی) گرفته شده یا نیازی نیست؟",
        "",
    ),
    (
        "capacity",
        "دستگاه مسئول توان فنی و نیروی انسانی اجرای آن را در مهلت تعیین‌شده دارد؟",
        "",
    ),
]


def demo_checklist_ensure() -> None:
    """Create the sample checklist items once; a second run changes nothing."""
    for order, (code, question, guidance) in enumerate(DEMO_CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(
            code=code, defaults={"question": question, "help_text": guidance, "order": order}
        )


def demo_assess_and_publish(*, resolution: Resolution, assessor: User, publisher: User) -> None:
    """Answer the checklist, record a verdict, and publish: the gate must pass."""
    checklist_record(
        actor=assessor,
        resolution=resolution,
        answers=[(item, Answer.YES, "") for item in ChecklistItem.objects.filter(is_active=True)],
    )
    if resolution.authority_level == AuthorityLevel.MINISTRY:
        verdict = FeasibilityVerdict.CONDITIONAL
        reasons = "قابل تحقق، مشروط به موافقت و تأمین اعتبار از سوی دستگاه ملی همتا."
    else:
        verdict = FeasibilityVerdict.FEASIBLE
        reasons = "دستگاه مسئول پذیرفته، اعتبار و مهلت تعیین شده و در اختیار استان است."
    feasibility_assess(actor=assessor, resolution=resolution, verdict=verdict, reasons=reasons)
    resolution_publish(actor=publisher, resolution=resolution)
