"""The SQL queries of each page `make bench` measures, counted in-process with Django's test
client (`CaptureQueriesContext`) on the bench database, under the bench's settings.

Run by tests/perf/bench_http.py as `python -m tests.perf.bench_queries PAGES_JSON`, where
PAGES_JSON is a list of {"name", "path", "as"} ("as": "", or the email of a demo account to
sign in as). Prints one JSON object, {name: queries}. Every page gets a query string of its
own, so the count is of a page rendered, not one served from the cache.
"""

import json
import sys


def main(pages):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from coalition.models import User

    setup_test_environment()  # the test client's response.context, templates recorded
    counts = {}
    for page in pages:
        client = Client(secure=True, headers={"x-forwarded-proto": "https"})
        path = page["path"]
        if page["as"]:
            client.force_login(User.objects.get(email=page["as"]))
        path += ("&" if "?" in path else "?") + "bench=queries"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[page["name"]] = (
            len(queries.captured_queries) if response.status_code == 200 else None
        )
    print(json.dumps(counts))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
