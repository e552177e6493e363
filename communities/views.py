"""Following a community by email: the form (on the community's page, and its own page for
errors), the private links to confirm and to unsubscribe, and the follower's own changes from
/me/. Pages behind a private link are never stored (no_store)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from coalition import ratelimits
from coalition.http import csrf_for_members, no_store
from coalition.permissions import client_ip, personal_page
from communities import selectors, services
from communities.forms import FollowForm, TopicsForm, follow_initial


@csrf_for_members
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, slug):
    community = selectors.community_by_slug(slug=slug)
    form = FollowForm(request.POST or None, initial=follow_initial(request.user))
    if request.method == "POST":
        limited = ratelimits.consume_or_429(
            request,
            action="community_follow",
            key=request.POST.get("email", "").strip().lower(),
            about=community,
        )
        if limited:
            return limited
        if form.is_bot():
            # Told nothing different, so it learns nothing; nothing is stored.
            return no_store(
                render(request, "communities/follow_sent.html", {"community": community})
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                _follow, confirmed = services.follow_create(
                    community=community,
                    email=data["email"],
                    name=data["name"],
                    language=data["language"],
                    user=request.user,
                    ip=client_ip(request),
                    **form.chosen_topics(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Whether the address followed already is not said: anyone can type it.
                template = "communities/follow_done.html" if confirmed else None
                template = template or "communities/follow_sent.html"
                return no_store(render(request, template, {"community": community}))
    response = render(
        request,
        "communities/follow.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )
    return no_store(response) if request.method == "POST" else response


def _link_gone(request, *, status: int, reason: str = ""):
    """A private link that finds nothing (404) or no longer works (410), saying so."""
    return no_store(
        render(request, "communities/follow_link.html", {"reason": reason}, status=status)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (a link scanner following it confirms nothing); POST confirms."""
    follow = selectors.follow_by_token(token=token)
    if follow is None:
        return _link_gone(request, status=404)
    if request.method == "POST":
        try:
            follow = services.follow_confirm(follow=follow, ip=client_ip(request))
        except services.FollowLinkGone as error:
            return _link_gone(request, status=410, reason=error.messages[0])
        return no_store(
            render(
                request,
                "communities/follow_done.html",
                {"follow": follow, "community": follow.community},
            )
        )
    refusal = services.follow_confirm_refusal(follow)
    if refusal:
        return _link_gone(request, status=410, reason=refusal)
    return no_store(render(request, "communities/follow_confirm.html", {"follow": follow}))


# A mail client's one-click unsubscribe (RFC 8058) posts with no cookie and no CSRF token: the
# secret link is the key. GET only shows the button.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    follow = selectors.follow_by_token(token=token)
    if follow is None:
        return _link_gone(request, status=404)
    if request.method == "POST":
        follow = services.follow_unsubscribe(
            follow=follow, actor=request.user, ip=client_ip(request)
        )
    return no_store(render(request, "communities/unsubscribe.html", {"follow": follow}))


@require_POST
@personal_page
def my_topics(request, pk):
    follow = selectors.follow_of(user=request.user, pk=pk)
    form = TopicsForm(request.POST, auto_id=f"id_follow{follow.pk}_%s")
    if form.is_valid():
        try:
            services.follow_topics_update(
                follow=follow, actor=request.user, ip=client_ip(request), **form.chosen_topics()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("me:index")
    return render(
        request, "communities/my_follow_topics.html", {"follow": follow, "form": form}, status=400
    )


@require_POST
@personal_page
def my_unfollow(request, pk):
    follow = selectors.follow_of(user=request.user, pk=pk)
    services.follow_unsubscribe(follow=follow, actor=request.user, ip=client_ip(request))
    if follow.is_newsletter:
        messages.success(request, _("You no longer receive the newsletter."))
    else:
        messages.success(
            request, _("You no longer follow this community. Nothing more will be sent.")
        )
    return redirect("me:index")
