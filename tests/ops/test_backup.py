"""Backups: a pg_dump of a database with the demo loaded restores into a fresh database with the
same rows, table by table (the commands docs/deploy.md gives)."""

import os
import shutil
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from tests.ops.helpers import needs_postgres_and_redis

pytestmark = [pytest.mark.process, needs_postgres_and_redis]


def _pg(command, *args, database=None, check=True):
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"], "PGPORT": str(db["PORT"]), "PGUSER": db["USER"]}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    argv = [command, *args] + (["--dbname", database] if database else [])
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=check)


def _row_counts(database) -> dict[str, int]:
    tables = _pg(
        "psql",
        "-tAc",
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        database=database,
    ).stdout.split()
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    output = _pg("psql", "-tA", "-F", " ", "-c", query, database=database).stdout
    return {name: int(count) for name, count in (line.split() for line in output.splitlines())}


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump, pg_restore and psql")
@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_demo_restores_with_the_same_rows_in_every_table(settings, tmp_path):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", verbosity=0)
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "coalition.dump"

    _pg("pg_dump", "--format", "custom", "--no-owner", "--file", str(dump), database=source)
    _pg("createdb", restored)
    try:
        _pg("pg_restore", "--no-owner", "--exit-on-error", str(dump), database=restored)
        before, after = _row_counts(source), _row_counts(restored)
    finally:
        _pg("dropdb", "--if-exists", restored)

    assert after == before
    # The demo is in it: people, organizations, events and their registrations.
    for table in ("coalition_user", "partners_organization", "events_event", "events_registration"):
        assert before[table] > 0, table
