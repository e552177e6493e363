from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coalition.fragments import render_part, shared_parts
from coalition.listing import filtered_list
from coalition.pagecache import public_page
from coalition.permissions import client_ip, require, roles_of
from initiatives import selectors, services
from initiatives.filters import SiteFilter
from initiatives.forms import ProgressUpdateForm, WithdrawalForm


@require_safe
@public_page("partners", "initiatives")
def initiative_list(request):
    filterset = selectors.initiative_list(params=request.GET)
    return render(
        request,
        "initiatives/initiative_list.html",
        filtered_list(request, filterset),
        status=400 if filterset.errors else 200,
    )


# What the pages of one initiative, objective or site show (their whole-page cache's scopes, and
# their main content's: coalition.fragments).
DETAIL_SCOPES = ("partners", "initiatives", "events")


@require_safe
@public_page(*DETAIL_SCOPES)
def initiative_detail(request, slug):
    partner_view = _partner_view(request)

    def build(stand_in):
        context = selectors.initiative_detail(
            slug=slug, partner_view=partner_view, page=stand_in.GET.get("page")
        )
        initiative = context["initiative"]
        return {
            "title": escape(initiative.name),
            "meta_description": escape(truncatewords(initiative.summary, 30)),
            "content": render_part("initiatives/_initiative_detail.html", context, stand_in),
        }

    parts = shared_parts(
        request, name="initiative", scopes=DETAIL_SCOPES, build=build, vary=(partner_view,)
    )
    return render(request, "initiatives/initiative_detail.html", parts)


@require_safe
@public_page(*DETAIL_SCOPES)
def objective_detail(request, slug):
    partner_view = _partner_view(request)

    def build(for_request):
        context = selectors.objective_detail(
            slug=slug,
            partner_view=partner_view,
            viewer=request.user,
            page=for_request.GET.get("page"),
        )
        if request.user.is_authenticated:
            # What the person may do (post, withdraw) is theirs alone: rendered for them.
            content = render_to_string(
                "initiatives/_objective_detail.html", context, request=request
            )
        else:
            content = render_part("initiatives/_objective_detail.html", context, for_request)
        return {"title": escape(context["objective"].title), "content": content}

    if request.user.is_authenticated:
        parts = {part: mark_safe(html) for part, html in build(request).items()}  # nosec B308 B703
    else:
        parts = shared_parts(request, name="objective", scopes=DETAIL_SCOPES, build=build)
    return render(request, "initiatives/objective_detail.html", parts)


def _partner_view(request) -> bool:
    """Partner staff and leads see partners-only updates and which objectives are stale."""
    return request.user.is_authenticated and request.user.has_perm(
        "initiatives.view_partner_updates"
    )


def _objective_for_update(request, *, slug, **kwargs):
    return selectors.objective_for_update(slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
@require("initiatives.post_update", fn=_objective_for_update)
def objective_update(request, slug):
    objective = request.permission_object
    form = ProgressUpdateForm(
        request.POST or None,
        objective=objective,
        organizations=selectors.organizations_posting_for(objective=objective, user=request.user),
        for_network=roles_of(request.user).lead,
        # Written, unless the author says otherwise, in the language they read the site in.
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_create(
                objective=objective,
                author=request.user,
                ip=client_ip(request),
                **form.update_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your update is posted. Thank you."))
            return redirect(objective.get_absolute_url() + "#updates")
    return render(
        request,
        "initiatives/objective_update.html",
        {"objective": objective, "form": form},
        status=400 if form.errors else 200,
    )


def _update_for_withdrawal(request, *, slug, pk):
    return selectors.update_for_withdrawal(slug=slug, pk=pk, viewer=request.user)


@require_http_methods(["GET", "HEAD", "POST"])
@require("initiatives.withdraw_update", fn=_update_for_withdrawal, sensitive=True)
def update_withdraw(request, slug, pk):
    """Withdraw an update, saying why: asked on the objective's page (or here), confirmed here
    when something is wrong."""
    update = request.permission_object
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_withdraw(
                update=update,
                actor=request.user,
                reason=form.cleaned_data["withdrawal_reason"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The update is withdrawn: it no longer shows publicly or counts in any figure."),
            )
            return redirect(update.objective.get_absolute_url() + f"#update-{update.pk}")
    return render(
        request,
        "initiatives/update_withdraw.html",
        {"update": update, "objective": update.objective, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
@public_page("partners", "initiatives")
def site_list(request):
    def build(stand_in):
        filterset = selectors.site_list(params=stand_in.GET)
        if filterset.is_bound and filterset.errors:
            return None
        context = filtered_list(stand_in, filterset)
        context["frame"] = "partials/content_only.html"
        return {
            "title": escape(_("Demonstration sites")),
            "content": render_part("initiatives/site_list.html", context, stand_in),
        }

    parts = shared_parts(
        request,
        name="sites",
        scopes=("partners", "initiatives"),
        build=build,
        params=(*SiteFilter.base_filters, "page"),
    )
    if parts is None:
        # A refused filter: the whole page, whose error summary lists what was wrong.
        filterset = selectors.site_list(params=request.GET)
        return render(
            request, "initiatives/site_list.html", filtered_list(request, filterset), status=400
        )
    return render(request, "partials/part_page.html", parts)


@require_safe
@public_page(*DETAIL_SCOPES)
def site_detail(request, slug):
    def build(stand_in):
        context = selectors.site_detail(slug=slug, page=stand_in.GET.get("page"))
        return {
            "title": escape(context["site"].name),
            "content": render_part("initiatives/_site_detail.html", context, stand_in),
        }

    parts = shared_parts(request, name="site", scopes=DETAIL_SCOPES, build=build)
    return render(request, "initiatives/site_detail.html", parts)


@require_safe
@public_page("partners", "initiatives")
def site_figures(request, slug):
    context = selectors.site_figures(slug=slug, page=request.GET.get("page"))
    return render(request, "initiatives/site_figures.html", context)


@require_safe
@public_page("partners", "initiatives")
def site_compare(request):
    context = selectors.site_comparison(params=request.GET)
    status = 400 if context["form"].is_bound and context["form"].errors else 200
    return render(request, "initiatives/site_compare.html", context, status=status)
