"""Import resolutions from a spreadsheet: all rows or none, through the resolution services.

The preview is the import itself, run inside a transaction that is then rolled back: what the
preview reports is exactly what the confirmation will do. Every changed row runs in its own
savepoint so that one refusal becomes that row's Persian error and the others are still tried.
"""

import datetime
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.accounts.selectors import user_scope
from peygir.organizations.models import Organization
from peygir.persian import normalize_input
from peygir.places.models import Place
from peygir.resolutions import services
from peygir.resolutions.choices import Status, Visibility
from peygir.resolutions.models import Resolution
from peygir.resolutions.permissions import Action, can
from peygir.resolutions.status import ALLOWED_TRANSITIONS, check_transition
from peygir.spreadsheets.columns import BY_KEY, FOREIGN_KEYS, fields
from peygir.spreadsheets.lookups import Lookups
from peygir.spreadsheets.parser import ParsedRow, check_header, parse_row, to_fa
from peygir.spreadsheets.reader import FileRejected, Table, max_rows, read_table

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
FETCH_CHUNK = 2000
_DETAIL_FIELDS = (
    "title",
    "text",
    "source",
    "category",
    "followup_owner",
    "national_counterpart",
    "authority_level",
    "start_date",
    "next_followup_date",
    "funding_not_needed",
)
_REPORTABLE = frozenset(
    {Status.ACCEPTED, Status.IN_PROGRESS, Status.PARTIALLY_DONE, Status.STALLED}
)


def import_reason() -> str:
    return _("Recorded from an imported spreadsheet.")


@dataclass
class RowResult:
    line: int
    tracking_code: str
    title: str
    action: str
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # headers of the changed columns


@dataclass
class ImportReport:
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]


class _Rollback(Exception):
    pass


def may_import(user: User) -> bool:
    """Only the province-wide staff (secretariat, deputies) and administrators import."""
    return user_scope(user).province_wide


def import_resolutions(*, actor: User, content: bytes, commit: bool) -> ImportReport:
    """Check every row, apply them all, and keep the result only if `commit` and no row failed."""
    report = ImportReport()
    try:
        table = read_table(content)
        positions, header_errors = check_header(table.header)
    except FileRejected as error:
        report.file_errors.append(str(error))
        return report
    if header_errors:
        report.file_errors.extend(header_errors)
        return report
    lookups = Lookups.load()
    classifier = _Classifier(actor, report)
    pending: list[_Pending] = []
    try:
        # Chunk by chunk: only the rows that change something are kept past their chunk.
        for chunk in _batched(_parsed_rows(table, positions, lookups)):
            pending.extend(classifier.classify(chunk))
    except FileRejected as error:
        report.rows.clear()
        report.file_errors.append(str(error))
        return report
    if not report.rows:
        report.file_errors.append(_("The file has a header row but no resolutions under it."))
        return report
    if not pending:  # nothing to write: no transaction, no write lock, however long the file
        report.written = commit and report.ok
        return report
    try:
        with transaction.atomic():
            _apply(actor, pending)
            if not (commit and report.ok):
                raise _Rollback
            report.written = True
    except _Rollback:
        pass
    return report


def _parsed_rows(table: Table, positions: dict[int, Any], lookups: Lookups) -> Iterator[ParsedRow]:
    limit = max_rows()
    count = 0
    for line, cells in table.rows:
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue  # blank rows people leave between blocks
        count += 1
        if count > limit:
            raise FileRejected(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": to_fa(limit)}
            )
        yield parse_row(line, cells, positions, lookups)


