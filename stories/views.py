"""Stories: the public list (with the newsletter's form), a story's page, its image and the
Atom feed; the authors' pages to write, change and submit; the leads' review queue; the
newsletter's subscription (a follow of the whole network: communities.services)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coalition import ratelimits
from coalition.http import csrf_for_members, no_store
from coalition.listing import page_of
from coalition.pagecache import public_page
from coalition.permissions import client_ip, require
from communities import services as follow_services
from communities.forms import follow_initial
from partners.selectors import host_organizations
from stories import selectors, services
from stories.forms import NewsletterForm, ReviewForm, StoryForm

PAGE_SIZE = 12


@require_safe
@public_page("partners", "stories")
def story_list(request):
    page_obj = page_of(request, selectors.published_stories(), page_size=PAGE_SIZE)
    context = {
        "page_obj": page_obj,
        "newsletter_form": NewsletterForm(initial=follow_initial(request.user)),
    }
    return render(request, "stories/story_list.html", context)


@require_safe
@public_page("partners", "initiatives", "stories")
def story_detail(request, slug):
    story = selectors.story_for_reader(slug=slug, user=request.user)
    response = render(request, "stories/story_detail.html", {"story": story})
    return response if story.is_published else no_store(response)


@require_safe
def story_image(request, slug):
    """The image, streamed from storage: for everyone once the story is published, else for
    its editors only (404 for others). Served as the type its content proved, never sniffed."""
    story = selectors.story_for_reader(slug=slug, user=request.user)
    if not story.image or not default_storage.exists(story.image.name):
        raise Http404
    response = FileResponse(default_storage.open(story.image.name), content_type=story.image_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    if story.is_published:
        response["Cache-Control"] = "public, max-age=3600"
        return response
    return no_store(response)


# --- Authors: partner staff and leads -----------------------------------------------------------


@require_safe
@require("stories.write_story")
def my_stories(request):
    page_obj = page_of(request, selectors.stories_of_editor(user=request.user))
    return render(request, "stories/my_stories.html", {"page_obj": page_obj})


def _story_page(request, form, story, *, status=None):
    context = {"form": form, "story": story}
    status = status or (400 if form.errors else 200)
    return render(request, "stories/story_form.html", context, status=status)


def _saved(request, story):
    if story.status == story.Status.SUBMITTED:
        messages.success(request, _("The story is submitted: a lead will review it."))
    else:
        messages.success(request, _("The story is saved as a draft."))
    return redirect("stories:mine")


@require_http_methods(["GET", "HEAD", "POST"])
@require("stories.write_story")
def story_new(request):
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        organizations=host_organizations(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(
                actor=request.user, ip=client_ip(request), **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, story)
    return _story_page(request, form, None)


def _editable_story(request, *, slug, **kwargs):
    return selectors.story_by_slug(slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
@require("stories.edit_story", fn=_editable_story)
def story_edit(request, slug):
    story = request.permission_object
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        instance=story,
        organizations=host_organizations(user=request.user),
    )
    if not story.is_editable:
        if request.method == "POST":
            form.add_error(None, services.NOT_EDITABLE)
            return _story_page(request, form, story, status=409)
        return _story_page(request, form, story)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_update(
                actor=request.user, story=story, ip=client_ip(request), **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, story)
    return _story_page(request, form, story)


@require_POST
@require("stories.edit_story", fn=_editable_story)
def story_submit(request, slug):
    story = request.permission_object
    try:
        story = services.story_submit(actor=request.user, story=story, ip=client_ip(request))
    except ValidationError as error:
        # The edit page, each missing text said next to its field.
        form = StoryForm(instance=story, organizations=host_organizations(user=request.user))
        form.cleaned_data = {}  # an unbound form, given the errors of the stored story
        form.add_error(None, error)
        return _story_page(request, form, story, status=400)
    return _saved(request, story)


# --- Leads: review ------------------------------------------------------------------------------


@require_safe
@require("stories.moderate_stories", sensitive=True)
def moderation(request):
    page_obj = page_of(request, selectors.stories_to_review())
    return render(request, "stories/moderation.html", {"page_obj": page_obj})


@require_POST
@require("stories.moderate_stories", sensitive=True)
def review(request, pk):
    story = selectors.story_to_review(pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "approve":
                services.story_approve(actor=request.user, story=story, ip=client_ip(request))
                messages.success(request, _("The story is published."))
            else:
                services.story_return(
                    actor=request.user,
                    story=story,
                    reason=form.cleaned_data["reason"],
                    ip=client_ip(request),
                )
                messages.success(request, _("The story is returned to its author."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("stories:moderation")
    return render(
        request, "stories/review_refused.html", {"story": story, "form": form}, status=400
    )


# --- The newsletter -----------------------------------------------------------------------------


@csrf_for_members
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter(request):
    """Subscribe to the network newsletter: the same double opt-in as following a community
    (communities.services.follow_create with no community)."""
    form = NewsletterForm(request.POST or None, initial=follow_initial(request.user))
    if request.method == "POST":
        limited = ratelimits.consume_or_429(
            request,
            action="community_follow",
            key=request.POST.get("email", "").strip().lower(),
        )
        if limited:
            return limited
        if form.is_bot():
            return no_store(render(request, "stories/newsletter_sent.html"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                _follow, confirmed = follow_services.follow_create(
                    community=None,
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
                template = (
                    "communities/follow_done.html" if confirmed else "stories/newsletter_sent.html"
                )
                return no_store(render(request, template, {"community": None}))
    response = render(
        request,
        "stories/newsletter.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
    return no_store(response) if request.method == "POST" else response
