"""The portal's URLs, plus `/bench/fortunes/`: the bench's baseline, the least a Django page
on this server costs (TechEmpower's "fortunes"): one indexed query of 12 rows, one more row
added in memory, sorted, through a template, behind every middleware of the portal.

Its table (`bench_fortune`) is made by tests/perf/bench_http.py with raw SQL in the bench
database alone: it is not one of the portal's models, migrations or URLs.
"""

from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from coalition.urls import *  # noqa: F403
from coalition.urls import urlpatterns as portal_urlpatterns

TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="en"><head><title>Fortunes</title></head><body><table>'
    "<tr><th>id</th><th>message</th></tr>"
    "{% for id, message in fortunes %}<tr><td>{{ id }}</td><td>{{ message }}</td></tr>"
    "{% endfor %}</table></body></html>"
)


def fortunes(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, message FROM bench_fortune WHERE id BETWEEN 1 AND 12")
        rows = list(cursor.fetchall())
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda row: row[1])
    return HttpResponse(TEMPLATE.render({"fortunes": rows}, request))


urlpatterns = [path("bench/fortunes/", fortunes), *portal_urlpatterns]