def _batched(rows: Iterator[ParsedRow]) -> Iterator[list[ParsedRow]]:
    batch: list[ParsedRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= FETCH_CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _existing(codes: list[str]) -> dict[str, Resolution]:
    found: dict[str, Resolution] = {}
    for start in range(0, len(codes), FETCH_CHUNK):
        chunk = codes[start : start + FETCH_CHUNK]
        queryset = (
            Resolution.objects.filter(tracking_code__in=chunk)
            .select_related("responsible_body__place")
            .prefetch_related(
                Prefetch("places", queryset=Place.objects.only("pk", "path")),
                Prefetch("supporting_bodies", queryset=Organization.objects.only("pk")),
            )
        )
        found.update({resolution.tracking_code: resolution for resolution in queryset})
    return found


_Pending = tuple[ParsedRow, RowResult, Resolution | None, list[str]]
# What an unchanged row is compared with: plain values, no model instance.
_STORED_FIELDS = ("pk", *fields())
_LINKS = {
    "places": (Resolution.places.through, "place_id"),
    "supporting_bodies": (Resolution.supporting_bodies.through, "organization_id"),
}


def _stored(codes: list[str]) -> dict[str, dict[str, Any]]:
    """The compared values of the resolutions with these codes (a chunk's worth), in three
    queries: the rows as plain values, then the ids of their places and supporting bodies."""
    found: dict[str, dict[str, Any]] = {}
    by_pk: dict[int, dict[str, Any]] = {}
    for values in Resolution.objects.filter(tracking_code__in=codes).values(*_STORED_FIELDS):
        values["places"], values["supporting_bodies"] = set(), set()
        found[values["tracking_code"]] = by_pk[values["pk"]] = values
    for name, (through, column) in _LINKS.items():
        pairs = through._default_manager.filter(resolution_id__in=list(by_pk))
        for resolution_id, other_id in pairs.values_list("resolution_id", column):
            by_pk[resolution_id][name].add(other_id)
    return found


def _state(resolution: Resolution) -> dict[str, Any]:
    """A loaded resolution as `_stored` gives it."""
    values = {name: getattr(resolution, name) for name in _STORED_FIELDS}
    values["places"] = {place.pk for place in resolution.places.all()}
    values["supporting_bodies"] = {body.pk for body in resolution.supporting_bodies.all()}
    return values


def _duplicate_of_registered(
    row: ParsedRow, registered: dict[tuple[int, str], str], seen: dict[tuple[int, str], int]
) -> str | None:
    """A row without a code that repeats a registered resolution (or an earlier row) is
    refused: importing the same file twice must never register the same promise twice."""
    key = (row.values.get("source") or 0, normalize_input(str(row.values.get("title", ""))))
    if key[0] and key in registered:
        return _(
            "This resolution is already registered with the tracking code %(code)s; "
            "write that code in the row to update it."
        ) % {"code": registered[key]}
    if key[0] and key in seen:
        return _("Row %(row)s has the same trip or meeting and title.") % {"row": to_fa(seen[key])}
    seen[key] = row.line
    return None


def _unknown_code(code: str) -> str:
    return _(
        "No resolution has the tracking code «%(code)s». Leave the code empty "
        "for a new resolution; Peygir gives it a code."
    ) % {"code": code}


class _Classifier:
    """Sort rows into errors, unchanged and to-do, reading only, one chunk at a time; what
    must be remembered across chunks (codes and titles already met) is kept here.

    A resolution changed by someone else between this read and the write is caught by the
    services' optimistic locking (the version read here), and fails its row.
    """

    def __init__(self, actor: User, report: ImportReport) -> None:
        self.actor = actor
        self.report = report
        self.seen: dict[str, int] = {}
        self.seen_titles: dict[tuple[int, str], int] = {}
        self.registered: dict[tuple[int, str], str] = {}
        self.registered_sources: set[int] = set()

    def _load_registered(self, parsed: list[ParsedRow]) -> None:
        """(source, title) → tracking code of what is already registered, for the sources of
        this chunk's rows without a code (each source read once per import)."""
        sources = {
            int(row.values["source"])
            for row in parsed
            if not row.tracking_code and row.values.get("source")
        } - self.registered_sources
        if not sources:
            return
        self.registered_sources |= sources
        pairs = Resolution.objects.filter(source_id__in=sources).values_list(
            "source_id", "title", "tracking_code"
        )
        for source_id, title, code in pairs.iterator(chunk_size=FETCH_CHUNK):
            self.registered.setdefault((source_id, title), code)

    def classify(self, parsed: list[ParsedRow]) -> list[_Pending]:
        """Record every row of the chunk in the report; return the rows to write."""
        stored = _stored([row.tracking_code for row in parsed if row.tracking_code])
        self._load_registered(parsed)
        changed: list[tuple[ParsedRow, RowResult, dict[str, Any] | None]] = []
        for row in parsed:
            code = row.tracking_code
            result = RowResult(row.line, code, str(row.values.get("title", "")), ERROR, row.errors)
            self.report.rows.append(result)
            if code and code in self.seen:
                result.errors.append(
                    _("The tracking code %(code)s also appears in row %(row)s.")
                    % {"code": code, "row": to_fa(self.seen[code])}
                )
            self.seen.setdefault(code, row.line)
            state = stored.get(code) if code else None
            if not code and not row.errors:
                duplicate = _duplicate_of_registered(row, self.registered, self.seen_titles)
                if duplicate:
                    result.errors.append(duplicate)
            if code and state is None:
                result.errors.append(_unknown_code(code))
            if result.errors:
                continue
            if state is not None and not _changes(row.values, state):
                result.action = UNCHANGED
                continue
            changed.append((row, result, state))
        # Only the rows that change something are loaded whole (for the permission check
        # and the services), and compared again with what was loaded.
        loaded = _existing([row.tracking_code for row, _result, state in changed if state])
        pending: list[_Pending] = []
        for row, result, state in changed:
            resolution = loaded.get(row.tracking_code) if state is not None else None
            if state is not None and resolution is None:  # deleted meanwhile
                result.errors.append(_unknown_code(row.tracking_code))
                continue
            changes = _changes(row.values, _state(resolution) if resolution else None)
            if resolution is not None and not changes:
                result.action = UNCHANGED
                continue
            if resolution is not None and not can(self.actor, Action.EDIT, resolution):
                result.errors.append(_("You may not change this resolution."))
                continue
            result.changed = [str(BY_KEY[name].header) for name in changes]
            pending.append((row, result, resolution, changes))
        return pending


def _apply(actor: User, pending: list[_Pending]) -> None:
    """Write every to-do row through the services, each in a savepoint; a refusal becomes
    its row's error (and the caller rolls everything back)."""
    for row, result, resolution, changes in pending:
        try:
            with transaction.atomic():
                if resolution is None:
                    created = _create(actor, row.values)
                    result.tracking_code = created.tracking_code
                else:
                    _update(actor, resolution, row.values, changes)
            result.action = CREATE if resolution is None else UPDATE
        except ValidationError as error:
            result.errors.extend(str(message) for message in error.messages)


def _same_text(stored: str, written: str) -> bool:
    return stored == written or normalize_input(stored) == normalize_input(written)


def _changes(values: dict[str, Any], stored: dict[str, Any] | None) -> list[str]:
    """The columns whose value differs from the stored resolution (all of them for a new one)."""
    if stored is None:
        return [name for name in values if name != "tracking_code"]
    changed = []
    for name, value in values.items():
        if name == "tracking_code":
            continue
        if name in {"title", "text", "status_reason"}:
            same = _same_text(stored[name], value)
        elif name in _LINKS:
            same = stored[name] == {item.pk for item in value}
        elif name in FOREIGN_KEYS:
            same = stored[f"{name}_id"] == (value.pk if hasattr(value, "pk") else value)
        else:
            same = stored[name] == value
        if not same:
            changed.append(name)
    return changed


def _details(values: dict[str, Any], names: list[str]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    for name in names:
        if name in _DETAIL_FIELDS or name in {"places", "supporting_bodies"}:
            value = values[name]
            details[name if name != "source" else "source_id"] = value
    return details


def _create(actor: User, values: dict[str, Any]) -> Resolution:
    source_id = values.get("source")
    if not source_id:
        raise ValidationError(_("A new resolution needs the code of its trip or meeting."))
    deadline = values.get("deadline")
    if deadline is None and values.get("status") not in {Status.DONE, Status.CANCELLED}:
        raise ValidationError(_("The deadline is missing."))
    from peygir.resolutions.models import Source

    resolution = services.resolution_create(
        actor=actor,
        source=Source.objects.get(pk=source_id),
        title=values["title"],
        text=values.get("text", ""),
        category=values.get("category"),
        places=values.get("places", []),
        responsible_body=values.get("responsible_body"),
        supporting_bodies=values.get("supporting_bodies", []),
        followup_owner=values.get("followup_owner"),
        national_counterpart=values.get("national_counterpart"),
        authority_level=values.get("authority_level", ""),
        start_date=values.get("start_date"),
        deadline=values.get("original_deadline") or deadline,
        next_followup_date=values.get("next_followup_date"),
        funding_not_needed=values.get("funding_not_needed", False),
    )
    if deadline is not None and deadline != resolution.deadline:
        services.resolution_revise_deadline(
            actor=actor, resolution=resolution, new_date=deadline, reason=import_reason()
        )
    _apply_state(actor, resolution, values)
    _apply_visibility(actor, resolution, values)
    return resolution


def _update(
    actor: User, resolution: Resolution, values: dict[str, Any], changes: list[str]
) -> None:
    if "original_deadline" in changes:
        raise ValidationError(
            _(
                "The original deadline is history and cannot be changed; "
                "change the current deadline."
            )
        )
    if "responsible_body" in changes and values["responsible_body"] is None:
        raise ValidationError(_("The responsible body cannot be removed, only replaced."))
    if "deadline" in changes and values["deadline"] is None:
        raise ValidationError(_("The deadline cannot be removed."))
    details = _details(values, changes)
    deadline_first = (
        "deadline" in changes
        and values.get("start_date")
        and resolution.deadline is not None
        and values["start_date"] > resolution.deadline
    )
    if deadline_first:
        _revise_deadline(actor, resolution, values["deadline"])
    if details:
        _update_details(actor, resolution, details)
    if "deadline" in changes and not deadline_first:
        _revise_deadline(actor, resolution, values["deadline"])
    if "responsible_body" in changes:
        services.resolution_assign(
            actor=actor, resolution=resolution, body=values["responsible_body"]
        )
    _apply_state(actor, resolution, values)
    _apply_visibility(actor, resolution, values)


def _update_details(actor: User, resolution: Resolution, details: dict[str, Any]) -> None:
    if "source_id" in details:
        details["source_id"] = int(details["source_id"])
    services.resolution_update_details(
        actor=actor, resolution=resolution, expected_version=resolution.version, **details
    )


def _revise_deadline(actor: User, resolution: Resolution, deadline: datetime.date) -> None:
    services.resolution_revise_deadline(
        actor=actor, resolution=resolution, new_date=deadline, reason=import_reason()
    )


def _path(old: str, new: str) -> list[str] | None:
    """The shortest chain of allowed moves, never back through «registered» (a contest)."""
    queue: deque[list[str]] = deque([[old]])
    seen = {old}
    while queue:
        chain = queue.popleft()
        for step in sorted(ALLOWED_TRANSITIONS[chain[-1]]):
            if step in seen or (step == Status.REGISTERED and step != new):
                continue
            if step == new:
                return [*chain[1:], step]
            seen.add(step)
            queue.append([*chain, step])
    return None


def _walk(actor: User, resolution: Resolution, target: str, reason: str) -> None:
    if resolution.status == target:
        return
    path = _path(resolution.status, target)
    if path is None:
        check_transition(resolution.status, target, reason=reason or "-")
        return
    if Status.ASSIGNED in path and resolution.responsible_body_id is None:
        raise ValidationError(
            _("A resolution needs a responsible body before it can be «%(status)s».")
            % {"status": Status(target).label}
        )
    for step in path:
        step_reason = reason if step == target else ""
        if step in {Status.STALLED, Status.CANCELLED} and not step_reason:
            step_reason = reason or ""
        services.resolution_change_status(
            actor=actor, resolution=resolution, status=step, reason=step_reason
        )


def _apply_state(actor: User, resolution: Resolution, values: dict[str, Any]) -> None:
    """Reach the row's status and progress through allowed moves and progress reports."""
    target = values.get("status") or resolution.status
    progress = values.get("progress", resolution.progress)
    reason = values.get("status_reason", resolution.status_reason)
    if target == Status.DONE and progress != 100:
        raise ValidationError(_("A done resolution has a progress of 100."))
    if progress != resolution.progress and target != Status.DONE:
        if target in {Status.REGISTERED, Status.ASSIGNED, Status.ACCEPTED}:
            raise ValidationError(
                _("Progress can only be recorded once the work has started (status «%(status)s»).")
                % {"status": Status.IN_PROGRESS.label}
            )
        if resolution.status not in _REPORTABLE:
            _walk(actor, resolution, Status.IN_PROGRESS, "")
        services.resolution_report_progress(
            actor=actor, resolution=resolution, progress=progress, note=import_reason()
        )
    _walk(actor, resolution, target, reason)
    if not _same_text(resolution.status_reason, reason):
        services.resolution_update_details(
            actor=actor,
            resolution=resolution,
            expected_version=resolution.version,
            status_reason=reason,
        )


def _apply_visibility(actor: User, resolution: Resolution, values: dict[str, Any]) -> None:
    wanted = values.get("visibility") or resolution.visibility
    if wanted == resolution.visibility:
        return
    if wanted == Visibility.PUBLIC:
        services.resolution_publish(actor=actor, resolution=resolution)
    else:
        services.resolution_unpublish(actor=actor, resolution=resolution, reason=import_reason())
