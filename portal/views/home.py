from django.shortcuts import render
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coalition import fragments
from coalition.pagecache import public_page
from portal import selectors

HOME_SCOPES = ("partners", "initiatives", "events")


@require_safe
@public_page(*HOME_SCOPES)
def home(request):
    def build(stand_in):
        context = {
            **selectors.network_overview(),
            "frame": "partials/content_only.html",
            # A part is rendered without context processors.
            "LANGUAGE_CODE": translation.get_language(),
        }
        return {
            "title": escape(_("Home")),
            "content": fragments.render_part("portal/home.html", context, stand_in),
        }

    # The same for every visitor and address (it reads no parameter): a part shared by them.
    parts = fragments.shared_parts(request, name="home", scopes=HOME_SCOPES, build=build, params=())
    return render(request, "partials/part_page.html", parts)
