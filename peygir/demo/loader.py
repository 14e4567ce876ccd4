"""Build the demo: reference data, one user per persona, and two sources with resolutions.

Every write goes through the same services the pages use, so the demo's timelines are the
ones a real secretariat would produce.
"""

import base64
import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction

from peygir.accounts import two_factor
from peygir.accounts.models import Membership, Role, User
from peygir.core.reference import load_reference_data
from peygir.feasibility.demo import demo_assess_and_publish, demo_checklist_ensure
from peygir.followup.demo import demo_letters_load
from peygir.needs.demo import load_needs_demo
from peygir.organizations.models import Organization
from peygir.persian import parse_jalali_date
from peygir.places.models import Place
from peygir.portal.demo import load_demo_article
from peygir.resolutions import services
from peygir.resolutions.choices import Status, Visibility
from peygir.resolutions.models import Category, Resolution, Source
from peygir.search.services import search_reindex

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILES = ["article_meeting.json", "kahak_trip.json"]
DEMO_PASSWORD = "peygir-demo"
# Demo only, published in the README: the demo administrator's two-step secret (base32), so
# that `make demo` can sign in as the admin (`peygir demo --code` prints the current code).
DEMO_TOTP_SECRET = "PEYGIRDEMOPEYGIRDEMOPEYGIRDEMO22"

# username, role, organization code (None: superuser)
PERSONAS: list[tuple[str, str | None, str | None]] = [
    ("admin", None, None),
    ("secretariat", Role.SECRETARIAT, "GOV-QM-SEC"),
    ("deputy", Role.DEPUTY, "GOV-QM-DEV"),
    ("county", Role.COUNTY, "FG-KAHAK"),
    ("officer", Role.OFFICER, "QM-ROADS"),
    ("council", Role.COUNCIL, "COUNCIL-CITY-KAHAK"),
    ("moderator", Role.MODERATOR, "GOV-QM-PR"),
]


def _personas() -> dict[str, User]:
    users: dict[str, User] = {}
    for username, role, org_code in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                is_staff=True,
                is_superuser=role is None,
            )
        if role and org_code:
            Membership.objects.get_or_create(
                user=user, organization=Organization.objects.get(code=org_code), role=role
            )
        _grant_admin_permissions(user, role)
        users[username] = user
    if not two_factor.has_device(users["admin"]):
        _demo_totp_enrol(users["admin"])
    return users


def _demo_totp_enrol(user: User) -> None:
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    device = two_factor.device_start(user=user, key=key)
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def demo_totp_code() -> str:
    """The demo administrator's current code; refused unless the device holds the demo secret."""
    admin = User.objects.filter(username="admin").first()
    device = two_factor.device_for(admin) if admin is not None else None
    if device is None or device.key != base64.b32decode(DEMO_TOTP_SECRET).hex():
        raise ValueError("The admin's two-step device is not the demo's.")
    return two_factor.current_code(device)


# What each demo persona may do in the admin (the staff pages need no model permissions).
ADMIN_APPS_BY_ROLE: dict[str, list[str]] = {
    Role.SECRETARIAT: ["resolutions", "followup", "needs", "feasibility", "portal", "workdays"],
    Role.DEPUTY: ["resolutions", "followup", "needs", "feasibility"],
    Role.MODERATOR: ["comments", "portal"],
}


def _grant_admin_permissions(user: User, role: str | None) -> None:
    apps = ADMIN_APPS_BY_ROLE.get(role or "", [])
    if apps:
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label__in=apps).exclude(
                codename__startswith="delete_"
            )
        )


def _date(value: str | None) -> Any:
    return parse_jalali_date(value) if value else None


