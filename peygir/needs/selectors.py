"""Reads of needs lists, items and dossiers, through the user's scope.

Councils see their own lists; county governorates the lists of councils in their county; the
development deputy and the secretariat everything, and only they consolidate and answer.
"""

from itertools import combinations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.needs.models import Dossier, ItemStatus, NeedItem, NeedsList
from peygir.persian import search_terms


def needs_manager(user: User | AnonymousUser) -> bool:
    """Whether the user consolidates needs for the province (deputy, secretariat, admin)."""
    return user_scope(user).province_wide


def require_needs_manager(user: User | AnonymousUser) -> None:
    if not needs_manager(user):
        raise PermissionDenied(_("Only the development deputy's office may do this."))


def needs_lists_visible_to(user: User | AnonymousUser) -> QuerySet[NeedsList]:
    scope = user_scope(user)
    if scope.province_wide:
        return NeedsList.objects.all()
    rule = Q(council__in=scope.orgs(Role.COUNCIL))
    for county_path in scope.county_paths:
        rule |= Q(council__place__path__startswith=county_path)
    return NeedsList.objects.filter(rule)


def needs_list_get_for_user(user: User | AnonymousUser, pk: int) -> NeedsList:
    found = needs_lists_visible_to(user).select_related("council").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such needs list, or you may not see it."))
    return found


def need_items_visible_to(user: User | AnonymousUser) -> QuerySet[NeedItem]:
    if needs_manager(user):
        return NeedItem.objects.all()
    return NeedItem.objects.filter(needs_list__in=needs_lists_visible_to(user))


def need_item_get_for_user(user: User | AnonymousUser, pk: int) -> NeedItem:
    found = (
        need_items_visible_to(user)
        .select_related("needs_list__council", "place", "target_body", "resolution")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such need, or you may not see it."))
    return found


def dossier_get_for_user(user: User | AnonymousUser, pk: int) -> Dossier:
    if not needs_manager(user):
        raise Http404(_("No such dossier, or you may not see it."))
    found = Dossier.objects.select_related("target_body").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such dossier, or you may not see it."))
    return found


def duplicate_candidates(threshold: float = 0.5) -> list[tuple[NeedItem, NeedItem, float]]:
    """Pairs of open items from different councils whose titles share most of their words.

    Words are compared by their search keys, so spelling variants («آسفالت راه روستای فردو» /
    «آسفالت راه روستاي فردو») count as the same word.
    """
    items = list(
        NeedItem.objects.filter(status__in=[ItemStatus.SUBMITTED, ItemStatus.CLASSIFIED])
        .select_related("needs_list__council", "place")
        .order_by("id")
    )
    keys = {item.pk: set(search_terms(f"{item.title} {item.place or ''}")) for item in items}
    pairs: list[tuple[NeedItem, NeedItem, float]] = []
    for first, second in combinations(items, 2):
        if first.needs_list_id == second.needs_list_id:
            continue
        a, b = keys[first.pk], keys[second.pk]
        if not a or not b:
            continue
        similarity = len(a & b) / len(a | b)
        if similarity >= threshold:
            pairs.append((first, second, similarity))
    return sorted(pairs, key=lambda pair: -pair[2])
