import json
from typing import Any

import orjson
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompactJSONEncoder(json.JSONEncoder):
    """JSON as orjson writes it, compact: the dashboards' rows are large (25 MB for a chunk
    of 25 blocks at 1 M), and the json module took 1.65 s of the 3.7 s that storing them
    took. Keys that are not text become text, as with the json module."""

    def encode(self, o: Any) -> str:
        return orjson.dumps(o, option=orjson.OPT_NON_STR_KEYS).decode()


class TallyKind(models.TextChoices):
    # Every resolution in exactly one block (its id // BLOCK_SIZE): the province totals.
    BLOCK = "block"
    # Every resolution once in each county it is linked to: the overview's county table.
    COUNTY = "county"
    # Every resolution in exactly one block, with what the dashboards of the province-wide
    # staff show (`tallies.dashboards`): fulfilment, scorecard, ageing, letters, trends.
    DASH = "dash"
    # The dashboards' rows of one block for a unit smaller than the province: one fiscal
    # year of the deadline, a county governorate's scope, or both; or one county, body or
    # category (`tallies.dashboards`), counted with the block's DASH row and carrying its
    # stamp.
    SLICE = "slice"


class Tally(models.Model):
    """Stored counts of one slice of the resolutions, for the province overview.

    A write that may change a slice's counts bumps `seq` in its own transaction
    (`services.tally_mark_dirty`); a reader recomputes a row whose `computed_seq` is behind,
    or which was computed for another day or another stale threshold (counts such as overdue
    and stale move with the calendar), and stores it with the `seq` it read *before*
    counting, so a write that lands meanwhile leaves the row dirty.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=TallyKind.choices)
    key = models.BigIntegerField(_("key"))
    seq = models.BigIntegerField(_("writes seen"), default=0)
    computed_seq = models.BigIntegerField(_("writes counted"), null=True)
    computed_for = models.DateField(_("counted for the day"), null=True)
    stale_before = models.DateField(_("stale before"), null=True)
    counts = models.JSONField(_("counts"), default=dict, encoder=CompactJSONEncoder)
    # The dashboards' rows: a new value each time the row is counted (its FORMAT first), so
    # a process may keep what it read of a row for as long as the stamp stays the same.
    stamp = models.CharField(_("stamp"), max_length=48, blank=True, db_default="")

    class Meta:
        verbose_name = _("stored count")
        verbose_name_plural = _("stored counts")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="tally_kind_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class Recount(models.Model):
    """When a recounter (the worker's `tallies_refresh`) last began counting again the stored
    rows that are not clean: while one is at work, a page may be served the stored rows as
    they are instead of counting while someone waits (`tallies.freshness`)."""

    name = models.CharField(_("name"), max_length=32, unique=True)
    began_at = models.DateTimeField(_("began at"))

    class Meta:
        verbose_name = _("recount")
        verbose_name_plural = _("recounts")

    def __str__(self) -> str:
        return f"{self.name} {self.began_at:%Y-%m-%d %H:%M}"
