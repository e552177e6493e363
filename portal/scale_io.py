"""Fast inserts for `load_scale`: rows as dicts of column values, written with PostgreSQL's COPY
(through psycopg2's copy_expert) or, on other databases, one executemany per batch.

Neither path builds model instances or sends signals, so the loader sets every value itself
(`created_at` included: `auto_now_add` would stamp every row with the time of the load) and bumps
the versions of what it changed at the end. A column the loader does not name takes the model
field's default, so a column added later (a counter, a flag) gets its default, not an error.
"""

import datetime as dt
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 20_000
_NOT_GIVEN = object()


def next_id(model) -> int:
    """The first primary key free after every row there is: the loader gives its rows their
    ids, so that rows can point at each other before any is written."""
    last = model.objects.aggregate(last=models.Max("pk"))["last"]
    return (last or 0) + 1


def _defaults(model, given: Iterable[str]):
    """(attname, column, default) for every concrete column the rows do not give."""
    now = timezone.now()
    missing = []
    for field in model._meta.concrete_fields:
        if field.attname in given:
            continue
        if field.primary_key:
            continue  # the sequence gives it
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing.append((field, now))
        elif field.has_default():
            missing.append((field, _NOT_GIVEN if callable(field.default) else field.default))
        elif field.null:
            missing.append((field, None))
        elif field.empty_strings_allowed:
            missing.append((field, ""))
        else:
            raise ValueError(
                f"load_scale gives no value for {model._meta.label}.{field.name}, "
                "which has no default: add it to portal/scale.py."
            )
    return missing


def insert(model, rows: list[dict]) -> int:
    """Write `rows` (dicts of attname to value, all with the same keys) to `model`'s table."""
    if not rows:
        return 0
    given = list(rows[0])
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in given]
    missing = _defaults(model, given)
    # A unique column that may be NULL (a name's Spanish, `name_es`) leaves a missing text NULL:
    # two empty strings would collide.
    blank_is_null = [i for i, field in enumerate(fields) if field.unique and field.null]
    fields += [field for field, _value in missing]
    for start in range(0, len(rows), BATCH):
        values = []
        for row in rows[start : start + BATCH]:
            line = [row[name] for name in given]
            for index in blank_is_null:
                if line[index] == "":
                    line[index] = None
            for field, value in missing:
                line.append(field.get_default() if value is _NOT_GIVEN else value)
            values.append(line)
        if connection.vendor == "postgresql":
            _copy(model._meta.db_table, fields, values)
        else:
            _executemany(model._meta.db_table, fields, values)
    return len(rows)


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    elif isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = format(value, "f")
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t")
        text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy(table, fields, values):
    buffer = io.StringIO()
    for line in values:
        buffer.write("\t".join(_copy_text(value) for value in line))
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        # psycopg2's own cursor, under Django's wrapper: COPY streams the buffer in one go.
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buffer
        )


def _executemany(table, fields, values):
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names are the models' own, quoted; every value is a parameter.
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({marks})"  # nosec B608
    prepared = []
    for line in values:
        pairs = zip(fields, line, strict=True)
        prepared.append([field.get_db_prep_save(value, connection) for field, value in pairs])
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def reset_sequences(models_written) -> None:
    """Point each table's id sequence past the ids the loader gave (PostgreSQL; SQLite follows
    the largest id by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze(models_written) -> None:
    """Fresh planner statistics, as autovacuum would keep them on a live database."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_written:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
