"""Pages for councils' needs: intake by councils, consolidation and dossiers by the deputy.

Each view starts with one permission-checked fetch, then form → service → response.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peygir.accounts.models import Role, User
from peygir.accounts.selectors import user_scope
from peygir.core.exports import PDF_TYPE, XLSX_TYPE, download
from peygir.needs import forms, services
from peygir.needs.exports import dossier_pdf, dossier_xlsx
from peygir.needs.models import Dossier, ItemStatus, ListStatus, NeedItem
from peygir.needs.selectors import (
    dossier_get_for_user,
    duplicate_candidates,
    need_item_get_for_user,
    needs_list_get_for_user,
    needs_lists_visible_to,
    needs_manager,
    require_needs_manager,
)
from peygir.organizations.models import Organization


def _refused(request: HttpRequest, form: Any, error: ValidationError) -> None:
    """Show a service's refusal beside the form fields it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _actor(request: HttpRequest) -> User:
    # Every view here is behind login_required, so the user is a real account.
    return cast(User, request.user)


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"needs/{template}", {"nav_active": "needs", **context})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    lists = needs_lists_visible_to(request.user).select_related("council")
    councils = Organization.objects.filter(pk__in=user_scope(request.user).orgs(Role.COUNCIL))
    form = forms.NeedsListForm(request.POST or None)
    if request.method == "POST":
        council = councils.first()
        if council is None:
            raise PermissionDenied(_("Only council members submit needs lists."))
        if form.is_valid():
            created = services.needs_list_create(
                actor=_actor(request),
                council=council,
                title=form.cleaned_data["title"],
            )
            return redirect("needs:list", pk=created.pk)
    return _page(
        request,
        "index.html",
        lists=lists,
        form=form if councils.exists() else None,
        manager=needs_manager(request.user),
        dossiers=Dossier.objects.select_related("target_body")
        if needs_manager(request.user)
        else [],
    )


def _own_draft(request: HttpRequest, pk: int) -> Any:
    needs_list = needs_list_get_for_user(request.user, pk)
    if needs_list.council_id not in user_scope(request.user).orgs(Role.COUNCIL):
        raise PermissionDenied(_("Only the council's members change its list."))
    return needs_list


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    needs_list = needs_list_get_for_user(request.user, pk)
    is_member = needs_list.council_id in user_scope(request.user).orgs(Role.COUNCIL)
    form = forms.NeedItemForm(request.POST or None)
    if request.method == "POST":
        needs_list = _own_draft(request, pk)
        if form.is_valid():
            try:
                services.need_item_add(
                    actor=_actor(request), needs_list=needs_list, **form.cleaned_data
                )  # type: ignore[arg-type]
                messages.success(request, _("The need was added."))
                return redirect("needs:list", pk=pk)
            except ValidationError as error:
                _refused(request, form, error)
    items = needs_list.items.select_related("place", "category", "target_body")
    return _page(
        request,
        "list.html",
        needs_list=needs_list,
        items=items,
        form=form if is_member and needs_list.status == ListStatus.DRAFT else None,
        return_form=forms.ReturnForm() if needs_manager(request.user) else None,
    )


