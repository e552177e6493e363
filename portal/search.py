"""The search page (/search/): every kind the apps register with coalition.search, grouped.

Without a kind, each group shows its first results and its count (one query per kind: the rows
carry their total, `search_total`), with a link to all of them (`?kind=`); with a kind, that
kind's results twenty a page (two queries: the count and the page). Either way the number of
queries depends on the kinds registered, never on the data.
"""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalition import search
from coalition.translation import active_language

# Results a group shows on the page of every kind, and a kind's page.
PREVIEW_SIZE = 5
PAGE_SIZE = 20


class SearchForm(forms.Form):
    """The page's parameters: what to look for, in which kind, which page."""

    PARAMETERS = ("q", "kind", "page")

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        help_text=_(
            'Words in English or Spanish; accents do not matter. Use "quotes" for a phrase '
            "and a minus sign to leave a word out."
        ),
    )
    kind = forms.ChoiceField(label=_("Look in"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (kind.name, kind.label) for kind in search.kinds()
        ]

    def clean(self):
        data = super().clean()
        unknown = sorted(set(self.data) - set(self.PARAMETERS))
        if unknown:
            # Next to the box: the address was typed or built by hand.
            self.add_error(
                "q",
                ngettext(
                    "The search does not know the parameter %(names)s: remove it from the address.",
                    "The search does not know the parameters %(names)s: remove them from the "
                    "address.",
                    len(unknown),
                )
                % {"names": ", ".join(unknown)},
            )
        return data


def search_page(*, params, language: str | None = None) -> dict:
    """The context of portal/search.html: the form, and the groups of results when the visitor
    asked for something (`groups`: kind, count, hits, and on a kind's page `page_obj`)."""
    form = SearchForm(params)
    context = {"form": form, "query": "", "groups": [], "kind": None, "total": 0}
    if not form.is_valid():
        return context
    query = " ".join(form.cleaned_data["q"].split())
    if not search.words_of(query):
        return context
    language = active_language(language)
    chosen = form.cleaned_data["kind"]
    context["query"] = query
    if chosen:
        kind = search.kind_named(chosen)
        rows = _rows(kind, query, language)
        page_obj = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
        hits = search.hits(kind, page_obj.object_list, query, language=language)
        count = page_obj.paginator.count
        context["kind"] = kind
        context["groups"] = [{"kind": kind, "count": count, "hits": hits, "page_obj": page_obj}]
    else:
        for kind in search.kinds():
            rows = list(_rows(kind, query, language)[:PREVIEW_SIZE])
            count = rows[0].search_total if rows else 0
            hits = search.hits(kind, rows, query, language=language)
            context["groups"].append({"kind": kind, "count": count, "hits": hits})
    context["total"] = sum(group["count"] for group in context["groups"])
    return context


def _rows(kind: search.Kind, query: str, language: str):
    return search.ranked(
        kind.queryset(), kind.document, query, language=language, ordering=kind.ordering
    )
