"""The partner directory and each organization's public page, with its place in the network."""

from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coalition import fragments
from coalition.listing import filtered_list
from coalition.pagecache import public_page
from portal import selectors
from portal.filters import OrganizationFilter

DIRECTORY_SCOPES = ("partners", "initiatives")


@require_safe
@public_page(*DIRECTORY_SCOPES)
def organization_list(request):
    # Leads see a link to the applications waiting: a part of its own for them.
    can_approve = request.user.has_perm("partners.approve_organization")

    def build(stand_in):
        # Read before the rows: the filter form and the cards are kept under it (fragments).
        stamp = fragments.stamp(*DIRECTORY_SCOPES)
        filterset = selectors.organization_directory(params=stand_in.GET)
        if filterset.errors:
            return None
        context = _directory(stand_in, filterset, stamp, can_approve)
        context["frame"] = "partials/content_only.html"
        return {
            "title": escape(_("Partner organizations")),
            "content": fragments.render_part("portal/organization_list.html", context, stand_in),
        }

    # The same for every address with the same filters and page: a part shared by them.
    parts = fragments.shared_parts(
        request,
        name="directory",
        scopes=DIRECTORY_SCOPES,
        build=build,
        params=(*OrganizationFilter.base_filters, "page"),
        vary=(can_approve,),
    )
    if parts is None:
        # A filter that cannot be read (a community that does not exist): 400, the message by
        # it, on the whole page.
        stamp = fragments.stamp(*DIRECTORY_SCOPES)
        filterset = selectors.organization_directory(params=request.GET)
        context = _directory(request, filterset, stamp, can_approve)
        return render(request, "portal/organization_list.html", context, status=400)
    return render(request, "partials/part_page.html", parts)


def _directory(request, filterset, stamp, can_approve: bool) -> dict:
    return {
        **filtered_list(request, filterset),
        "stamp": stamp,
        "form_vary": fragments.form_vary(filterset.form),
        "prepare_cards": selectors.with_partnerships,
        "can_approve": can_approve,
    }


@require_safe
@public_page("partners", "initiatives", "events")
def organization_detail(request, slug):
    return render(
        request,
        "portal/organization_detail.html",
        selectors.organization_profile(slug=slug, viewer=request.user),
    )
