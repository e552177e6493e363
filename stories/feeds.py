"""The Atom feed of published stories (/stories/feed/), in the language of the request
(`?lang=es` keeps it in Spanish for a feed reader, which sends no language of its own)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from coalition.pagecache import public_page
from stories.selectors import published_stories

FEED_SIZE = 20


class StoriesFeed(Feed):
    feed_type = Atom1Feed
    link = "/stories/"

    def __call__(self, request, *args, **kwargs):
        language = request.GET.get("lang", "")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            return _cached(super().__call__)(request, *args, **kwargs)

    def title(self):
        return _("Stories from the network")

    def subtitle(self):
        return _("What partners and their communities did, told by them and reviewed by a lead.")

    def items(self):
        return list(published_stories()[:FEED_SIZE])

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at

    def item_author_name(self, story):
        return story.organization.name


def _cached(view):
    return public_page("partners", "stories")(view)
