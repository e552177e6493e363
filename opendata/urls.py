"""/api/v1/ (the tables as JSON and CSV, the schema) and /open-data/ (the page that explains
them), one pair of addresses per table of opendata.tables."""

from django.urls import path

from opendata import api, views
from opendata.tables import TABLES

app_name = "opendata"


def _table_patterns():
    for table in TABLES.values():
        as_json, as_csv = api.table_views(table)
        yield path(f"api/v1/{table.name}/", as_json, name=table.name)
        yield path(f"api/v1/{table.name}.csv", as_csv, name=f"{table.name}_csv")


urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("api/v1/", api.root, name="root"),
    path("api/v1/schema/", api.schema, name="schema"),
    *_table_patterns(),
]