def _walk_to_status(
    resolution: Resolution, row: dict[str, Any], actor: User, users: dict[str, User]
) -> None:
    """Take the resolution through the real transitions to the state the data describes.

    A public one is published as soon as its body accepts it and it is found feasible (the
    feasibility gate), before the work and any later cancellation.
    """
    target = row.get("status", Status.ASSIGNED)
    public = row.get("visibility") == Visibility.PUBLIC
    if target in {Status.REGISTERED, Status.ASSIGNED}:
        return
    if target == Status.CANCELLED and not public:
        services.resolution_change_status(
            actor=actor,
            resolution=resolution,
            status=Status.CANCELLED,
            reason=row.get("rating_reason") or "لغو به دلیل عدم امکان اجرا",
        )
        return
    services.resolution_accept(actor=actor, resolution=resolution)
    if public:
        demo_assess_and_publish(
            resolution=resolution, assessor=users["deputy"], publisher=users["secretariat"]
        )
    reports = row.get("progress_reports") or []
    for report in reports:
        services.resolution_report_progress(
            actor=actor,
            resolution=resolution,
            progress=report["progress"],
            note=report["note"],
            public=True,
        )
    if target == Status.CANCELLED:
        services.resolution_change_status(
            actor=actor,
            resolution=resolution,
            status=Status.CANCELLED,
            reason=row.get("rating_reason") or "لغو به دلیل عدم امکان اجرا",
        )
        return
    if target != Status.ACCEPTED and resolution.status == Status.ACCEPTED:
        services.resolution_report_progress(
            actor=actor,
            resolution=resolution,
            progress=min(row.get("progress", 0), 99),
            note="",
        )
    if target in {Status.DONE, Status.PARTIALLY_DONE, Status.STALLED}:
        services.resolution_change_status(
            actor=actor,
            resolution=resolution,
            status=target,
            reason=row.get("rating_reason") or "",
        )


def _load_source(data: dict[str, Any], users: dict[str, User]) -> int:
    meta = data["source"]
    if Source.objects.filter(code=meta["code"]).exists():
        return 0
    clerk = users["secretariat"]
    orgs = {org.code: org for org in Organization.objects.all()}
    places = {place.code: place for place in Place.objects.all()}
    categories = {category.code: category for category in Category.objects.all()}
    source = services.source_create(
        actor=clerk,
        code=meta["code"],
        kind=meta["kind"],
        title=meta["title"],
        start_date=parse_jalali_date(meta["start_date"]),
        end_date=_date(meta.get("end_date")),
        places=[places[code] for code in meta.get("places", [])],
        organizer=orgs.get(meta.get("organizer") or ""),
        delegation=meta.get("delegation", ""),
        attendees=meta.get("attendees", ""),
        summary=meta.get("summary", ""),
        minutes=meta.get("minutes", ""),
    )
    for row in data["resolutions"]:
        registered_only = row.get("status") == Status.REGISTERED
        resolution = services.resolution_create(
            actor=clerk,
            source=source,
            title=row["title"],
            text=row.get("text", ""),
            category=categories.get(row.get("category") or ""),
            places=[places[code] for code in row.get("places", [])],
            responsible_body=None if registered_only else orgs.get(row.get("responsible") or ""),
            supporting_bodies=[orgs[code] for code in row.get("supporting", [])],
            followup_owner=orgs.get(row.get("followup_owner") or ""),
            national_counterpart=orgs.get(row.get("national_counterpart") or ""),
            authority_level=row.get("authority_level", ""),
            start_date=_date(row.get("start_date")),
            deadline=_date(row.get("deadline")),
            funding_not_needed=row.get("funding_not_needed", False),
        )
        for line in row.get("funding", []):
            services.funding_line_add(actor=clerk, resolution=resolution, **line)
        for revision in row.get("deadline_revisions", []):
            services.resolution_revise_deadline(
                actor=users["deputy"],
                resolution=resolution,
                new_date=parse_jalali_date(revision["new_date"]),
                reason=revision["reason"],
            )
        _walk_to_status(resolution, row, users["officer"], users)
        demo_letters_load(resolution, row.get("letters", []), clerk)
        if row.get("public_rating") and row["public_rating"] != "not_rated":
            services.resolution_rate(
                actor=clerk,
                resolution=resolution,
                rating=row["public_rating"],
                reason=row.get("rating_reason") or "",
            )
    return len(data["resolutions"])


@transaction.atomic
def load_demo() -> int:
    """Load everything; return how many resolutions were created (0 when already loaded)."""
    load_reference_data()
    users = _personas()
    demo_checklist_ensure()
    created = 0
    for name in DEMO_FILES:
        path = DATA_DIR / name
        if path.exists():
            created += _load_source(json.loads(path.read_text(encoding="utf-8")), users)
    load_demo_article()  # the source article as news, linked to the meeting's resolutions
    load_needs_demo(users)  # two councils ask for the same road; a dossier for the ministry
    search_reindex()  # what `peygir search_reindex` does: the index matches the data exactly
    return created