@login_required
@require_POST
def list_submit(request: HttpRequest, pk: int) -> HttpResponse:
    needs_list = _own_draft(request, pk)
    try:
        services.needs_list_submit(actor=_actor(request), needs_list=needs_list)  # type: ignore[arg-type]
        messages.success(request, _("The list was submitted; each need now has a tracking code."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("needs:list", pk=pk)


@login_required
@require_POST
def list_return(request: HttpRequest, pk: int) -> HttpResponse:
    needs_list = needs_list_get_for_user(request.user, pk)
    require_needs_manager(request.user)
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        services.needs_list_return(
            actor=_actor(request), needs_list=needs_list, **form.cleaned_data
        )  # type: ignore[arg-type]
        messages.success(request, _("The list was returned to the council."))
    else:
        messages.error(request, _("Say why the list is returned."))
    return redirect("needs:list", pk=pk)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = need_item_get_for_user(request.user, pk)
    manager = needs_manager(request.user)
    classify = forms.ClassifyForm(prefix="classify")
    answer = forms.AnswerForm(prefix="answer")
    edit = None
    own_draft = (
        item.needs_list is not None
        and item.needs_list.status == ListStatus.DRAFT
        and item.needs_list.council_id in user_scope(request.user).orgs(Role.COUNCIL)
    )
    if own_draft:
        edit = forms.NeedItemForm.from_item(item)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "edit" and edit is not None:
                edit = forms.NeedItemForm(request.POST)
                if edit.is_valid():
                    services.need_item_update(actor=_actor(request), item=item, **edit.cleaned_data)  # type: ignore[arg-type]
                    return redirect("needs:item", pk=pk)
            elif action == "classify" and manager:
                classify = forms.ClassifyForm(request.POST, prefix="classify")
                if classify.is_valid():
                    services.need_item_classify(
                        actor=_actor(request), item=item, **classify.cleaned_data
                    )  # type: ignore[arg-type]
                    return redirect("needs:item", pk=pk)
            elif action == "answer" and manager:
                answer = forms.AnswerForm(request.POST, prefix="answer")
                if answer.is_valid():
                    owner = Organization.objects.filter(code="GOV-QM-DEV").first()
                    services.need_item_answer(
                        actor=_actor(request),
                        item=item,
                        followup_owner=owner,
                        **answer.cleaned_data,
                    )
                    return redirect("needs:item", pk=pk)
            else:
                raise PermissionDenied(_("You may not do this on this need."))
        except ValidationError as error:
            _refused(request, answer if action == "answer" else classify, error)
    return _page(
        request,
        "item.html",
        item=item,
        events=item.events.select_related("actor"),
        merged=item.merged_items.select_related("needs_list__council"),
        edit=edit,
        classify=classify if manager else None,
        answer=answer if manager and item.status != ItemStatus.MERGED else None,
    )


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    require_needs_manager(request.user)
    if request.method == "POST":
        primary = need_item_get_for_user(request.user, int(request.POST["primary"]))
        duplicate = need_item_get_for_user(request.user, int(request.POST["duplicate"]))
        try:
            services.need_items_merge(
                actor=_actor(request), primary=primary, duplicates=[duplicate]
            )  # type: ignore[arg-type]
            messages.success(request, _("The two needs were merged; both originals are kept."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("needs:duplicates")
    return _page(request, "duplicates.html", pairs=duplicate_candidates())


@login_required
def dossier_new(request: HttpRequest) -> HttpResponse:
    require_needs_manager(request.user)
    form = forms.DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dossier = services.dossier_create(actor=_actor(request), **form.cleaned_data)  # type: ignore[arg-type]
        return redirect("needs:dossier", pk=dossier.pk)
    return _page(request, "dossier_new.html", form=form)


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_get_for_user(request.user, pk)
    visit = forms.VisitForm(request.POST or None, prefix="visit")
    if request.method == "POST":
        if request.POST.get("action") == "add":
            ids = [int(value) for value in request.POST.getlist("items")]
            chosen = [need_item_get_for_user(request.user, item_id) for item_id in ids]
            try:
                services.dossier_add_items(actor=_actor(request), dossier=dossier, items=chosen)  # type: ignore[arg-type]
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("needs:dossier", pk=pk)
        if visit.is_valid():
            services.dossier_record_visit(
                actor=_actor(request), dossier=dossier, **visit.cleaned_data
            )  # type: ignore[arg-type]
            messages.success(request, _("The visit was recorded."))
            return redirect("needs:dossier", pk=pk)
    candidates = NeedItem.objects.filter(
        target_body=dossier.target_body, status=ItemStatus.CLASSIFIED
    ).select_related("needs_list__council", "place")
    return _page(
        request,
        "dossier.html",
        dossier=dossier,
        items=dossier.items.select_related("needs_list__council", "place"),
        candidates=candidates,
        visit=visit,
    )


@login_required
def dossier_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_get_for_user(request.user, pk)
    stamp = timezone.localdate().isoformat()
    return download(dossier_pdf(dossier), PDF_TYPE, f"dossier-{pk}-{stamp}.pdf")


@login_required
def dossier_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_get_for_user(request.user, pk)
    return download(dossier_xlsx(dossier), XLSX_TYPE, f"dossier-{pk}.xlsx")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    require_needs_manager(request.user)
    form = forms.DeskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.need_item_register_at_desk(actor=_actor(request), **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(
            request, _("Registered with tracking code %(code)s.") % {"code": item.tracking_code}
        )
        return redirect("needs:item", pk=item.pk)
    return _page(request, "desk.html", form=form)
